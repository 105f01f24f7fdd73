// The plain sender speaks ZMTP itself (plainDealer.ts): what a receiver on
// the network sends it is hostile, and libzmq's ways must hold (connecting
// again until a receiver listens, no message before the handshake ends,
// heartbeats answered). A receiver played by the test over node:net writes
// exactly the bytes each case needs.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { after, test } from 'node:test';
import { Connection, ConnectionError } from '../../electron/engine/sender/connection.js';
import { commandBody, encodeCommand, encodeMessage, FLAG_LONG } from '../../electron/engine/zmtp/frameWriter.js';
import { GREETING_BYTES, ourGreeting, readyBody } from '../../electron/engine/zmtp/greeting.js';
import { freePort } from '../support/ports.js';
import { until } from '../support/wait.js';

const servers: net.Server[] = [];
after(() => servers.forEach((server) => server.close()));

/** A receiver that hands each connection's socket, and every byte it got so far, to `serve`. */
async function rawReceiver(serve: (socket: net.Socket, got: () => Buffer) => void, port = 0): Promise<string> {
  const server = net.createServer((socket) => {
    const chunks: Buffer[] = [];
    socket.on('data', (bytes) => chunks.push(bytes));
    socket.on('error', () => undefined);
    serve(socket, () => Buffer.concat(chunks));
  });
  servers.push(server);
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

const routerReady = () => encodeCommand(readyBody({ 'Socket-Type': 'ROUTER' }));

/** Answers READY to every HELLO that has come, once each (their names are `x0.bin`, `x1.bin`…). */
function answerHellos(socket: net.Socket, got: () => Buffer): void {
  let answered = 0;
  socket.on('data', () => {
    const hellos = got().toString('latin1').match(/HELLO\x00\x06\w\d\.bin/g) ?? [];
    for (; answered < hellos.length; answered++) socket.write(encodeMessage(['READY']));
  });
}
/** A reply timeout far past the test's (a receiver that never answers at all still fails after 5 s). */
const NEVER_MS = 600_000;

async function failure(conn: Connection): Promise<ConnectionError> {
  try {
    await conn.request({ cmd: 'HELLO', name: 'a.bin' });
  } catch (err) {
    assert.ok(err instanceof ConnectionError);
    return err;
  } finally {
    conn.close();
  }
  throw new Error('the request was answered');
}

test('a peer that is no ZMTP receiver, or not a ROUTER, fails the request at once and says so', async () => {
  const http = await rawReceiver((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
  const notZmtp = await failure(new Connection(http, NEVER_MS));
  assert.equal(notZmtp.code, 'unreachable');
  assert.match(notZmtp.message, /is not a ZeroDrop receiver: not a ZMTP peer/);

  const dealer = await rawReceiver((socket) => socket.write(Buffer.concat([ourGreeting(), encodeCommand(readyBody({ 'Socket-Type': 'DEALER' }))])));
  const wrongType = await failure(new Connection(dealer, NEVER_MS));
  assert.match(wrongType.message, /a "DEALER" socket cannot talk to a DEALER; ROUTER can/);
});

test('a reply past the bound ends the connection as soon as its header says so: nothing of it is held', async () => {
  const huge = Buffer.alloc(9);
  huge[0] = FLAG_LONG;
  huge.writeBigUInt64BE(1n << 40n, 1);
  const endpoint = await rawReceiver((socket) => socket.write(Buffer.concat([ourGreeting(), routerReady(), huge])));
  const err = await failure(new Connection(endpoint, NEVER_MS));
  assert.equal(err.code, 'unreachable');
  assert.match(err.message, /the receiver at tcp:\S+ broke the protocol: /);
});

test('no request leaves before the receiver’s READY, and then all of them leave in order', async () => {
  let sendReady: (() => void) | undefined;
  let got: (() => Buffer) | undefined;
  let beforeReady: Buffer = Buffer.alloc(0);
  const endpoint = await rawReceiver((socket, received) => {
    got = received;
    socket.write(ourGreeting());
    sendReady = () => {
      beforeReady = received();
      socket.write(routerReady());
    };
    answerHellos(socket, received);
  });
  const conn = new Connection(endpoint, NEVER_MS);
  try {
    const replies = [0, 1, 2].map((i) => conn.request({ cmd: 'HELLO', name: `r${i}.bin` }));
    const readyBytes = encodeCommand(readyBody({ 'Socket-Type': 'DEALER' }));
    await until(() => sendReady !== undefined && got!().length >= GREETING_BYTES + readyBytes.length, 'the sender’s greeting and READY');
    // Time enough for requests written too early to arrive too (a loaded machine may only make this test pass wrongly, never fail it).
    await new Promise((resolve) => setTimeout(resolve, 200));
    sendReady!();
    assert.deepEqual(await Promise.all(replies), [{ ok: true }, { ok: true }, { ok: true }]);
    assert.deepEqual(beforeReady, Buffer.concat([ourGreeting(), readyBytes]), 'only the greeting and READY came before the receiver’s READY');
    assert.equal(beforeReady.length, GREETING_BYTES + readyBytes.length);
  } finally {
    conn.close();
  }
});

test('a heartbeat PING is answered with a PONG carrying its context', async () => {
  let pong: Buffer | null = null;
  const ping = encodeCommand(commandBody('PING', Buffer.from([0, 100, ...Buffer.from('ctx-42')])));
  const expected = encodeCommand(commandBody('PONG', Buffer.from('ctx-42')));
  const endpoint = await rawReceiver((socket, got) => {
    socket.write(Buffer.concat([ourGreeting(), routerReady(), ping]));
    socket.on('data', () => {
      const bytes = got();
      if (bytes.subarray(-expected.length).equals(expected)) pong = expected;
    });
  });
  const conn = new Connection(endpoint, NEVER_MS);
  try {
    void conn.request({ cmd: 'HELLO', name: 'p.bin' }).catch(() => undefined);
    await until(() => pong !== null, 'the PONG');
  } finally {
    conn.close();
  }
});

test('a receiver that starts listening after the sender is reached once it does, as libzmq reconnects', async () => {
  const port = await freePort();
  const conn = new Connection(`tcp://127.0.0.1:${port}`, NEVER_MS);
  try {
    const reply = conn.request({ cmd: 'HELLO', name: 'l0.bin' });
    // Several refused connections first.
    await new Promise((resolve) => setTimeout(resolve, 350));
    await rawReceiver((socket, got) => {
      socket.write(Buffer.concat([ourGreeting(), routerReady()]));
      answerHellos(socket, got);
    }, port);
    assert.deepEqual(await reply, { ok: true });
  } finally {
    conn.close();
  }
});

test('an endpoint that cannot be connected to throws, and leaves no timer or socket to hold the thread', () => {
  const before = process.getActiveResourcesInfo().filter((kind) => kind !== 'TTYWrap');
  for (const bad of ['tcp://127.0.0.1', 'tcp://host:99999', 'inproc://x']) assert.throws(() => new Connection(bad, NEVER_MS), /endpoint|65535|inproc/);
  assert.deepEqual(process.getActiveResourcesInfo().filter((kind) => kind !== 'TTYWrap'), before);
});

test('a receiver that answers more than it was sent, or floods PINGs while it reads nothing, is bounded', async () => {
  // Replies in the same bytes as READY, more than there are requests: the first waits for its request to be written, the second ends it all.
  const eager = await rawReceiver((socket) => socket.write(Buffer.concat([ourGreeting(), routerReady(), encodeMessage(['READY']), encodeMessage(['READY'])])));
  const err = await failure(new Connection(eager, NEVER_MS));
  assert.match(err.message, /the receiver at tcp:\S+ broke the protocol: it answered more requests than it was sent/);

  // A flood of PINGs at a receiver that reads nothing: their PONGs (23 bytes each) would be far more than loopback's buffers hold.
  const pings = 1_000_000;
  const ping = encodeCommand(commandBody('PING', Buffer.from([0, 0, ...Buffer.from('0123456789abcdef')])));
  let pongBytes = 0;
  let server: net.Socket | undefined;
  let received: (() => Buffer) | undefined;
  const flood = await rawReceiver((socket, got) => {
    server = socket;
    received = got;
    socket.pause();
    // The reply after the flood answers the HELLO, which left right after READY: once it is in, every PING has been read.
    socket.write(Buffer.concat([ourGreeting(), routerReady(), Buffer.concat(Array.from({ length: pings }, () => ping)), encodeMessage(['READY'])]));
    socket.on('data', () => (pongBytes = got().length));
  });
  const conn = new Connection(flood, NEVER_MS);
  try {
    assert.deepEqual(await conn.request({ cmd: 'HELLO', name: 'f0.bin' }), { ok: true });
    server!.resume();
    let last = -1;
    await until(async () => {
      const quiet = pongBytes === last;
      last = pongBytes;
      await new Promise((resolve) => setTimeout(resolve, 200));
      return quiet;
    }, 'the PONGs to stop coming');
    const pongs = Math.floor(pongBytes / 23);
    assert.ok(pongs < pings / 4, `${pongs} PONGs for ${pings} PINGs`);
    // Heartbeats are still answered once the receiver reads again.
    const later = encodeCommand(commandBody('PONG', Buffer.from('fedcba9876543210')));
    server!.write(encodeCommand(commandBody('PING', Buffer.from([0, 0, ...Buffer.from('fedcba9876543210')]))));
    await until(() => received!().subarray(-later.length).equals(later), 'a PONG to the PING after the flood');
  } finally {
    conn.close();
  }
});

test('a reply that comes before its request is written whole waits until Node has let the request’s buffer go', async () => {
  const data = Buffer.alloc(32 * 1024 * 1024, 7);
  let server: net.Socket | undefined;
  const endpoint = await rawReceiver((socket, got) => {
    server = socket;
    socket.write(Buffer.concat([ourGreeting(), routerReady()]));
    // Answers as soon as the CHUNK begins, then reads nothing: most of its bytes are still the sender's.
    const answer = () => {
      if (!got().includes('CHUNK')) return;
      socket.off('data', answer);
      socket.pause();
      socket.write(encodeMessage(['READY']));
    };
    socket.on('data', answer);
  });
  const conn = new Connection(endpoint, NEVER_MS);
  try {
    let answered = false;
    const reply = conn.call(['CHUNK', 'big.bin', '0', String(data.length), 'crc32:00000000', data]).then(() => (answered = true));
    await until(() => server?.isPaused() === true, 'the early answer');
    // Once the sender has read the answer (not after a fixed time, which a loaded machine may not give it), it must still hold it.
    await until(() => (conn as unknown as { everReplied: boolean }).everReplied, 'the sender to read the early answer');
    assert.equal(answered, false, 'the answer is held while the chunk is unwritten');
    server!.resume();
    await reply;
  } finally {
    conn.close();
  }
});

test('replies held while one long write goes out still count as the receiver answering: a slow link is not timed out', async () => {
  const chunks = 24;
  const data = Buffer.alloc(2 * 1024 * 1024, 3);
  const endpoint = await rawReceiver((socket) => {
    socket.write(Buffer.concat([ourGreeting(), routerReady()]));
    // A slow link: each CHUNK is answered as soon as it begins, then nothing is read for half a second.
    // Only the bytes of each read are searched (a CHUNK's data is 0x03 bytes), so reading costs the same under load.
    let tail = '';
    socket.on('data', (bytes: Buffer) => {
      const text = tail + bytes.toString('latin1');
      tail = text.slice(-4);
      const begun = text.split('CHUNK').length - 1;
      if (begun === 0) return;
      for (let i = 0; i < begun; i++) socket.write(encodeMessage(['READY']));
      socket.pause();
      setTimeout(() => socket.resume(), 500);
    });
  });
  // A reply timeout well under the time the whole write takes (about 12 s), and ten times the half second between two replies.
  const conn = new Connection(endpoint, 5_000);
  try {
    // One turn: the requests leave in one write, and Node reports it written only once all of it is.
    const replies = Array.from({ length: chunks }, (_, i) => conn.call(['CHUNK', 'slow.bin', String(i * data.length), String(data.length), 'crc32:00000000', data]));
    const started = Date.now();
    await Promise.all(replies);
    assert.ok(Date.now() - started > 6_000, `the write took ${Date.now() - started} ms: too fast to show anything`);
  } finally {
    conn.close();
  }
});
