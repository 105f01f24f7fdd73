// The batch model: files grouped into batches, their totals, their state in
// one word, and the order and filter of their rows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ChunkState, type FileProgress, type FileStatus } from '../../shared/transfer.js';
import {
  batchPercent,
  batchPhase,
  groupBatches,
  nameFilter,
  orderRows,
  secondsLeft,
  splitName,
  topFolder,
  totalsOf,
} from '../../renderer/store/batchModel.js';
import { RateBook } from '../../shared/format.js';
import { applyProgress, clearBatches, noFiles, Rates, sessionTotals } from '../../renderer/store/files.js';

function file(id: string, patch: Partial<FileProgress> = {}): FileProgress {
  return {
    id,
    direction: 'send',
    name: `${id}.bin`,
    size: 100,
    bytes: 0,
    status: 'queued',
    chunkMap: { chunkSize: 100, chunks: 1, runs: [0, 1, ChunkState.Pending] },
    retries: 0,
    peer: 'tcp://127.0.0.1:5670',
    batch: 'b1',
    startedAt: 1_000,
    updatedAt: 1_000,
    ...patch,
  };
}

test('files group into batches by direction and batch id, in the order first seen', () => {
  const groups = groupBatches([
    file('a'),
    file('r', { direction: 'receive', batch: 'b1', peer: 'c0ffee' }),
    file('b', { batch: 'b2' }),
    file('c'),
    file('a', { status: 'done' }),
  ]);
  assert.deepEqual(
    groups.map((g) => [g.key, g.ids]),
    [
      ['send:b1', ['a', 'c']],
      ['receive:b1', ['r']],
      ['send:b2', ['b']],
    ],
  );
  assert.equal(groups[1]!.peer, 'c0ffee');
});

test('totals count each state, bytes, known sizes and failures by code', () => {
  const totals = totalsOf([
    file('a', { status: 'done', bytes: 100 }),
    file('b', { status: 'active', bytes: 40 }),
    file('c', { status: 'failed', error: { code: 'busy', text: 'busy: "c.bin"' } }),
    file('d', { status: 'failed', error: { code: 'busy', text: 'busy: "d.bin"' } }),
    file('e', { status: 'cancelled', error: { code: 'cancelled', text: 'cancelled' } }),
    file('f', { direction: 'receive', size: null, bytes: 7, status: 'active' }),
  ]);
  assert.deepEqual(totals, { files: 6, queued: 0, moving: 2, done: 1, failed: 2, cancelled: 1, bytes: 147, size: 500, unknownSizes: 1, failures: { busy: 2 } });
});

test('a batch is connecting until the receiver first answers, then moving, then its outcome', () => {
  const t = (...files: FileProgress[]) => totalsOf(files);
  assert.equal(batchPhase(t(file('a', { status: 'active' }), file('b')), 'send'), 'connecting');
  assert.equal(batchPhase(t(file('a', { status: 'active', bytes: 1 })), 'send'), 'moving');
  assert.equal(batchPhase(t(file('a', { status: 'done', bytes: 100 }), file('b', { status: 'active' })), 'send'), 'moving');
  // A receiver only hears of a file once its sender spoke.
  assert.equal(batchPhase(t(file('a', { direction: 'receive', status: 'active', size: null })), 'receive'), 'moving');
  assert.equal(batchPhase(t(file('a', { status: 'done' })), 'send'), 'done');
  assert.equal(batchPhase(t(file('a', { status: 'done' }), file('b', { status: 'failed' })), 'send'), 'partial');
  assert.equal(batchPhase(t(file('a', { status: 'failed' }), file('b', { status: 'cancelled' })), 'send'), 'failed');
  assert.equal(batchPhase(t(file('a', { status: 'cancelled' })), 'send'), 'cancelled');
});

test('percent and time left come from the batch’s bytes, and are unknown while a size is', () => {
  const moving = totalsOf([file('a', { status: 'active', bytes: 50 }), file('b', { bytes: 0 })]);
  assert.equal(batchPercent(moving, 'moving'), 25);
  assert.equal(secondsLeft(moving, 50), 3);
  assert.equal(secondsLeft(moving, 0), null);
  const unknown = totalsOf([file('a', { direction: 'receive', status: 'active', size: null, bytes: 5 })]);
  assert.equal(batchPercent(unknown, 'moving'), null);
  assert.equal(secondsLeft(unknown, 10), null);
  const gaveUp = totalsOf([file('a', { direction: 'receive', status: 'failed', size: null, bytes: 5 })]);
  assert.equal(batchPercent(gaveUp, 'failed'), 0, 'ended: an empty bar, not "size unknown"');
  assert.equal(batchPercent(totalsOf([file('a', { status: 'done', size: 0 })]), 'done'), 100);
});

test('rows: in transit first (largest first), then queued, failed, cancelled, done, each in arrival order; the filter keeps matching paths', () => {
  const files = new Map(
    [
      file('d1', { status: 'done' }),
      file('q1'),
      file('a1', { status: 'active' }),
      file('f1', { status: 'failed' }),
      file('c1', { status: 'cancelled' }),
      file('a2', { status: 'closing', name: 'photos/2024/big.mov' }),
      file('d2', { status: 'done', name: 'photos/small.jpg' }),
    ].map((f) => [f.id, f]),
  );
  const ids = [...files.keys()];
  assert.deepEqual(orderRows(ids, (id) => files.get(id)), ['a1', 'a2', 'q1', 'f1', 'c1', 'd1', 'd2']);
  assert.deepEqual(orderRows(ids, (id) => files.get(id), nameFilter('PHOTOS')), ['a2', 'd2']);
  assert.deepEqual(orderRows(ids, (id) => files.get(id), nameFilter('photos big')), ['a2']);
  assert.deepEqual(orderRows([...ids, 'gone'], (id) => files.get(id)).length, 7);
  // Among files in transit the largest leads, by its size or, receiving, by what arrived so far.
  const moving = new Map(
    [
      file('s1', { status: 'active', size: 2_000, bytes: 100 }),
      file('big', { status: 'active', size: 200_000_000, bytes: 5 }),
      file('s2', { status: 'closing', size: 1_000, bytes: 1_000 }),
      file('r1', { status: 'active', direction: 'receive', size: undefined, bytes: 4_000 }),
    ].map((f) => [f.id, f]),
  );
  assert.deepEqual(orderRows([...moving.keys()], (id) => moving.get(id)), ['big', 'r1', 's1', 's2']);
});

test('a name splits into its base and its folder; a batch’s top folder is its path less its relative name', () => {
  assert.deepEqual(splitName('a.txt'), ['a.txt', '']);
  assert.deepEqual(splitName('photos/2024/a.jpg'), ['a.jpg', 'photos/2024']);
  assert.equal(topFolder(file('x', { name: 'photos/2024/a.jpg', path: '/home/p/photos/2024/a.jpg' })), '/home/p');
  assert.equal(topFolder(file('x', { name: 'a.jpg', path: 'C:\\Users\\p\\a.jpg' })), 'C:\\Users\\p');
  assert.equal(topFolder(file('x', { direction: 'receive', name: 'a.txt', storedAs: 'a (1).txt', path: '/in/a (1).txt' })), '/in');
  assert.equal(topFolder(file('x', {})), null);
});

const STATUSES: FileStatus[] = ['queued', 'active', 'closing', 'done', 'failed', 'cancelled'];

test('the store’s batch totals, kept up file by file, equal totals from scratch, whatever the order of snapshots', () => {
  const snapshot = fc.record({
    id: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
    batch: fc.constantFrom('b1', 'b2'),
    status: fc.constantFrom(...STATUSES),
    bytes: fc.nat(100),
    updatedAt: fc.nat(50),
  });
  fc.assert(
    fc.property(fc.array(fc.array(snapshot, { maxLength: 6 }), { maxLength: 12 }), (events) => {
      let state = noFiles();
      const rates = new Rates(new RateBook());
      // A file's batch is fixed: the first snapshot of an id names it.
      const batchOf = new Map<string, string>();
      for (const event of events) {
        const files = event.map((s) => {
          if (!batchOf.has(s.id)) batchOf.set(s.id, s.batch);
          return file(s.id, { ...s, batch: batchOf.get(s.id)!, error: s.status === 'failed' ? { code: 'io', text: 'io' } : undefined });
        });
        state = applyProgress(state, files, rates);
      }
      for (const batch of state.batches.values()) {
        const latest = batch.ids.map((id) => state.files.get(id)!.file);
        assert.deepEqual(batch.totals, totalsOf(latest));
        assert.equal(new Set(batch.ids).size, batch.ids.length, 'each file once');
      }
    }),
  );
});

test('Clear finished forgets finished batches, and a reconnect’s list does not bring them back; batches in transit stay', () => {
  const rates = new Rates(new RateBook());
  let state = applyProgress(noFiles(), [file('a', { status: 'done' }), file('b', { batch: 'b2', status: 'active' })], rates);
  state = clearBatches(state, () => true);
  assert.deepEqual([...state.batches.keys()], ['send:b2']);
  assert.equal(state.files.has('a'), false);
  state = applyProgress(state, [file('a', { status: 'done', updatedAt: 2_000 })], rates);
  assert.deepEqual(state.batchKeys.send, ['send:b2']);
  assert.equal(sessionTotals(state, 'send').files, 1);
});

test('a batch’s speed follows its bytes, and is 0 once it ended', () => {
  const rates = new Rates(new RateBook());
  let state = applyProgress(noFiles(), [file('a', { status: 'active', bytes: 0, updatedAt: 1_000 }), file('b', { status: 'active', bytes: 0, updatedAt: 1_000 })], rates);
  state = applyProgress(state, [file('a', { status: 'active', bytes: 30, updatedAt: 2_000 }), file('b', { status: 'active', bytes: 20, updatedAt: 2_000 })], rates);
  assert.equal(state.batches.get('send:b1')!.rate, 50);
  state = applyProgress(state, [file('a', { status: 'done', bytes: 100, updatedAt: 3_000 }), file('b', { status: 'done', bytes: 100, updatedAt: 3_000 })], rates);
  assert.equal(state.batches.get('send:b1')!.rate, 0);
});
