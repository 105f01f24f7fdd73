// The store turns the host's events into state that re-renders as little as
// possible: a row's entry changes only when its file does, a batch's only
// when one of its files does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChunkState, MAX_KEPT_FILES, type FileProgress } from '../../shared/transfer.js';
import { createAppStore } from '../../renderer/store/appStore.js';
import { sessionTotals } from '../../renderer/store/files.js';

const MiB = 1024 * 1024;

function file(id: string, patch: Partial<FileProgress> = {}): FileProgress {
  return {
    id,
    direction: 'send',
    name: `${id}.bin`,
    size: 10 * MiB,
    bytes: 0,
    status: 'queued',
    chunkMap: { chunkSize: MiB, chunks: 10, runs: [0, 10, ChunkState.Pending] },
    retries: 0,
    peer: 'tcp://127.0.0.1:5670',
    batch: 'b1',
    startedAt: 1_000,
    updatedAt: 1_000,
    ...patch,
  };
}

test('new files join their batch in arrival order; batches are per direction', () => {
  const store = createAppStore();
  store.getState().progress([file('a'), file('b'), file('r', { direction: 'receive' })]);
  store.getState().progress([file('c')]);
  const { batches, batchKeys, files } = store.getState();
  assert.deepEqual(batchKeys, { send: ['send:b1'], receive: ['receive:b1'] });
  assert.deepEqual(batches.get('send:b1')?.ids, ['a', 'b', 'c']);
  assert.equal(files.get('b')?.file.name, 'b.bin');
});

test('an event replaces only the entries of the files it names, and only their batches', () => {
  const store = createAppStore();
  store.getState().progress([file('a'), file('b'), file('x', { batch: 'b2' })]);
  const before = store.getState();
  const [a, b, otherBatch] = [before.files.get('a'), before.files.get('b'), before.batches.get('send:b2')];
  store.getState().progress([file('b', { status: 'active', bytes: MiB, updatedAt: 1_100 })]);
  const after = store.getState();
  assert.equal(after.files.get('a'), a, 'an unchanged file keeps its entry object');
  assert.notEqual(after.files.get('b'), b);
  assert.equal(after.batches.get('send:b2'), otherBatch, 'an unchanged batch keeps its entry object');
  assert.equal(after.batches.get('send:b1')?.ids, before.batches.get('send:b1')?.ids, 'no new file: the id list stays the same object');
  assert.equal(after.batchKeys, before.batchKeys);
  assert.equal(after.files.get('b')?.file.bytes, MiB);
});

test('an older snapshot arriving late does not undo a newer one', () => {
  const store = createAppStore();
  store.getState().progress([file('a', { status: 'done', bytes: 10 * MiB, updatedAt: 5_000 })]);
  store.getState().progress([file('a', { status: 'active', bytes: MiB, updatedAt: 2_000 })]);
  assert.equal(store.getState().files.get('a')?.file.status, 'done');
  assert.equal(store.getState().batches.get('send:b1')?.totals.done, 1);
});

test('an empty event changes nothing', () => {
  const store = createAppStore();
  const before = store.getState();
  store.getState().progress([]);
  assert.equal(store.getState(), before);
});

test('speed follows the bytes of successive snapshots, and stops when the file does', () => {
  const store = createAppStore();
  store.getState().progress([file('a', { status: 'active', bytes: 0, updatedAt: 1_000 })]);
  store.getState().progress([file('a', { status: 'active', bytes: 2 * MiB, updatedAt: 2_000 })]);
  assert.equal(store.getState().files.get('a')?.rate, 2 * MiB);
  store.getState().progress([file('a', { status: 'done', bytes: 10 * MiB, updatedAt: 3_000 })]);
  assert.equal(store.getState().files.get('a')?.rate, 0);
});

test('session totals per direction', () => {
  const store = createAppStore();
  store.getState().progress([
    file('a', { status: 'done', bytes: 10 * MiB }),
    file('b', { status: 'failed', bytes: MiB, error: { code: 'busy', text: 'busy: "b.bin" is already being received' } }),
    file('c', { status: 'active', bytes: 3 * MiB, batch: 'b2' }),
    file('r', { direction: 'receive', status: 'active', bytes: 5, size: null }),
  ]);
  const send = sessionTotals(store.getState(), 'send');
  assert.deepEqual([send.files, send.moving, send.done, send.failed, send.bytes], [3, 1, 1, 1, 14 * MiB]);
  const receive = sessionTotals(store.getState(), 'receive');
  assert.deepEqual([receive.files, receive.moving, receive.bytes, receive.unknownSizes], [1, 1, 5, 1]);
});

test('a subscriber to one file hears of its changes only', () => {
  const store = createAppStore();
  store.getState().progress([file('a'), file('b')]);
  let changes = 0;
  let seen = store.getState().files.get('a');
  store.subscribe((state) => {
    if (state.files.get('a') !== seen) {
      seen = state.files.get('a');
      changes++;
    }
  });
  store.getState().progress([file('b', { bytes: 1, updatedAt: 1_001 })]);
  store.getState().progress([file('a', { bytes: 1, updatedAt: 1_001 })]);
  assert.equal(changes, 1);
});

test('paths staged for sending are kept once each, and can be removed', () => {
  const store = createAppStore();
  store.getState().stage(['/a', '/b']);
  store.getState().stage(['/b', '/c']);
  assert.deepEqual(store.getState().staged, ['/a', '/b', '/c']);
  store.getState().unstage('/b');
  assert.deepEqual(store.getState().staged, ['/a', '/c']);
  store.getState().clearStaged();
  assert.deepEqual(store.getState().staged, []);
});

test('past the bound, the oldest finished batches are forgotten whole; batches in transit stay', () => {
  const store = createAppStore();
  const ended = Array.from({ length: MAX_KEPT_FILES }, (_, i) => file(`done${i}`, { status: 'done', batch: 'old', startedAt: 1 }));
  store.getState().progress([file('active', { status: 'active', batch: 'moving', startedAt: 0 }), ...ended]);
  store.getState().progress([file('newest', { status: 'done', batch: 'new', startedAt: 2 })]);
  const { batches, files } = store.getState();
  assert.deepEqual([...batches.keys()].sort(), ['send:moving', 'send:new']);
  assert.equal(files.has('done0'), false);
  assert.equal(files.size, 2);
});

test('one batch past the bound is forgotten once no file of it is in transit: a peer that sends without end cannot fill the UI', () => {
  const store = createAppStore();
  const huge = Array.from({ length: MAX_KEPT_FILES + 10 }, (_, i) => file(`f${i}`, { status: 'done', batch: 'endless', startedAt: 2 }));
  store.getState().progress(huge);
  assert.equal(store.getState().files.size, 0);
});
