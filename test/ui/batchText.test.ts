// What a batch's card says (renderer/text/batches.ts): its title, its state
// in one word on each side, and its line of numbers while it moves and once
// it ended.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NO_TOTALS, type BatchTotals } from '../../renderer/store/batchModel.js';
import { countOf } from '../../shared/format.js';
import { batchLine, batchTitle, phaseWord, retryWords } from '../../renderer/text/batches.js';

function totals(patch: Partial<BatchTotals>): BatchTotals {
  return { ...NO_TOTALS, ...patch };
}

// 12 of 5,001 files done, one moving, the rest waiting: 34 MB of 210 MB.
const sending = totals({ files: 5_001, done: 12, moving: 1, queued: 4_988, bytes: 34_000_000, size: 210_000_000 });

test('sending: files done of the count, bytes of the size, speed and time left', () => {
  // 176 MB left at 2 MB/s: 88 s.
  assert.equal(batchLine('send', sending, 2_000_000, 5_000), '12 of 5,001 files · 34 MB of 210 MB · 2.0 MB/s · 1 min 28 s left');
  // No speed measured yet: no time left, rather than "Infinity".
  assert.equal(batchLine('send', sending, 0, 5_000), '12 of 5,001 files · 34 MB of 210 MB · 0 B/s');
});

test('sending before the receiver answered: connecting, with no speed at all', () => {
  const waiting = totals({ files: 3, queued: 3, size: 3_000 });
  assert.equal(phaseWord('send', 'connecting'), 'Connecting…');
  assert.equal(batchLine('send', waiting, 0, 5_000), '0 of 3 files · 0 B of 3.0 KB');
});

test('receiving: a plain sender’s count and size are not known before the end, so “so far” and no time left', () => {
  const receiving = totals({ files: 13, done: 12, moving: 1, bytes: 34_000_000, size: 30_000_000, unknownSizes: 1 });
  assert.equal(batchLine('receive', receiving, 95_000_000, 5_000), '12 of 13 files so far · 34 MB received · 95 MB/s');
});

test('once ended: the count and what moved in how long; the files done when not all were', () => {
  assert.equal(batchLine('send', totals({ files: 5_001, done: 5_001, bytes: 210_000_000, size: 210_000_000 }), 0, 3_200), '5,001 files · 210 MB in 3 s');
  assert.equal(batchLine('receive', totals({ files: 1, done: 1, bytes: 12, size: 12 }), 0, 40), '1 file · 12 B in under a second');
  assert.equal(batchLine('send', totals({ files: 3, done: 2, failed: 1, bytes: 2_000, size: 3_000 }), 0, 65_000), '3 files · 2 done · 2.0 KB in 1 min 5 s');
});

test('each state in one word, in the words of the side that shows it', () => {
  const words = (direction: 'send' | 'receive') =>
    (['connecting', 'moving', 'done', 'partial', 'failed', 'cancelled'] as const).map((phase) => phaseWord(direction, phase));
  assert.deepEqual(words('send'), ['Connecting…', 'Sending', 'Sent', 'Partly sent', 'Failed', 'Cancelled']);
  // The receiving person's Cancel or Stop ended it: "Stopped", not a failure.
  assert.deepEqual(words('receive'), ['Connecting…', 'Receiving', 'Received', 'Partly received', 'Failed', 'Stopped']);
});

test('titles name the peer as a person typed it; a peer’s bidi controls are not shown', () => {
  assert.equal(batchTitle('send', 'tcp://127.0.0.1:5670'), 'To 127.0.0.1:5670');
  assert.equal(batchTitle('receive', '00800041a7'), 'From sender 00800041a7');
  assert.doesNotMatch(batchTitle('receive', 'evil\u202Etxt.exe'), /\u202E/);
  assert.equal(countOf(1, 'file'), '1 file');
  assert.equal(countOf(100_000, 'file'), '100,000 files');
});

test('failed files are resumed when interrupted on their way to an encrypted receiver, which keeps what arrived; retried otherwise', () => {
  assert.equal(retryWords(3, { trust: 'verified', name: 'Office' }, { stopped: 3 }), 'Resume 3 failed');
  assert.equal(retryWords(1_200, { trust: 'pinned' }, { timeout: 1_000, unreachable: 200 }), 'Resume 1,200 failed');
  // A refusal or a cancel by the receiver kept nothing.
  assert.equal(retryWords(2, { trust: 'verified' }, { stopped: 1, denied: 1 }), 'Retry 2 failed');
  assert.equal(retryWords(1, { trust: 'unencrypted' }, { stopped: 1 }), 'Retry 1 failed');
  assert.equal(retryWords(2, undefined, { unreachable: 2 }), 'Retry 2 failed');
});
