// Receivers that die (SIGKILL): real processes, real sockets, real files.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { listFiles } from '../support/files.js';
import { chunk, codeOf, RawPeer } from '../support/rawPeer.js';
import { startReceiver } from '../support/receiver.js';
import { processState, receiverProcess, type ReceiverProcess } from '../support/receiverProcess.js';
import { tempDir } from '../support/tmp.js';
import { until } from '../support/wait.js';

/** Opens `name` on `endpoint` and sends its first bytes: a temporary file now stands in the folder. */
async function startTransfer(endpoint: string, name: string, data: Buffer): Promise<RawPeer> {
  const peer = new RawPeer(endpoint);
  assert.deepEqual((await peer.pipeline([['HELLO', name], chunk(name, 0, data)])).map(codeOf), ['READY', 'READY']);
  return peer;
}

const temps = async (dir: string) => (await listFiles(dir)).filter((f) => /(^|\/)\.zerodrop-[0-9a-f]{12}[0-9a-z]+\.part$/.test(f));

/** A receiver in its own process with a transfer half done, then SIGKILLed: its temporary file stays. */
async function killedMidTransfer(dir: string, name: string, options = {}): Promise<{ dead: ReceiverProcess; leftover: string }> {
  const dead = await receiverProcess(dir, options);
  await startTransfer(dead.endpoint, name, Buffer.from('half of it'));
  const [leftover] = await temps(dir);
  assert.ok(leftover, 'the transfer made a temporary file');
  process.kill(dead.pid, 'SIGKILL');
  // Dead (its sockets closed by the system) once gone or a zombie.
  await until(async () => [null, 'Z'].includes(await processState(dead.pid)), 'the killed receiver to be dead');
  return { dead, leftover };
}

describe('a dead receiver never blocks its restart (issue 7, item 14)', () => {
  test('killed under a supervisor that does not reap it (a zombie): a new receiver starts and removes its leftovers', async () => {
    const dir = await tempDir('zd-zombie');
    const { dead, leftover } = await killedMidTransfer(dir, 'sub/big.bin', { unreaped: true });
    await until(async () => (await processState(dead.pid)) === 'Z', 'the killed receiver to be a zombie');
    const { receiver } = await startReceiver({}, dir);
    await until(async () => !existsSync(path.join(dir, leftover)), 'the zombie\'s temporary file to be removed');
    assert.equal(await processState(dead.pid), 'Z', 'still a zombie (its process id still exists) while the new receiver runs');
    await receiver.stop();
    dead.spawned.kill('SIGKILL');
  });
});
