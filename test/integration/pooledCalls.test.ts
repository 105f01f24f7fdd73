// The engine's file calls as they run on a slow file system: every one on
// the thread pool (ZERODROP_FILE_CALLS=pool, which the actors' threads inherit).
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { createReceiverActor } from '../../electron/engine/actors/receiverActor.js';
import { createSenderActor } from '../../electron/engine/actors/senderActor.js';
import type { FileProgress } from '../../shared/transfer.js';
import { listFiles, randomFile, sha256File } from '../support/files.js';
import { tempDir } from '../support/tmp.js';
import { until } from '../support/wait.js';

process.env.ZERODROP_FILE_CALLS = 'pool';
const receiver = createReceiverActor();
const sender = createSenderActor();
after(async () => {
  await Promise.all([receiver.close(), sender.close()]);
});

test('with every file call on the pool, files and folders arrive whole, a taken name is numbered, no temporary file stays', async () => {
  const src = await tempDir('zd-src');
  await randomFile(path.join(src, 'one.bin'), 3_000_001);
  await randomFile(path.join(src, 'tree/a/two.bin'), 70_000);
  const received = new Map<string, FileProgress>();
  receiver.onProgress((files) => files.forEach((f) => received.set(f.id, f)));
  const status = await receiver.start({ dir: await tempDir('zd-recv'), bind: ['tcp://127.0.0.1:0'] });
  const dir = status.dir!;
  const sent = new Map<string, FileProgress>();
  sender.onProgress((files) => files.forEach((f) => sent.set(f.id, f)));
  const first = await sender.send(status.endpoints[0]!, [path.join(src, 'one.bin'), path.join(src, 'tree')], { chunkBytes: 256 * 1024 });
  await sender.idle();
  const again = await sender.send(status.endpoints[0]!, [path.join(src, 'one.bin')]);
  await sender.idle();
  assert.deepEqual([...first.fileIds, ...again.fileIds].map((id) => sent.get(id)!.status), ['done', 'done', 'done']);
  await until(() => [...received.values()].filter((f) => f.status === 'done').length === 3, 'the receiver to report three files');
  assert.deepEqual([...received.values()].map((f) => f.storedAs).sort(), ['one (1).bin', 'one.bin', 'tree/a/two.bin']);
  for (const [stored, original] of [['one.bin', 'one.bin'], ['one (1).bin', 'one.bin'], ['tree/a/two.bin', 'tree/a/two.bin']] as const) {
    assert.equal(await sha256File(path.join(dir, stored)), await sha256File(path.join(src, original)), stored);
  }
  assert.deepEqual((await listFiles(dir)).sort(), ['one (1).bin', 'one.bin', 'tree/a/two.bin']);
});
