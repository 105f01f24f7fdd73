// A source file that changes while it is sent is reported failed and leaves
// nothing on the receiver; one that changed before it was opened is sent as
// it then is. Real sender and receiver actors, real files; a gate between
// them holds a chunk's reply while the test changes the file, so the change
// falls inside the transfer whatever the machine's speed.
import assert from 'node:assert/strict';
import { appendFile, open, truncate, utimes, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, test } from 'node:test';
import { receiver, sender } from '../support/actors.js';
import { listFiles, randomFile, sha256File } from '../support/files.js';
import { ReplyGate } from '../support/replyGate.js';
import { commandOf } from '../support/scriptedReceiver.js';
import { tempDir } from '../support/tmp.js';

const CHUNK = 64 * 1024;
/** Eight chunks, one in transit at a time: the first one's reply is held. */
const SIZE = 8 * CHUNK;
const OPTIONS = { chunkBytes: CHUNK, window: 1, replyTimeoutMs: 120_000 };

const isChunkOf = (name: string) => (request: Buffer[]) => commandOf(request)[0] === 'CHUNK' && commandOf(request)[1] === name;

/**
 * Sends `name` (SIZE random bytes) through a gate; `change` runs while its
 * first chunk is held. Resolves once the sender is idle: every CLOSE answered.
 */
async function sendChangedFile(name: string, change: (file: string) => Promise<void>) {
  const { endpoint, dir } = await receiver();
  const gate = await ReplyGate.start(endpoint);
  const file = await randomFile(path.join(await tempDir('zd-src'), name), SIZE);
  const { actor, files } = sender();
  const held = gate.holdAt(isChunkOf(name));
  const { fileIds } = await actor.send(gate.endpoint, [file], OPTIONS);
  await held;
  await change(file);
  gate.open();
  await actor.idle();
  return { progress: files.get(fileIds[0]!)!, dir, gate, file };
}

describe('a source file that changes while it is sent', () => {
  test('one that grows is reported failed, and the receiver keeps nothing of it', async () => {
    const { progress, dir, gate } = await sendChangedFile('grows.log', (file) => appendFile(file, 'one more line\n'));
    assert.equal(progress.status, 'failed');
    assert.equal(progress.error?.code, 'changed');
    assert.match(progress.error!.text, /^changed while being sent: its size went from 524288 to 524302 bytes/);
    assert.deepEqual(await listFiles(dir), [], 'neither a final nor a temporary file');
    // The deliberate abort: a CLOSE one byte past the end, which the receiver must refuse.
    const last = gate.requests.at(-1)!;
    assert.deepEqual([...commandOf(last), last[2]!.toString()], ['CLOSE', 'grows.log', String(SIZE + 1)]);
  });

  test('one that is truncated is reported failed, and the receiver keeps nothing of it', async () => {
    const { progress, dir } = await sendChangedFile('shrinks.bin', (file) => truncate(file, CHUNK + 100));
    assert.equal(progress.status, 'failed');
    assert.equal(progress.error?.code, 'changed');
    assert.match(progress.error!.text, /^changed while being sent: its size went from 524288 to 65636 bytes/);
    assert.deepEqual(await listFiles(dir), []);
  });

  test('one rewritten in place with the same size and a new modification time is reported failed', async () => {
    const { progress, dir, file } = await sendChangedFile('rewritten.bin', async (file) => {
      const before = await stat(file);
      const handle = await open(file, 'r+');
      await handle.write(randomBytes(SIZE), 0, SIZE, 0);
      await handle.close();
      await utimes(file, before.atime, new Date(before.mtimeMs + 60_000));
    });
    assert.equal((await stat(file)).size, SIZE);
    assert.equal(progress.status, 'failed');
    assert.equal(progress.error?.code, 'changed');
    assert.match(progress.error!.text, /^changed while being sent: it was modified/);
    assert.deepEqual(await listFiles(dir), []);
  });

  test('one that does not change arrives whole through the same gate', async () => {
    const { progress, dir, file } = await sendChangedFile('steady.bin', async () => undefined);
    assert.equal(progress.status, 'done', progress.error?.text);
    assert.deepEqual(await listFiles(dir), ['steady.bin']);
    assert.equal(await sha256File(path.join(dir, 'steady.bin')), await sha256File(file));
  });

  test('one that changed after it was chosen and before it was opened is sent as it then is', async () => {
    const { endpoint, dir } = await receiver();
    const gate = await ReplyGate.start(endpoint);
    const src = await tempDir('zd-src');
    const first = await randomFile(path.join(src, 'first.bin'), SIZE);
    const later = await randomFile(path.join(src, 'later.bin'), 3 * CHUNK);
    const { actor, files } = sender();
    const held = gate.holdAt(isChunkOf('first.bin'));
    // One file at a time: later.bin is opened only once first.bin has ended.
    const { fileIds } = await actor.send(gate.endpoint, [first, later], { ...OPTIONS, files: 1 });
    await held;
    await appendFile(later, randomBytes(CHUNK + 1));
    gate.open();
    await actor.idle();
    const [one, two] = fileIds.map((id) => files.get(id)!);
    assert.equal(one!.status, 'done', one!.error?.text);
    assert.equal(two!.status, 'done', two!.error?.text);
    assert.equal(two!.size, 4 * CHUNK + 1);
    assert.deepEqual(two!.chunkMap.runs, [0, 5, 2], 'five chunks, all done');
    assert.equal(await sha256File(path.join(dir, 'later.bin')), await sha256File(later));
  });
});
