// A real receiver on an ephemeral loopback port, stopped when the test ends.
import { after } from 'node:test';
import type { ReceiverLimits } from '../../shared/protocol.js';
import { Receiver } from '../../electron/engine/receiver/receiver.js';
import { tempDir } from './tmp.js';

const running: Receiver[] = [];
after(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

export async function startReceiver(limits: Partial<ReceiverLimits> = {}, dir?: string): Promise<{ receiver: Receiver; endpoint: string; dir: string }> {
  const folder = dir ?? (await tempDir('zd-recv'));
  const receiver = new Receiver({ dir: folder, bind: ['tcp://127.0.0.1:0'], limits });
  await receiver.start();
  running.push(receiver);
  return { receiver, endpoint: receiver.boundEndpoints[0]!, dir: receiver.root! };
}
