// The listener's connection bookkeeping, over real sockets: it keeps state
// only for connections that are open, whoever ends them.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { RECEIVER_BUDGET } from '../../electron/engine/receiver/budget.js';
import { QUIET_MS } from '../../electron/engine/receiver/connections.js';
import { Listener } from '../../electron/engine/receiver/listener.js';
import { FLAG_MORE, frameHeader } from '../../electron/engine/zmtp/frameWriter.js';
import { until } from '../support/wait.js';
import { ZmtpClient } from '../support/zmtpClient.js';

/** One frame of a message, more to follow or not. */
const encodeFrame = (text: string, more: boolean) => Buffer.concat([frameHeader(more ? FLAG_MORE : 0, Buffer.byteLength(text)), Buffer.from(text)]);

async function openListener(gone: (why: string) => void = () => undefined): Promise<Listener> {
  const listener = await Listener.open(
    ['tcp://127.0.0.1:0'],
    { ...RECEIVER_BUDGET, maxMessageBytes: 1024 },
    { keepWhole: () => false, message: () => undefined, gone: (_peer, why) => gone(why), busy: () => false },
  );
  after(() => listener.close());
  return listener;
}

test('connections it drops are forgotten', async () => {
  const listener = await openListener();
  for (let i = 0; i < 50; i++) {
    const client = await ZmtpClient.connect(listener.endpoints[0]!);
    client.send([Buffer.alloc(2000)]); // over the largest message: dropped
    await client.closed;
  }
  await until(() => listener.openCount === 0, `the dropped connections to be forgotten (${listener.openCount} kept)`);
  assert.equal(listener.connectionCount, 0);
});

test('one host holds at most its share of the connections; another host still gets in', async () => {
  const gone: string[] = [];
  // Connections at work are never made room from, however long they are quiet: time decides nothing until this is false.
  let working = true;
  const listener = await Listener.open(
    ['tcp://127.0.0.1:0'],
    { ...RECEIVER_BUDGET, maxMessageBytes: 1024, maxConnectionsPerHost: 3 },
    { keepWhole: () => false, message: () => undefined, gone: (_peer, why) => gone.push(why), busy: () => working },
  );
  after(() => listener.close());
  const endpoint = listener.endpoints[0]!;
  const own = await Promise.all(Array.from({ length: 3 }, () => ZmtpClient.connect(endpoint)));
  await until(() => listener.connectionCount === 3, "the host's three connections to be taken");
  // All three at work: a fourth is turned away.
  const fourth = await ZmtpClient.connect(endpoint);
  await fourth.closed;
  assert.match(gone.join('\n'), /its host holds 3 connections, the most one host may/);
  const other = await ZmtpClient.connect(endpoint, { localAddress: '127.0.0.2' });
  await until(() => listener.connectionCount === 4, "another host's connection to be taken");
  // A connection of the first host that ends makes room for it again.
  own[0]!.destroy();
  await until(() => listener.connectionCount === 3, 'the ended connection to be forgotten');
  const again = await ZmtpClient.connect(endpoint);
  await until(() => listener.connectionCount === 4, 'the host to get in again');
  // Once its connections are idle and quiet, a new one of the host takes the place of the quietest.
  working = false;
  await new Promise((resolve) => setTimeout(resolve, QUIET_MS + 200));
  const newest = await ZmtpClient.connect(endpoint);
  await until(() => gone.some((why) => /making room for a new connection from its host/.test(why)), 'a quiet connection of the host to make room');
  assert.equal(listener.connectionCount, 4);
  assert.ok(!newest.isClosed, 'the newest is kept');
  for (const client of [...own, other, again, newest]) client.destroy();
});

test('connections their peers close are forgotten', async () => {
  const listener = await openListener();
  const clients = await Promise.all(Array.from({ length: 20 }, () => ZmtpClient.connect(listener.endpoints[0]!)));
  await until(() => listener.connectionCount === 20, 'every connection to be seen');
  for (const client of clients) client.destroy();
  await until(() => listener.openCount === 0, 'the closed connections to be forgotten');
  assert.equal(listener.connectionCount, 0);
});

test('closing the listener reports no peer as gone: the receiver stopping says how its transfers end', async () => {
  const gone: string[] = [];
  const listener = await openListener((why) => gone.push(why));
  const clients = await Promise.all(Array.from({ length: 5 }, () => ZmtpClient.connect(listener.endpoints[0]!)));
  await until(() => listener.connectionCount === 5, 'every connection to be seen');
  listener.close();
  await Promise.all(clients.map((client) => client.closed));
  // Every close event came (each forgets its connection): none told the receiver of a peer gone.
  await until(() => listener.openCount === 0, 'the closed connections to be forgotten');
  assert.deepEqual(gone, []);
});

test('a chunk begun and left waiting holds its first block in the budget at once: past it, the slowest such peer goes', async () => {
  const gone: string[] = [];
  const block = 256 * 1024;
  const listener = await Listener.open(
    ['tcp://127.0.0.1:0'],
    { ...RECEIVER_BUDGET, maxMessageBytes: 32 * 1024 * 1024, maxPartialBytes: 3 * block },
    { keepWhole: (index) => index === 4, message: () => undefined, gone: (_peer, why) => gone.push(why), busy: () => false },
  );
  after(() => listener.close());
  const clients = await Promise.all(Array.from({ length: 5 }, () => ZmtpClient.connect(listener.endpoints[0]!)));
  for (const client of clients) {
    // CHUNK, name, offset, checksum, then a 16 MiB data frame's header and not one byte of it.
    client.sendRaw(Buffer.concat([...['CHUNK', 'f', '0', 'crc32:00000000'].map((f) => encodeFrame(f, true)), frameHeader(0, 16 * 1024 * 1024)]));
  }
  await until(() => gone.length >= 2, `the budget to see the blocks taken for the data to come (${gone.length} peers gone)`);
  assert.ok(gone.every((why) => /arrives too slowly/.test(why)), gone.join('; '));
});
