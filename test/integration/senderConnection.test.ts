// A plain sender's connection when its receiver goes away: the files on it
// are over at once, whether or not a reply was owed at that moment; files
// not yet begun may go on a new connection only if nothing was owed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Connection, ConnectionError } from '../../electron/engine/sender/connection.js';
import { startReceiver } from '../support/receiver.js';
import { ScriptedReceiver } from '../support/scriptedReceiver.js';
import { until } from '../support/wait.js';

test('a receiver that stops while the sender owes it nothing next: the next request fails as stopped, not after the reply timeout', async () => {
  const { receiver, endpoint } = await startReceiver();
  // A reply timeout far longer than the test's: only the disconnect can end the request.
  const conn = new Connection(endpoint, 600_000);
  try {
    assert.deepEqual(await conn.request({ cmd: 'HELLO', name: 'between.bin' }), { ok: true });
    // Every request answered: the sender is between two chunks when the receiver stops.
    await receiver.stop();
    await until(() => conn.broken !== null, 'the sender to see the connection end');
    await assert.rejects(conn.request({ cmd: 'CLOSE', name: 'between.bin', size: 0 }), (err: unknown) => err instanceof ConnectionError && err.code === 'stopped');
    // Nothing was owed: the end may be the network's or a receiver making room, so files not yet begun may go on.
    assert.equal(conn.broken?.queuedMayGoOn, true);
  } finally {
    conn.close();
  }
});

test('a connection that ends with a reply owed fails that request as stopped, and the files waiting behind it too', async () => {
  let arrived!: () => void;
  const received = new Promise<void>((resolve) => (arrived = resolve));
  // A receiver that takes the request and never answers it, then goes away.
  const held = await ScriptedReceiver.start(() => {
    arrived();
    return new Promise(() => undefined);
  });
  const conn = new Connection(held.endpoint, 600_000);
  try {
    const owed = conn.request({ cmd: 'HELLO', name: 'owed.bin' });
    await received;
    held.close();
    await assert.rejects(owed, (err: unknown) => err instanceof ConnectionError && err.code === 'stopped');
    assert.equal(conn.broken?.queuedMayGoOn, false);
  } finally {
    conn.close();
  }
});
