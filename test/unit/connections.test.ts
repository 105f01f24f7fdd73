// Which connection the listener drops: pure choices, checked on made-up connections.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Socket } from 'node:net';
import { chargeDiscarded, Connection, DISCARD_BURST_BYTES, DISCARD_BYTES_PER_S, mostWaiting, notReading, QUIET_MS, quietest, slowestPartial } from '../../electron/engine/receiver/connections.js';
import type { PeerConnection } from '../../electron/engine/zmtp/peerConnection.js';

const MiB = 1024 * 1024;

function conn(n: number, fields: Partial<Connection> = {}, buffered = 0): Connection {
  const c = new Connection(`p${n}`, {} as Socket, { buffered, ready: true } as PeerConnection);
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
});

test('over the budget, the peer with the most bytes waiting for their turn goes first; none waiting, none chosen', () => {
  const flood = conn(1, { waitingBytes: 200_000 });
  const pipeliner = conn(2, { waitingBytes: 30_000 });
  const gone = conn(3, { waitingBytes: 900_000, gone: true });
  assert.equal(mostWaiting([pipeliner, flood, gone]), flood);
  assert.equal(mostWaiting([conn(4), gone]), null);
});

test('bytes let go are charged against a credit: one mistake passes, a stream of them rests in proportion', () => {
  const now = 1_000_000;
  const peer = conn(1, { discardAt: now });
  // A chunk of twice the limit at once: within the credit.
  assert.equal(chargeDiscarded(peer, 32 * MiB, now), 0);
  // Nothing new: nothing charged.
  assert.equal(chargeDiscarded(peer, 32 * MiB, now), 0);
  // 16 MiB more with no time passed: a second's rest at 16 MiB/s.
  assert.equal(chargeDiscarded(peer, 48 * MiB, now), 1000);
  // Two seconds on, the debt is paid and 16 MiB of credit has come back.
  assert.equal(chargeDiscarded(peer, 64 * MiB, now + 2_000), 0);
  assert.equal(peer.discardCredit, 0);
  // Credit never grows past the burst, however long a peer was quiet.
  assert.equal(chargeDiscarded(peer, 64 * MiB + 1, now + 3_600_000), 0);
  assert.equal(peer.discardCredit, DISCARD_BURST_BYTES - 1);
  assert.equal(DISCARD_BYTES_PER_S, 16 * MiB);
});
