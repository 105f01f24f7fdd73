// Which connection the listener drops: pure choices, checked on made-up connections.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Socket } from 'node:net';
import { Connection, mostWaiting, notReading, QUIET_MS, quietest, slowestPartial } from '../../electron/engine/receiver/connections.js';
import type { PeerConnection } from '../../electron/engine/zmtp/peerConnection.js';

/** `buffered`: memory held for its unfinished message; `arrived`: the bytes of it that came (all of it unless said). */
function conn(n: number, fields: Partial<Connection> = {}, buffered = 0, arrived = buffered): Connection {
  const c = new Connection(`p${n}`, {} as Socket, { buffered, arrived, ready: true } as PeerConnection, '127.0.0.1');
  return Object.assign(c, fields);
}

test('a connection whose replies have waited unread past the stall time does not read', () => {
  const now = 1_000_000;
  const stalled = conn(1, { unreadSince: now - 20_000 });
  const briefly = conn(2, { unreadSince: now - 100 });
  const reading = conn(3);
  const gone = conn(4, { unreadSince: now - 20_000, gone: true });
  assert.deepEqual(notReading([stalled, briefly, reading, gone], 15_000, now), [stalled]);
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
  // A block held for one byte is no fast message: what arrived is what counts, not the block.
  const stalled = conn(4, { partialSince: now - 1_000 }, 262_144, 1);
  assert.equal(slowestPartial([fast, trickle, stalled], now), stalled);
});

test('over the budget, the peer with the most bytes waiting for their turn goes first; none waiting, none chosen', () => {
  const flood = conn(1, { waitingBytes: 200_000 });
  const pipeliner = conn(2, { waitingBytes: 30_000 });
  const gone = conn(3, { waitingBytes: 900_000, gone: true });
  assert.equal(mostWaiting([pipeliner, flood, gone]), flood);
  assert.equal(mostWaiting([conn(4), gone]), null);
});
