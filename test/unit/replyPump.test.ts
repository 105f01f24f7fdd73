// When a peer's replies leave: together at the end of the round of the event
// loop they were made in, or at once when many are queued.
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { test } from 'node:test';
import type { Connection } from '../../electron/engine/receiver/connections.js';
import { ReplyPump } from '../../electron/engine/receiver/replyPump.js';

function peer(): { conn: Connection; writes: number[] } {
  const writes: number[] = [];
  const socket = { writableLength: 0, write: (bytes: Buffer) => (writes.push(bytes.length), true) } as unknown as Socket;
  const conn = { out: [], queued: 0, gone: false, unreadSince: 0, socket } as unknown as Connection;
  return { conn, writes };
}

const pump = () => new ReplyPump({ maxQueuedReplyBytes: 64 * 1024 }, { overflow: () => assert.fail('no overflow'), reading: () => undefined });

test('replies made in one round of the event loop leave in one write, after the round', async () => {
  const replies = pump();
  const { conn, writes } = peer();
  replies.queue(conn, Buffer.alloc(10));
  await Promise.resolve();
  replies.queue(conn, Buffer.alloc(20));
  assert.deepEqual(writes, [], 'not at the next microtask');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(writes, [30]);
});

test('many replies queued in one round leave at once, not held to the bound', () => {
  const replies = pump();
  const { conn, writes } = peer();
  for (let i = 0; i < 100; i++) replies.queue(conn, Buffer.alloc(1000));
  assert.ok(writes.length >= 5, `${writes.length} writes`);
  assert.ok(writes.every((n) => n >= 16 * 1024 && n < 17 * 1024));
  assert.ok(conn.queued < 16 * 1024);
});
