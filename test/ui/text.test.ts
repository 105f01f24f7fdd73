import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERROR_CODES } from '../../shared/protocol.js';
import { ChunkState, type FileProgress } from '../../shared/transfer.js';
import { detailLabel, explainError } from '../../renderer/text/errors.js';
import { chunkSummary, percentDone, progressLine, statusWord } from '../../renderer/text/files.js';

const { Pending, InFlight, Done, Retrying } = ChunkState;

const base: FileProgress = {
  id: '1',
  direction: 'send',
  name: 'video.mkv',
  size: 200_000_000,
  bytes: 50_000_000,
  status: 'active',
  chunkMap: { chunkSize: 1, chunks: 4, runs: [] },
  retries: 0,
  peer: 'tcp://h:5670',
  batch: 'b1',
  startedAt: 0,
  updatedAt: 1_000,
};

test('the chunk map text alternative counts done, in flight and retrying chunks; a receiver before the end counts what arrived', () => {
  const chunkMap = { chunkSize: 65536, chunks: 1024, runs: [0, 412, Done, 412, 8, InFlight, 420, 3, Retrying, 423, 601, Pending] };
  assert.equal(chunkSummary({ ...base, chunkMap }), '412 of 1,024 chunks done, 8 in flight, 3 retrying');
  assert.equal(chunkSummary({ ...base, chunkMap: { chunkSize: 1, chunks: 1, runs: [0, 1, Pending] } }), '0 of 1 chunk done');
  // A receiver knows the number of chunks only once CLOSE names the size.
  const arrived = { chunkSize: 65536, chunks: 1028, runs: [0, 1027, Done, 1027, 1, InFlight] };
  assert.equal(chunkSummary({ ...base, size: null, chunkMap: arrived }), '1,027 chunks arrived, 1 in flight');
  // A file that ended has nothing in flight.
  assert.equal(chunkSummary({ ...base, status: 'failed', chunkMap }), '412 of 1,024 chunks done');
});

test('percent is whole, 100 only when done, and unknown without a size', () => {
  assert.equal(percentDone(base), 25);
  assert.equal(percentDone({ ...base, bytes: 199_999_999 }), 99);
  assert.equal(percentDone({ ...base, status: 'done' }), 100);
  assert.equal(percentDone({ ...base, direction: 'receive', size: null }), null);
});

test('the progress line gives bytes, percent, speed and time left', () => {
  assert.equal(progressLine(base, 50_000_000), '50 MB of 200 MB · 25% · 50 MB/s · 3 s left');
  assert.equal(progressLine({ ...base, size: null, direction: 'receive' }, 1_000_000), '50 MB received · 1.0 MB/s');
  assert.equal(progressLine({ ...base, status: 'queued', bytes: 0 }, 0), '0 B of 200 MB · 0%');
  assert.equal(progressLine({ ...base, status: 'done', bytes: 200_000_000, updatedAt: 4_000 }, 0), '200 MB in 4 s · 50 MB/s average');
  assert.equal(progressLine({ ...base, status: 'done', bytes: 10, updatedAt: 500 }, 0), '10 B in under a second · 20 B/s average');
});

test('a retrying file says so', () => {
  assert.equal(statusWord({ ...base, retries: 2 }), 'Retrying chunks');
  assert.equal(statusWord({ ...base, status: 'closing' }), 'Finishing');
});

test('every error code has an explanation on either side, and only a sender quotes “the receiver”', () => {
  for (const code of [...ERROR_CODES, 'unreachable', 'local', 'changed', 'timeout', 'stopped', 'cancelled'] as const) {
    assert.ok(explainError({ code, text: '' }, 'send').length > 10, code);
    assert.ok(explainError({ code, text: '' }, 'receive').length > 10, code);
  }
  assert.equal(detailLabel({ code: 'busy', text: 'busy: x' }, 'send'), 'The receiver said');
  assert.equal(detailLabel({ code: 'busy', text: 'busy: x' }, 'receive'), 'Details');
  assert.equal(detailLabel({ code: 'unreachable', text: 'x' }, 'send'), 'Details');
});

test('endings read from the side that shows them', () => {
  // The sender cancelled: its abort CLOSE is refused as incomplete on the receiver.
  assert.match(explainError({ code: 'incomplete', text: 'incomplete: …' }, 'receive'), /^The sender ended it/);
  assert.equal(statusWord({ ...base, direction: 'receive', status: 'failed', error: { code: 'incomplete', text: '' } }), 'Not finished');
  // The person at the receiver stopped receiving: not "could not write the file".
  const stopped = { code: 'io' as const, text: 'io: the receiver stopped' };
  assert.match(explainError(stopped, 'receive'), /^You stopped receiving/);
  assert.equal(statusWord({ ...base, direction: 'receive', status: 'failed', error: stopped }), 'Stopped');
  assert.match(explainError({ code: 'io', text: 'io: disk error' }, 'receive'), /^This computer could not write/);
  assert.match(explainError({ code: 'stopped', text: '' }, 'send'), /receiver stopped receiving/);
  // Nothing answered yet: not "Transferring".
  assert.equal(statusWord({ ...base, bytes: 0 }), 'Starting…');
});
