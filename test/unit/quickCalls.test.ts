import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BufferPool } from '../../electron/engine/sender/bufferPool.js';
import { tmpdir } from 'node:os';
import { onNetworkFileSystem, QuickCalls, SlowCalls } from '../../electron/engine/util/quickCalls.js';
import { busyWait } from '../support/busyWait.js';

// Whether a call counts as slow is timed, and a loaded machine can pause
// this thread for milliseconds in the middle of any call: a test that needs
// calls to stay quick gives them a budget no pause reaches, and one that
// needs a slow call makes it last far past its budget.
const NEVER_SLOW_MS = 60_000;

describe('QuickCalls', () => {
  test('runs fast calls in this thread, and an error of one comes back as a rejection', async () => {
    const calls = new QuickCalls(NEVER_SLOW_MS);
    const used: string[] = [];
    assert.equal(await calls.run(() => (used.push('quick'), 1), async () => (used.push('pooled'), 2)), 1);
    await assert.rejects(calls.run(() => { throw new Error('ENOENT'); }, async () => 2), /ENOENT/);
    assert.equal(await calls.run(() => (used.push('quick'), 3), async () => (used.push('pooled'), 4)), 3);
    assert.deepEqual(used, ['quick', 'quick']);
  });

  test('after a call stalled far past its budget, the next calls go to the pool', async () => {
    // On the pool for a minute after a slow call, however long the next calls take to come.
    const calls = new QuickCalls(1, Infinity, 60_000);
    await calls.run(() => busyWait(40), async () => undefined);
    const used: string[] = [];
    await calls.run(() => used.push('quick'), async () => used.push('pooled'));
    await calls.run(() => used.push('quick'), async () => used.push('pooled'));
    assert.deepEqual(used, ['pooled', 'pooled']);
  });

  test('a read or write larger than the quick limit goes to the pool; within it, it stays quick', async () => {
    const calls = new QuickCalls(NEVER_SLOW_MS, 1024);
    const used: string[] = [];
    await calls.run(() => used.push('quick'), async () => used.push('pooled'), 4096);
    await calls.run(() => used.push('quick'), async () => used.push('pooled'), 1024);
    assert.deepEqual(used, ['pooled', 'quick']);
  });

  test('on a network file system every call goes to the pool', async () => {
    const calls = new QuickCalls(NEVER_SLOW_MS);
    calls.usePoolOnly();
    const used: string[] = [];
    await calls.run(() => used.push('quick'), async () => used.push('pooled'));
    assert.deepEqual(used, ['pooled']);
  });

  test('a local disk and a missing path are not taken for a network file system', async () => {
    assert.equal(await onNetworkFileSystem(tmpdir()), false);
    assert.equal(await onNetworkFileSystem('/no/such/path'), false);
  });
});

describe('SlowCalls', () => {
  // Timings are given, not measured: the rule alone is under test.
  test('calls a few milliseconds over budget now and then (journal commits, the scheduler) are not slow', () => {
    const slow = new SlowCalls();
    // 3 ms over a 1 ms budget, every 100 ms for ten seconds; bursts of three within 20 ms.
    for (let t = 0; t < 10_000; t += 100) assert.equal(slow.note(t, t + 4, 1), false, `at ${t} ms`);
    for (let t = 20_000; t < 30_000; t += 500) {
      for (const at of [t, t + 10, t + 20]) assert.equal(slow.note(at, at + 4, 1), false, `at ${at} ms`);
    }
    assert.equal(slow.note(40_000, 40_000.5, 1), false, 'within budget');
  });

  test('calls that keep losing time are slow, and the count starts again', () => {
    const slow = new SlowCalls();
    // Cold reads: 8 ms where 1 was the budget, one after another.
    const turned = [0, 8, 16, 24].map((t) => slow.note(t, t + 8, 1));
    assert.deepEqual(turned, [false, false, true, false]);
    assert.equal(slow.note(1_000, 1_008, 1), false, 'counted from nothing again');
  });

  test('one call stalled 20 ms past its budget is slow at once', () => {
    assert.equal(new SlowCalls().note(0, 20, 0.5), false);
    assert.equal(new SlowCalls().note(1_000, 1_021, 0.5), true);
  });
});

describe('BufferPool', () => {
  test('hands out at most its size and reuses released buffers', async () => {
    const pool = new BufferPool(16, 2);
    const a = await pool.acquire();
    const b = await pool.acquire();
    let third: Buffer | null = null;
    const waiting = pool.acquire().then((buffer) => (third = buffer));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(third, null, 'a third buffer waits');
    pool.release(a);
    assert.equal(await waiting, a);
    assert.notEqual(a, b);
  });

  test('a forgotten buffer (still in a socket) is replaced, so the pool never runs dry', async () => {
    const pool = new BufferPool(16, 1);
    const first = await pool.acquire();
    const waiting = pool.acquire();
    pool.forget();
    const replacement = await waiting;
    assert.notEqual(replacement, first);
    assert.equal(replacement.length, 16);
    pool.forget();
    const again = await pool.acquire();
    assert.notEqual(again, first);
  });
});
