// Which connection the listener drops: pure choices, checked on made-up connections.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Connection, idsApart, mostWaiting, passedByCounter, QUIET_MS, quietest, slowestPartial, WRAP_GUARD } from '../../electron/engine/receiver/connections.js';
import type { PeerConnection } from '../../electron/engine/zmtp/peerConnection.js';

function id(counter: number): Buffer {
  const buf = Buffer.alloc(5);
  buf.writeUInt32BE(counter >>> 0, 1);
  return buf;
}

function conn(counter: number, fields: Partial<Connection> = {}, buffered = 0): Connection {
  const c = new Connection(id(counter), { buffered, ready: true } as PeerConnection);
  return Object.assign(c, fields);
}

test('the id counter is compared modulo 2^32', () => {
  assert.equal(idsApart(id(5), id(3)), 2);
  assert.equal(idsApart(id(1), id(0xffffffff)), 2);
  assert.equal(idsApart(id(3), id(5)), 2 ** 32 - 2);
});

test('a connection is closed before the wrapping counter reaches its id', () => {
  const old = conn(0x6b8b4567);
  const young = conn(0x6b8b4567 + 10);
  const table = [old, young];
  assert.deepEqual(passedByCounter(table, id(0x6b8b4567 + 1000)), []);
  // The counter has gone round to within WRAP_GUARD's margin of the old one's id.
  const near = (0x6b8b4567 + WRAP_GUARD) >>> 0;
  assert.deepEqual(passedByCounter(table, id(near)), [old]);
  assert.deepEqual(passedByCounter([conn(1, { gone: true }), young], id((1 + WRAP_GUARD) >>> 0)), []);
});

test('room is made by the connection quiet the longest, never a busy or a recent one', () => {
  const now = 1_000_000;
  const quietOld = conn(1, { lastMessage: now - 10 * QUIET_MS });
  const quietNewer = conn(2, { lastMessage: now - 2 * QUIET_MS });
  const recent = conn(3, { lastMessage: now - 10 });
  const busy = conn(4, { lastMessage: now - 100 * QUIET_MS });
  assert.equal(quietest([quietNewer, recent, quietOld, busy], (c) => c === busy, now), quietOld);
  assert.equal(quietest([recent, busy], (c) => c === busy, now), null);
});

test('over the partial budget, the slowest message goes', () => {
  const now = 1_000_000;
  const fast = conn(1, { partialSince: now - 10 }, 4_000_000);
  const trickle = conn(2, { partialSince: now - 60_000 }, 1_000);
  const none = conn(3, {}, 0);
  assert.equal(slowestPartial([fast, trickle, none], now), trickle);
  assert.equal(slowestPartial([none], now), null);
});

test('over the budget, the peer with the most bytes waiting for their turn goes first; none waiting, none chosen', () => {
  const flood = conn(1, { waitingBytes: 200_000 });
  const pipeliner = conn(2, { waitingBytes: 30_000 });
  const gone = conn(3, { waitingBytes: 900_000, gone: true });
  assert.equal(mostWaiting([pipeliner, flood, gone]), flood);
  assert.equal(mostWaiting([conn(4), gone]), null);
});
