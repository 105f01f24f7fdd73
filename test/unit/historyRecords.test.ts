// The history's records without files: the text format (a record cut short,
// a crash's zeros, a damaged or foreign record, one copied twice), what
// compaction keeps, and a batch as its record.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ChunkState, type FileProgress } from '../../shared/transfer.js';
import { batchOf, commonFolder, type Batch } from '../../electron/host/batches.js';
import { batchRecord, outcomeOf } from '../../electron/host/history/batchRecord.js';
import { encodeRecord, MAX_TEXT, newestRecords, parseRecords, RS } from '../../electron/host/history/historyRecords.js';
import { historyRecord } from '../support/historyRecord.js';

const ids = (text: string) => parseRecords(text).map((record) => record.id);
const [a, b, c] = ['aaaa0001', 'bbbb0002', 'cccc0003'].map((id) => encodeRecord(historyRecord(id))) as [string, string, string];

test('records read back as they were written, each a single RS … LF', () => {
  const record = historyRecord('aaaa0001', { names: ['line\nbreak', `rs${RS}inside`, 'ünïcödé'], error: 'io: disk full' });
  const text = encodeRecord(record);
  assert.equal(text[0], RS);
  assert.equal(text.indexOf('\n'), text.length - 1, 'JSON.stringify escapes every LF and RS inside the record');
  assert.equal(text.indexOf(RS, 1), -1);
  assert.deepEqual(parseRecords(text), [record]);
});

test('a record cut short at the end is skipped; every complete one before it is kept', () => {
  for (let cut = 0; cut < c.length; cut++) assert.deepEqual(ids(a + b + c.slice(0, cut)), ['aaaa0001', 'bbbb0002'], `cut at ${cut}`);
  assert.deepEqual(ids(a + b + c), ['aaaa0001', 'bbbb0002', 'cccc0003']);
});

test('a record cut short in the middle spoils only itself, not the one appended after it', () => {
  for (let cut = 1; cut < b.length - 1; cut++) assert.deepEqual(ids(a + b.slice(0, cut) + c), ['aaaa0001', 'cccc0003'], `cut at ${cut}`);
});

test('zeros a crash left after a record, and a text that begins mid-record, are skipped', () => {
  assert.deepEqual(ids(a + '\0'.repeat(4096) + b), ['aaaa0001', 'bbbb0002']);
  assert.deepEqual(ids(a + b.slice(0, 20) + '\0'.repeat(100) + c), ['aaaa0001', 'cccc0003']);
  // From 1, the text lacks only the RS: the record is still whole.
  for (let start = 2; start < a.length; start++) assert.deepEqual(ids(a.slice(start) + b), ['bbbb0002'], `from ${start}`);
});

test('a record copied twice is read once; damaged and foreign records are skipped', () => {
  assert.deepEqual(ids(a + b + a), ['aaaa0001', 'bbbb0002']);
  const bad: unknown[] = [
    { ...historyRecord('dddd0004'), outcome: 'exploded' },
    { ...historyRecord('dddd0005'), files: -1 },
    { ...historyRecord('dddd0006'), endedAt: 'yesterday' },
    { ...historyRecord('dddd0007'), names: ['a', 'b', 'c', 'd'] },
    { ...historyRecord('dddd0008'), peer: 'x'.repeat(MAX_TEXT + 1) },
    { ...historyRecord('not hex!') },
    [1, 2, 3],
    'text',
  ];
  const text = bad.map((value) => `${RS}${JSON.stringify(value)}\n`).join('');
  assert.deepEqual(ids(a + text + `${RS}{"id": \n` + c), ['aaaa0001', 'cccc0003']);
});

test('compaction keeps the newest records that fit, oldest first', () => {
  const records = Array.from({ length: 10 }, (_, i) => historyRecord(`eeee000${i}`));
  const size = Buffer.byteLength(encodeRecord(records[0]!));
  const kept = newestRecords(records, 3 * size + size - 1);
  assert.deepEqual(ids(kept), ['eeee0007', 'eeee0008', 'eeee0009']);
  assert.equal(newestRecords(records, size - 1), '');
});

const MiB = 1024 * 1024;

function file(id: string, status: FileProgress['status'], patch: Partial<FileProgress> = {}): FileProgress {
  return {
    id,
    direction: 'receive',
    name: `${id}.bin`,
    size: MiB,
    bytes: status === 'done' ? MiB : 0,
    status,
    chunkMap: { chunkSize: MiB, chunks: 1, runs: [0, 1, ChunkState.Done] },
    retries: 0,
    peer: 'c0ffee',
    batch: 'b1',
    startedAt: Date.UTC(2025, 4, 1, 10, 0, 0),
    updatedAt: Date.UTC(2025, 4, 1, 10, 0, 9),
    ...patch,
  };
}

function batch(files: FileProgress[]): Batch {
  return batchOf('receive', 'c0ffee', files);
}

test('a batch as its record: counts, bytes, times, folder, a few names, the first failure', () => {
  const inbox = path.resolve('/srv/inbox');
  const record = batchRecord(
    batch([
      file('a', 'done', { path: path.join(inbox, 'trip', 'a.bin'), startedAt: Date.UTC(2025, 4, 1, 9, 59, 58) }),
      file('b', 'done', { path: path.join(inbox, 'trip', 'day 2', 'b.bin'), bytes: MiB }),
      file('c', 'failed', { error: { code: 'no-space', text: 'no-space: the disk is full' }, bytes: 5 }),
      file('d', 'active', { updatedAt: Date.UTC(2025, 4, 1, 10, 0, 30) }),
    ]),
    'ffff0001',
  );
  assert.deepEqual(record, {
    id: 'ffff0001',
    direction: 'receive',
    peer: 'c0ffee',
    files: 4,
    done: 2,
    failed: 1,
    cancelled: 1,
    bytes: 2 * MiB + 5,
    outcome: 'partial',
    startedAt: '2025-05-01T09:59:58.000Z',
    endedAt: '2025-05-01T10:00:30.000Z',
    folder: path.join(inbox, 'trip'),
    names: ['a.bin', 'b.bin', 'c.bin'],
    error: 'no-space: the disk is full',
  });
  assert.deepEqual(parseRecords(encodeRecord(record)), [record], 'a record made from a batch passes the reader’s checks');
});

test('a peer’s long name is cut to the bound, between characters; a batch of many files is no trouble', () => {
  const name = `${'x'.repeat(MAX_TEXT - 1)}😀tail`;
  const many = Array.from({ length: 200_000 }, (_, i) => file(`f${i}`, 'done'));
  const record = batchRecord(batch([file('long', 'done', { name }), ...many]), 'ffff0002');
  assert.equal(record.names[0], 'x'.repeat(MAX_TEXT - 1), 'the emoji’s two halves are not split');
  assert.equal(record.files, 200_001);
  assert.equal(record.folder, null, 'no paths known');
  assert.equal(parseRecords(encodeRecord(record)).length, 1);
});

test('outcomes and the folder that holds them all', () => {
  assert.deepEqual(
    [outcomeOf(3, 0, 0), outcomeOf(2, 1, 0), outcomeOf(2, 0, 1), outcomeOf(0, 1, 2), outcomeOf(0, 0, 3)],
    ['done', 'partial', 'partial', 'failed', 'cancelled'],
  );
  const root = path.resolve('/');
  assert.equal(commonFolder([]), null);
  assert.equal(commonFolder([path.join(root, 'a', 'b')]), path.join(root, 'a', 'b'));
  assert.equal(commonFolder([path.join(root, 'a', 'b', 'c'), path.join(root, 'a', 'b2')]), path.join(root, 'a'));
  assert.equal(commonFolder([path.join(root, 'a', '..b'), path.join(root, 'a')]), path.join(root, 'a'));
  assert.equal(commonFolder([path.join(root, 'x'), path.join(root, 'y')]), root);
});
