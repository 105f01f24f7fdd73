// Batches (electron/host/batches.ts) and what a notification says of them
// (notifications.ts), from made-up progress events, on mocked timers.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { ChunkState, type FileProgress } from '../../shared/transfer.js';
import { BATCH_QUIET_MS, BatchWatcher, type Batch } from '../../electron/host/batches.js';
import { batchMessage } from '../../electron/main/notifications.js';

const TO = 'tcp://192.168.1.20:5670';

function file(id: string, status: FileProgress['status'], patch: Partial<FileProgress> = {}): FileProgress {
  return {
    id,
    direction: 'send',
    name: `${id}.bin`,
    size: 10,
    bytes: 0,
    status,
    chunkMap: { chunkSize: 10, chunks: 1, runs: [0, 1, ChunkState.Pending] },
    retries: 0,
    peer: TO,
    batch: 'b1',
    startedAt: 0,
    updatedAt: 0,
    ...patch,
  };
}

function watch(t: TestContext) {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const batches: Batch[] = [];
  return { watcher: new BatchWatcher((batch) => batches.push(batch)), batches, quiet: () => t.mock.timers.tick(BATCH_QUIET_MS) };
}

test('the files of one peer in transit together are one batch, once none is and a moment has passed', (t) => {
  const { watcher, batches, quiet } = watch(t);
  watcher.update([file('a', 'queued'), file('b', 'queued')]);
  watcher.update([file('a', 'done'), file('b', 'active')]);
  quiet();
  assert.deepEqual(batches, [], 'b is still in transit');
  watcher.update([file('b', 'done')]);
  t.mock.timers.tick(BATCH_QUIET_MS - 1);
  // A file that starts and ends within one progress interval joins the batch.
  watcher.update([file('c', 'done')]);
  t.mock.timers.tick(BATCH_QUIET_MS - 1);
  assert.deepEqual(batches, []);
  t.mock.timers.tick(1);
  assert.deepEqual(
    // deepEqual above narrowed the list's type to what it compared it with.
    (batches as Batch[]).map(({ files, ...rest }) => ({ ...rest, files: files.map((f) => `${f.id}:${f.status}`) })),
    [{ direction: 'send', peer: TO, done: ['a.bin', 'b.bin', 'c.bin'], failed: [], cancelled: 0, files: ['a:done', 'b:done', 'c:done'] }],
  );
});

test('files the engine names with different batch ids are batched apart, even to one peer at once', (t) => {
  const { watcher, batches, quiet } = watch(t);
  watcher.update([file('a', 'done', { batch: 'one' }), file('b', 'done', { batch: 'two' }), file('c', 'done', { batch: 'one' })]);
  quiet();
  assert.deepEqual(
    batches.map((b) => b.files.map((f) => f.id)),
    [['a', 'c'], ['b']],
  );
});

test('flush ends every batch at once, files still in transit included as they are', (t) => {
  const { watcher, batches } = watch(t);
  watcher.update([file('a', 'done'), file('b', 'active'), file('r', 'done', { direction: 'receive', peer: 'c0ffee' })]);
  watcher.flush();
  assert.deepEqual(
    batches.map((b) => [b.direction, b.files.map((f) => `${f.id}:${f.status}`)]),
    [
      ['send', ['a:done', 'b:active']],
      ['receive', ['r:done']],
    ],
  );
  t.mock.timers.tick(BATCH_QUIET_MS);
  assert.equal(batches.length, 2, 'a flushed batch does not end a second time');
});

test('peers and directions are batched apart; a file retried counts by its last outcome', (t) => {
  const { watcher, batches, quiet } = watch(t);
  watcher.update([file('a', 'failed'), file('r', 'done', { direction: 'receive', peer: 'c0ffee' }), file('x', 'cancelled', { peer: 'tcp://other:5670' })]);
  watcher.update([file('a', 'active')]);
  watcher.update([file('a', 'done')]);
  quiet();
  assert.deepEqual(
    batches.map(({ direction, peer, done, failed, cancelled }) => [direction, peer, done, failed, cancelled]),
    [
      ['receive', 'c0ffee', ['r.bin'], [], 0],
      ['send', 'tcp://other:5670', [], [], 1],
      ['send', TO, ['a.bin'], [], 0],
    ],
  );
});

test('what a notification says: sent, received, failed, names made safe and few', () => {
  const batch = (patch: Partial<Batch>): Batch => ({ direction: 'send', peer: TO, done: [], failed: [], cancelled: 0, files: [], ...patch });
  assert.deepEqual(batchMessage(batch({ done: ['a.txt'] })), { title: 'Sent 1 file', body: `a.txt to ${TO}` });
  assert.deepEqual(batchMessage(batch({ direction: 'receive', peer: 'c0ffee', done: ['a', 'b', 'c', 'd'] })), { title: 'Received 4 files', body: 'a, b and 2 more' });
  assert.deepEqual(batchMessage(batch({ done: ['a'], failed: ['b'] })), { title: '1 of 2 files not sent', body: `Failed to ${TO}: b` });
  assert.deepEqual(batchMessage(batch({ direction: 'receive', failed: ['report\u202Efdp.exe'] })), {
    title: '1 file did not arrive',
    body: 'Failed: report\\u{202e}fdp.exe',
  });
  assert.equal(batchMessage(batch({ cancelled: 3 })), null, 'the person cancelled them');
  const declined = (name: string) => ({ name, status: 'failed', error: { code: 'declined', text: 'declined' } }) as FileProgress;
  assert.deepEqual(batchMessage(batch({ failed: ['a', 'b'], files: [declined('a'), declined('b')] })), {
    title: '2 files not accepted',
    body: `The receiving person at ${TO} did not accept them: a, b`,
  });
  const many = Array.from({ length: 12_000 }, (_, i) => `f${i}`);
  assert.deepEqual(batchMessage(batch({ direction: 'receive', done: many })), { title: 'Received 12,000 files', body: 'f0, f1 and 11,998 more' });
});
