// The store turns the host's event batches into state that re-renders as
// little as possible: a row's entry changes only when its file does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChunkState, MAX_ENDED_FILES, type FileProgress } from '../../shared/transfer.js';
import { createAppStore } from '../../renderer/store/appStore.js';
import { totalsOf } from '../../renderer/store/files.js';

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

test('a batch adds new files in arrival order, per direction', () => {
  const store = createAppStore();
  store.getState().progress([file('a'), file('b'), file('r', { direction: 'receive' })]);
  store.getState().progress([file('c')]);
  const { ids, byId } = store.getState();
  assert.deepEqual(ids, { send: ['a', 'b', 'c'], receive: ['r'] });
  assert.equal(byId.b?.file.name, 'b.bin');
});

test('a batch replaces only the entries of the files it names', () => {
  const store = createAppStore();
  store.getState().progress([file('a'), file('b')]);
  const before = store.getState();
  store.getState().progress([file('b', { status: 'active', bytes: MiB, updatedAt: 1_100 })]);
  const after = store.getState();
  assert.equal(after.byId.a, before.byId.a, 'an unchanged file keeps its entry object');
  assert.notEqual(after.byId.b, before.byId.b);
  assert.equal(after.ids, before.ids, 'no new file: the id lists stay the same objects');
  assert.equal(after.byId.b?.file.bytes, MiB);
});

test('an older snapshot arriving late does not undo a newer one', () => {
  const store = createAppStore();
  store.getState().progress([file('a', { status: 'done', bytes: 10 * MiB, updatedAt: 5_000 })]);
  store.getState().progress([file('a', { status: 'active', bytes: MiB, updatedAt: 2_000 })]);
  assert.equal(store.getState().byId.a?.file.status, 'done');
});

test('an empty batch changes nothing', () => {
  const store = createAppStore();
  const before = store.getState();
  store.getState().progress([]);
  assert.equal(store.getState(), before);
});

test('speed follows the bytes of successive snapshots, and stops when the file does', () => {
  const store = createAppStore();
  store.getState().progress([file('a', { status: 'active', bytes: 0, updatedAt: 1_000 })]);
  store.getState().progress([file('a', { status: 'active', bytes: 2 * MiB, updatedAt: 2_000 })]);
  assert.equal(store.getState().byId.a?.rate, 2 * MiB);
  store.getState().progress([file('a', { status: 'done', bytes: 10 * MiB, updatedAt: 3_000 })]);
  assert.equal(store.getState().byId.a?.rate, 0);
});

test('session totals per direction', () => {
  const store = createAppStore();
  store.getState().progress([
    file('a', { status: 'done', bytes: 10 * MiB }),
    file('b', { status: 'failed', bytes: MiB, error: { code: 'busy', text: 'busy: "b.bin" is already being received' } }),
    file('c', { status: 'active', bytes: 3 * MiB }),
    file('r', { direction: 'receive', status: 'active', bytes: 5 }),
  ]);
  assert.deepEqual(totalsOf(store.getState(), 'send'), { files: 3, active: 1, done: 1, failed: 1, bytes: 14 * MiB, rate: 0 });
  assert.deepEqual(totalsOf(store.getState(), 'receive'), { files: 1, active: 1, done: 0, failed: 0, bytes: 5, rate: 0 });
});

test('a subscriber to one file hears of its changes only', () => {
  const store = createAppStore();
  store.getState().progress([file('a'), file('b')]);
  let changes = 0;
  let seen = store.getState().byId.a;
  store.subscribe((state) => {
    if (state.byId.a !== seen) {
      seen = state.byId.a;
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

test('past the bound, the oldest ended files leave the list; files in transit stay', () => {
  const store = createAppStore();
  const active = file('active', { status: 'active' });
  const ended = Array.from({ length: MAX_ENDED_FILES }, (_, i) => file(`done${i}`, { status: 'done' }));
  store.getState().progress([active, ...ended]);
  store.getState().progress([file('newest', { status: 'done' })]);
  const { ids, byId } = store.getState();
  assert.equal(ids.send.length, MAX_ENDED_FILES);
  assert.equal(ids.send[0], 'active');
  assert.equal(ids.send.includes('done0'), false);
  assert.equal(byId.done0, undefined);
  assert.equal(ids.send.at(-1), 'newest');
});
