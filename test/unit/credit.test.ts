// A peer's credit for work that helps nobody: one mistake passes, a stream
// of them rests in proportion, and quiet time never banks more than a burst.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Credit, DISCARD_CREDIT, REFUSAL_CREDIT } from '../../electron/engine/receiver/credit.js';

const MiB = 1024 * 1024;

test('bytes let go: a chunk of twice the limit passes at once, a stream of them rests in proportion', () => {
  const now = 1_000_000;
  const credit = new Credit(DISCARD_CREDIT, now);
  assert.equal(credit.spend(32 * MiB, now), 0);
  // 16 MiB more at once: a second's rest at 16 MiB/s.
  assert.equal(credit.spend(16 * MiB, now), 1000);
  // Two seconds on, the debt is paid and 16 MiB has come back.
  assert.equal(credit.spend(16 * MiB, now + 2_000), 0);
  assert.equal(credit.balance, 0);
  // However long a peer was quiet, it banks one burst.
  assert.equal(credit.spend(1, now + 3_600_000), 0);
  assert.equal(credit.balance, 32 * MiB - 1);
});

test('refusals: a thousand pass at once, then 500 a second', () => {
  const now = 1_000_000;
  const credit = new Credit(REFUSAL_CREDIT, now);
  for (let i = 0; i < 1_000; i++) assert.equal(credit.spend(1, now), 0);
  assert.equal(credit.spend(1, now), 2);
  assert.equal(credit.spend(1, now + 1_000), 0);
  assert.equal(credit.balance, 498);
});
