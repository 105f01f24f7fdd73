// The sender's chunk buffers: reused, bounded per pool, and bounded together
// by the sender's budget however many pools exist (one set per encrypted peer).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BufferBudget, BufferPool } from '../../electron/engine/sender/bufferPool.js';

const turn = () => new Promise((resolve) => setImmediate(resolve));

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

describe('BufferBudget', () => {
  test('pools under one budget hold at most its bytes together; one that waits for room gets the room others let go', async () => {
    const budget = new BufferBudget(64);
    const a = new BufferPool(16, 10, budget);
    const b = new BufferPool(16, 10, budget);
    const held = await Promise.all([a.acquire(), a.acquire(), a.acquire(), a.acquire()]);
    let got: Buffer | null = null;
    const waiting = b.acquire().then((buffer) => (got = buffer));
    await turn();
    assert.equal(got, null, 'past the budget, a buffer waits');
    a.release(held[0]!);
    const fresh = await waiting;
    assert.ok(!held.includes(fresh), 'b was given room for a buffer of its own, never one of a\'s');
    // Free buffers of one pool make room for another's when it asks.
    for (const buffer of held.slice(1)) a.release(buffer);
    const more = await Promise.all([b.acquire(), b.acquire(), b.acquire()]);
    assert.ok(more.every((buffer) => !held.includes(buffer)));
  });

  test('a pool waiting for its own buffers (at its most) takes no other pool\'s: their free buffers stay to be reused', async () => {
    const budget = new BufferBudget(1024);
    const capped = new BufferPool(16, 1, budget);
    const other = new BufferPool(16, 10, budget);
    await capped.acquire();
    void capped.acquire();
    const buffer = await other.acquire();
    other.release(buffer);
    assert.equal(await other.acquire(), buffer);
  });

  test('a buffer larger than the whole budget is still made when nothing else is held; a dropped pool gives its room back', async () => {
    const budget = new BufferBudget(10);
    const big = new BufferPool(100, 2, budget);
    const small = new BufferPool(4, 2, budget);
    await big.acquire();
    let got: Buffer | null = null;
    const waiting = small.acquire().then((buffer) => (got = buffer));
    await turn();
    assert.equal(got, null, 'nothing fits beside it');
    big.drop();
    assert.equal((await waiting).length, 4);
  });
});
