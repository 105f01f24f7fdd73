// Batches (electron/host/batches.ts) and what a notification says of them
// (notifications.ts), from made-up progress events, on mocked timers.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { ChunkState, type FileProgress } from '../../shared/transfer.js';
import { BATCH_QUIET_MS, BatchWatcher, emptyBatch, type Batch } from '../../electron/host/batches.js';
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
    (batches as Batch[]).map(({ direction, peer, files, done, failed, cancelled, names }) => ({ direction, peer, files, done, failed, cancelled, names })),
    [{ direction: 'send', peer: TO, files: 3, done: 3, failed: 0, cancelled: 0, names: ['a.bin', 'b.bin', 'c.bin'] }],
  );
});

test('files the engine names with different batch ids are batched apart, even to one peer at once', (t) => {
  const { watcher, batches, quiet } = watch(t);
  watcher.update([file('a', 'done', { batch: 'one' }), file('b', 'done', { batch: 'two' }), file('c', 'done', { batch: 'one' })]);
  quiet();
  assert.deepEqual(
    batches.map((b) => b.names),
    [['a.bin', 'c.bin'], ['b.bin']],
  );
});

test('flush ends every batch at once, files still in transit included as they are', (t) => {
  const { watcher, batches } = watch(t);
  watcher.update([file('a', 'done'), file('b', 'active'), file('r', 'done', { direction: 'receive', peer: 'c0ffee' })]);
  watcher.flush();
  assert.deepEqual(
    batches.map((b) => [b.direction, b.files, b.done, b.names]),
    [
      ['send', 2, 1, ['a.bin', 'b.bin']],
      ['receive', 1, 1, ['r.bin']],
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
      ['receive', 'c0ffee', 1, 0, 0],
      ['send', 'tcp://other:5670', 0, 0, 1],
      ['send', TO, 1, 0, 0],
    ],
  );
});

test('what a notification says: sent, received, failed, names made safe and few', () => {
  const batch = (patch: Partial<Batch>): Batch => ({ ...emptyBatch('send', TO), ...patch });
  assert.deepEqual(batchMessage(batch({ done: 1, doneNames: ['a.txt'] })), { title: 'Sent 1 file', body: `a.txt to ${TO}` });
  assert.deepEqual(batchMessage(batch({ direction: 'receive', peer: 'c0ffee', done: 4, doneNames: ['a', 'b', 'c'] })), { title: 'Received 4 files', body: 'a, b and 2 more' });
  assert.deepEqual(batchMessage(batch({ done: 1, doneNames: ['a'], failed: 1, failedNames: ['b'] })), { title: '1 of 2 files not sent', body: `Failed to ${TO}: b` });
  assert.deepEqual(batchMessage(batch({ direction: 'receive', failed: 1, failedNames: ['report\u202Efdp.exe'] })), {
    title: '1 file did not arrive',
    body: 'Failed: report\\u{202e}fdp.exe',
  });
  assert.equal(batchMessage(batch({ cancelled: 3 })), null, 'the person cancelled them');
  assert.deepEqual(batchMessage(batch({ failed: 2, declined: 2, failedNames: ['a', 'b'] })), {
    title: '2 files not accepted',
    body: `The receiving person at ${TO} did not accept them: a, b`,
  });
  assert.deepEqual(batchMessage(batch({ direction: 'receive', done: 12_000, doneNames: ['f0', 'f1', 'f2'] })), { title: 'Received 12,000 files', body: 'f0, f1 and 11,998 more' });
});

test('a received batch that never ends keeps few of its files one by one, and still adds them all up', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const batches: Batch[] = [];
  const watcher = new BatchWatcher((batch) => batches.push(batch), BATCH_QUIET_MS, 100);
  const from = (id: string, status: FileProgress['status'], bytes = 1) => file(id, status, { direction: 'receive', peer: 'c0ffee', batch: 'p1', bytes });
  // A peer keeps one file in transit and fails thousands beside it.
  watcher.update([from('held', 'active', 0)]);
  for (let i = 0; i < 3_000; i++) watcher.update([from(`f${i}`, 'failed')]);
  assert.ok(watcher.filesHeld <= 101, `${watcher.filesHeld} files kept`);
  watcher.update([from('held', 'done', 5)]);
  t.mock.timers.tick(BATCH_QUIET_MS);
  assert.deepEqual(
    batches.map(({ files, done, failed, bytes, names }) => ({ files, done, failed, bytes, names })),
    [{ files: 3_001, done: 1, failed: 3_000, bytes: 3_005, names: ['f0.bin', 'f1.bin', 'f2.bin'] }],
  );
});
