// The history file on a real disk: a file left half-written by a crash
// loads, several processes append at once while others compact and none of
// their records is lost, and compaction keeps the file within its bound.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { HISTORY_FILE, HistoryLog } from '../../electron/host/history/historyLog.js';
import { encodeRecord } from '../../electron/host/history/historyRecords.js';
import { HistoryRecorder, MAX_WAITING_RECORDS } from '../../electron/host/history/historyRecorder.js';
import { ChunkState } from '../../shared/transfer.js';
import { historyRecord } from '../support/historyRecord.js';
import { tempDir } from '../support/tmp.js';

const run = promisify(execFile);
const writer = path.join(import.meta.dirname, '../support/historyWriter.ts');

test('batches are listed newest first; a missing history is an empty one; the file is owner-only', async () => {
  const dir = path.join(await tempDir('zd-history'), 'config');
  const log = new HistoryLog(dir);
  assert.deepEqual(await log.list(), []);
  await log.append(historyRecord('aaaa0001', { endedAt: '2025-05-01T10:00:00.000Z' }));
  await log.append(historyRecord('aaaa0002', { endedAt: '2025-05-02T10:00:00.000Z', direction: 'receive' }));
  await log.append(historyRecord('aaaa0003', { endedAt: '2025-05-01T12:00:00.000Z' }));
  assert.deepEqual((await new HistoryLog(dir).list()).map((b) => b.id), ['aaaa0002', 'aaaa0003', 'aaaa0001']);
  if (process.platform !== 'win32') {
    assert.equal((await fs.stat(dir)).mode & 0o777, 0o700);
    assert.equal((await fs.stat(path.join(dir, HISTORY_FILE))).mode & 0o777, 0o600);
  }
});

test('a history left half-written by a crash loads with every complete record, and takes new ones', async () => {
  const dir = await tempDir('zd-history');
  const file = path.join(dir, HISTORY_FILE);
  const whole = encodeRecord(historyRecord('bbbb0001')) + encodeRecord(historyRecord('bbbb0002'));
  const torn = encodeRecord(historyRecord('bbbb0003')).slice(0, 40);
  // What a crash can leave: a record cut short, then a block of zeros.
  await fs.writeFile(file, whole + torn + '\0'.repeat(512));
  const log = new HistoryLog(dir);
  assert.deepEqual((await log.list()).map((b) => b.id).sort(), ['bbbb0001', 'bbbb0002']);
  await log.append(historyRecord('bbbb0004', { endedAt: '2025-06-01T00:00:00.000Z' }));
  // The same end time: the one recorded later first.
  assert.deepEqual((await log.list()).map((b) => b.id), ['bbbb0004', 'bbbb0002', 'bbbb0001']);
  assert.equal(await log.compact(), true);
  assert.equal(await fs.readFile(file, 'utf8'), whole + encodeRecord(historyRecord('bbbb0004', { endedAt: '2025-06-01T00:00:00.000Z' })), 'compaction drops the damage');
});

test('compaction keeps the file within its bound and the newest batches', async () => {
  const dir = await tempDir('zd-history');
  const limits = { maxBytes: 8 * 1024, keepBytes: 4 * 1024 };
  const log = new HistoryLog(dir, limits);
  const recordBytes = Buffer.byteLength(encodeRecord(historyRecord('cccc0000')));
  let largest = 0;
  for (let i = 0; i < 200; i++) {
    await log.append(historyRecord(`cccc${i.toString(16).padStart(4, '0')}`));
    largest = Math.max(largest, (await fs.stat(path.join(dir, HISTORY_FILE))).size);
  }
  assert.ok(largest <= limits.maxBytes + recordBytes, `the file reached ${largest} bytes`);
  const kept = (await log.list()).map((b) => b.id);
  assert.equal(kept[0], 'cccc00c7', 'the newest is kept');
  assert.ok(kept.length >= Math.floor(limits.keepBytes / recordBytes), `${kept.length} kept`);
  // Same endedAt: the newest appended first, and no gaps among those kept.
  assert.deepEqual(kept, kept.map((_, i) => `cccc${(199 - i).toString(16).padStart(4, '0')}`));
});

test('compaction waits for no one: while another process holds the lock, it is skipped and appends go on', async () => {
  const dir = await tempDir('zd-history');
  const limits = { maxBytes: 1024, keepBytes: 512 };
  const log = new HistoryLog(dir, limits);
  const lock = path.join(dir, `${HISTORY_FILE}.lock`);
  await fs.writeFile(lock, '');
  for (let i = 0; i < 5; i++) await log.append(historyRecord(`dddd${i.toString(16).padStart(4, '0')}`));
  assert.equal(await log.compact(), false);
  assert.ok((await fs.stat(path.join(dir, HISTORY_FILE))).size > limits.maxBytes);
  assert.equal((await log.list()).length, 5, 'nothing compacted, nothing lost');
  // Then a lock left by a process that died: taken over once stale.
  const old = new Date(Date.now() - 60_000);
  await fs.utimes(lock, old, old);
  assert.equal(await log.compact(), true);
  assert.deepEqual((await log.list()).map((b) => b.id), ['dddd0004']);
});

test('three processes append at once while compacting again and again: every record is kept, once', async () => {
  const dir = await tempDir('zd-history');
  // Compaction after almost every append (past 4 KiB), keeping everything:
  // so a record lost in a race between an append and a rename would show.
  const [maxBytes, keepBytes, count] = [4 * 1024, 64 * 1024 * 1024, 150];
  const child = (prefix: string) => run(process.execPath, ['--import', 'tsx', writer, dir, prefix, String(count), String(maxBytes), String(keepBytes)]);
  const here = new HistoryLog(dir, { maxBytes, keepBytes });
  const inHere = (async () => {
    for (let i = 0; i < count; i++) await here.append(historyRecord(`cc${i.toString(16).padStart(8, '0')}`));
  })();
  const [first, second] = await Promise.all([child('aa'), child('bb'), inHere]);
  assert.equal(first.stdout, 'done\n');
  assert.equal(second.stdout, 'done\n');
  const ids = (await here.list()).map((b) => b.id);
  assert.equal(new Set(ids).size, ids.length, 'no record twice');
  for (const prefix of ['aa', 'bb', 'cc']) {
    const missing = Array.from({ length: count }, (_, i) => `${prefix}${i.toString(16).padStart(8, '0')}`).filter((id) => !ids.includes(id));
    assert.deepEqual(missing, [], `records of writer ${prefix} lost`);
  }
  assert.equal(await fs.stat(path.join(dir, `${HISTORY_FILE}.lock`)).catch(() => null), null, 'no lock left behind');
});

test('received batches that end faster than the history is written wait in a bounded queue; the rest are said, not kept', async () => {
  const log = new HistoryLog(path.join(await tempDir('zd-history'), 'config'));
  const failures: string[] = [];
  const recorder = new HistoryRecorder(log, { failed: (error) => failures.push(error.message) });
  const ended = (i: number, direction: 'send' | 'receive') => ({
    id: `${direction}-${i}`,
    direction,
    name: `f${i}.bin`,
    size: 1,
    bytes: 1,
    status: 'done' as const,
    chunkMap: { chunkSize: 1, chunks: 1, runs: [0, 1, ChunkState.Done] },
    retries: 0,
    // Each from a peer of its own: a batch each, as a plain peer's connections are.
    peer: `peer-${i}`,
    batch: `batch-${i}`,
    startedAt: 0,
    updatedAt: 0,
  });
  recorder.update(Array.from({ length: MAX_WAITING_RECORDS + 100 }, (_, i) => ended(i, 'receive')));
  recorder.update([ended(0, 'send')]);
  // Every batch ends at once (as when the program closes): all but the queue's worth of received ones go unrecorded.
  await recorder.close();
  const kept = await log.list();
  assert.equal(kept.filter((b) => b.direction === 'receive').length, MAX_WAITING_RECORDS);
  assert.equal(kept.filter((b) => b.direction === 'send').length, 1, "the person's own send is recorded however full the queue");
  assert.deepEqual(failures, ['100 received batches were not recorded: they ended faster than the history could be written']);
});
