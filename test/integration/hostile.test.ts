// Attacks on the receiver over real sockets: claimed routing ids, absurd
// offsets, huge names, peers that never read, garbage handshakes. After
// each, the receiver still answers a real sender (in this process: an
// abort inside libzmq would end the test run itself).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import * as zmq from 'zeromq';
import { codeOf, RawPeer } from '../support/rawPeer.js';
import { startReceiver } from '../support/receiver.js';
import { until } from '../support/wait.js';
import { ZmtpClient } from '../support/zmtpClient.js';
import { formatChecksum } from '../../electron/engine/protocol/checksum.js';
import { encodeMessage } from '../../electron/engine/zmtp/frameWriter.js';
import { PROGRESS_WINDOW_MS } from '../../electron/engine/receiver/transfer.js';
import { MAX_RUNS } from '../../electron/engine/progress/receivedMap.js';
import { ENDED_MAP_RUNS } from '../../electron/engine/receiver/transferBook.js';
import { listFiles } from '../support/files.js';

/** A whole small file through a plain DEALER: the receiver still serves. */
async function stillServes(endpoint: string, name = `ok-${randomBytes(4).toString('hex')}.bin`): Promise<void> {
  const peer = new RawPeer(endpoint);
  const data = randomBytes(1000);
  const replies = await peer.pipeline([['HELLO', name], ['CHUNK', name, '0', '1000', formatChecksum('crc32', data), data], ['CLOSE', name, '1000']]);
  assert.deepEqual(replies.map(codeOf), ['READY', 'READY', 'READY']);
  peer.close();
}

describe('a hostile network', () => {
  test('claimed routing ids, libzmq-style generated ones included, never reach libzmq', async () => {
    const { endpoint } = await startReceiver();
    // libzmq names a peer without an id 0x00 + a counter that starts at the
    // same value in every process (0x6b8b4567, glibc's first rand()).
    const claimers: ZmtpClient[] = [];
    for (let i = 0; i < 40; i++) {
      const id = Buffer.alloc(5);
      id.writeUInt32BE((0x6b8b4567 + i) >>> 0, 1);
      claimers.push(await ZmtpClient.connect(endpoint, { identity: id }));
    }
    for (const claimer of claimers) assert.equal(codeOf((await claimer.request(['HELLO', '']))!), 'bad-name');
    // …then peers without an id, which libzmq would have named with those same ids.
    for (let i = 0; i < 40; i++) await stillServes(endpoint);
    // Two connections claiming one id are two peers: neither can act on the other's transfers.
    const a = await ZmtpClient.connect(endpoint, { identity: Buffer.from('same') });
    const b = await ZmtpClient.connect(endpoint, { identity: Buffer.from('same') });
    assert.equal(codeOf((await a.request(['HELLO', 'mine.txt']))!), 'READY');
    assert.equal(codeOf((await b.request(['CLOSE', 'mine.txt', '0']))!), 'unknown-transfer');
    assert.equal(codeOf((await a.request(['CLOSE', 'mine.txt', '0']))!), 'READY');
  });

  test('an offset or a claimed size costs nothing in proportion to it', async () => {
    const { endpoint, receiver } = await startReceiver();
    const peer = await ZmtpClient.connect(endpoint);
    const chunk = (offset: number, data: Buffer) => ['CHUNK', 'far.bin', String(offset), String(data.length), formatChecksum('crc32', data), data];
    assert.equal(codeOf((await peer.request(['HELLO', 'far.bin']))!), 'READY');
    assert.equal(codeOf((await peer.request(chunk(0, Buffer.from('a'))))!), 'READY');
    const before = process.memoryUsage().rss;
    for (const offset of [1_000_000_000, 1_000_000_000_000]) {
      assert.equal(codeOf((await peer.request(chunk(offset, Buffer.from('bcd'))))!), 'READY');
    }
    // Past what the file system holds: refused with a code, nothing held.
    assert.equal(codeOf((await peer.request(chunk(Number.MAX_SAFE_INTEGER - 10, Buffer.from('bcd'))))!), 'too-large');
    const map = receiver.files().find((f) => f.name === 'far.bin')!.chunkMap;
    assert.ok(map.chunks <= 100_000, `${map.chunks} cells`);
    assert.ok(process.memoryUsage().rss - before < 64 * 1024 * 1024, 'memory grew with the offset');
    assert.equal(codeOf((await peer.request(['CLOSE', 'far.bin', '4']))!), 'incomplete');
    // The name is free again at once: nothing stays "in transit".
    assert.equal(codeOf((await peer.request(['HELLO', 'far.bin']))!), 'READY');
  });

  test('a checkerboard of one-byte chunks makes a map of few runs, in transit and once ended', async () => {
    const { endpoint, receiver } = await startReceiver();
    const peer = await ZmtpClient.connect(endpoint);
    const one = Buffer.from('x');
    assert.equal(codeOf((await peer.request(['HELLO', 'checker.bin']))!), 'READY');
    // 2,000 chunks at even offsets, 16 in transit at a time.
    for (let i = 0; i < 2_000; i += 16) {
      for (let j = i; j < i + 16; j++) peer.send(['CHUNK', 'checker.bin', String(2 * j), '1', formatChecksum('crc32', one), one]);
      for (let j = i; j < i + 16; j++) assert.equal(codeOf((await peer.next())!.map(String)), 'READY');
    }
    const runs = () => receiver.files().find((f) => f.name === 'checker.bin')!.chunkMap.runs.length / 3;
    assert.ok(runs() <= MAX_RUNS, `${runs()} runs in transit`);
    assert.equal(codeOf((await peer.request(['CLOSE', 'checker.bin', '4000']))!), 'incomplete');
    assert.ok(runs() <= ENDED_MAP_RUNS, `${runs()} runs kept once ended`);
  });

  test('a reply never repeats more than a bounded part of what a peer sent', async () => {
    const { endpoint } = await startReceiver();
    const peer = await ZmtpClient.connect(endpoint);
    for (const name of ['x'.repeat(30 * 1024 * 1024), `${'é'.repeat(5000)}/a`, `a/${'b'.repeat(300)}`]) {
      const reply = (await peer.request(['HELLO', name]))!;
      assert.equal(codeOf(reply), 'bad-name');
      assert.ok(Buffer.byteLength(reply[1]!) < 600, `${Buffer.byteLength(reply[1]!)} bytes of reply`);
    }
    const reply = (await peer.request([randomBytes(10_000), 'x']))!;
    assert.equal(codeOf(reply), 'bad-request');
    assert.ok(reply[1]!.length < 300);
    // A long name already stored, then a folder asked for where it stands: the reply names it, cut.
    const deep = Array.from({ length: 15 }, (_, i) => `${i}`.padEnd(200, 'd')).join('/');
    const one = Buffer.from('x');
    assert.equal(codeOf((await peer.request(['HELLO', deep]))!), 'READY');
    assert.equal(codeOf((await peer.request(['CHUNK', deep, '0', '1', formatChecksum('crc32', one), one]))!), 'READY');
    assert.equal(codeOf((await peer.request(['CLOSE', deep, '1']))!), 'READY');
    const blocked = (await peer.request(['HELLO', `${deep}/inside.bin`]))!;
    assert.equal(codeOf(blocked), 'exists');
    assert.ok(Buffer.byteLength(blocked[1]!) < 600, `${Buffer.byteLength(blocked[1]!)} bytes of reply`);
    await stillServes(endpoint);
  });

  test('a message of too many frames is counted, not kept, and answered bad-request', async () => {
    const { endpoint } = await startReceiver();
    const peer = await ZmtpClient.connect(endpoint);
    const frames = ['HELLO', ...Array.from({ length: 100_000 }, () => '')];
    const reply = (await peer.request(frames))!;
    assert.deepEqual(reply, ['ERROR', 'bad-request: HELLO takes 2 frames, got 100001']);
  });

  test('a peer that keeps sending chunks over the limit is answered each time, but read at a pace, while others are served', { timeout: 120_000 }, async () => {
    const { endpoint } = await startReceiver();
    const peer = await ZmtpClient.connect(endpoint);
    assert.equal(codeOf((await peer.request(['HELLO', 'over.bin']))!), 'READY');
    const data = randomBytes(16 * 1024 * 1024 + 1);
    const request = ['CHUNK', 'over.bin', '0', String(data.length), formatChecksum('crc32', data), data];
    const started = performance.now();
    for (let i = 0; i < 6; i++) peer.send(request);
    for (let i = 0; i < 6; i++) assert.equal(codeOf((await peer.next())!.map(String)), 'too-large');
    // 96 MiB let go: the first 32 MiB at once, the rest at 16 MiB/s — at least 4 s, however fast the machine.
    const seconds = (performance.now() - started) / 1000;
    assert.ok(seconds >= 3.5, `six chunks over the limit were all read in ${seconds.toFixed(1)} s`);
    await stillServes(endpoint);
  });

  test("refusals are paced behind a REQ peer's empty delimiter too", { timeout: 120_000 }, async () => {
    const { endpoint } = await startReceiver();
    const peer = await ZmtpClient.connect(endpoint);
    const started = performance.now();
    for (let i = 0; i < 2_000; i++) peer.send(['', 'CLOSE', `none-${i}.bin`, '0']);
    for (let i = 0; i < 2_000; i++) assert.equal(codeOf((await peer.next())!.map(String).slice(1)), 'unknown-transfer');
    // 1,000 refusals at once, the rest at 500 a second: at least 2 s, however fast the machine.
    const seconds = (performance.now() - started) / 1000;
    assert.ok(seconds >= 1.5, `2,000 refusals were all answered in ${seconds.toFixed(1)} s`);
    await stillServes(endpoint);
  });

  test('a peer that never reads its replies only hurts itself, and is disconnected', { timeout: 120_000 }, async () => {
    const { endpoint, receiver } = await startReceiver();
    const flooder = await ZmtpClient.connect(endpoint);
    flooder.socket.pause();
    // Requests whose ERROR replies are long, as many as the socket takes.
    const request = encodeMessage(['HELLO', `${'y'.repeat(200)}\u0001`]);
    let sent = 0;
    while (sent < 300_000 && !flooder.isClosed) {
      if (!flooder.sendRaw(request)) await new Promise((resolve) => setTimeout(resolve, 1));
      sent++;
      if (sent % 20_000 === 0) await stillServes(endpoint);
    }
    await stillServes(endpoint);
    // Its replies wait unread: the kernel ends the connection (TCP_USER_TIMEOUT, 15 s).
    await until(() => receiver.openConnections === 0, 'the non-reader to be disconnected', 90_000);
  });

  test('garbage, other protocols and other mechanisms are dropped; the receiver goes on', async () => {
    const { endpoint } = await startReceiver();
    const greeting = (major: number, mechanism: string) => {
      const g = Buffer.alloc(64);
      g[0] = 0xff;
      g[9] = 0x7f;
      g[10] = major;
      g.write(mechanism, 12);
      return g;
    };
    const attacks: Buffer[] = [
      randomBytes(1000),
      Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
      Buffer.from([0x01, 0x00]), // a ZMTP 1.0 peer
      greeting(1, '').subarray(0, 12), // ZMTP 2.0
      greeting(3, 'CURVE'),
      greeting(3, 'PLAIN'),
      Buffer.concat([greeting(3, 'NULL'), Buffer.from([0x04, 5, 4, ...Buffer.from('PING')])]), // a command before READY
      Buffer.concat([greeting(3, 'NULL'), Buffer.from([0x06, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])]), // a 2^63-byte command
      Buffer.concat([greeting(3, 'NULL'), Buffer.from([0xf0, 1, 0])]), // reserved flags
    ];
    for (const bytes of attacks) {
      const client = await ZmtpClient.connect(endpoint, { raw: true });
      client.sendRaw(bytes);
      await client.closed;
    }
    const huge = await ZmtpClient.connect(endpoint);
    huge.sendRaw(Buffer.from([0x02, 0x00, 0x00, 0x00, 0x10, 0, 0, 0, 0])); // a 64 GiB frame
    await huge.closed;
    const sub = await ZmtpClient.connect(endpoint, { socketType: 'SUB' });
    await sub.closed;
    await stillServes(endpoint);
  });

  test('connections past the limit push out idle ones, never a sender at work', { timeout: 120_000 }, async () => {
    const { endpoint, receiver } = await startReceiver();
    const idle: ZmtpClient[] = [];
    // From five hosts (one holds at most 64), none of them the working sender's 127.0.0.1.
    for (let i = 0; i < 300; i++) idle.push(await ZmtpClient.connect(endpoint, { raw: i % 2 === 0, localAddress: `127.0.0.${20 + (i % 5)}` }));
    await until(() => receiver.connections <= 256, 'the connection limit');
    // Idle connections make room once quiet; a working sender is served.
    await stillServes(endpoint);
    const worker = new zmq.Dealer({ linger: 0, receiveTimeout: 30_000 });
    worker.connect(endpoint);
    await worker.send(['HELLO', 'work.txt']);
    assert.equal((await worker.receive())[0]!.toString(), 'READY');
    worker.close();
    assert.ok(idle.some((c) => c.isClosed), 'no idle connection was closed');
  });

  test('peers that keep every transfer slot barely alive are the first to go at the limit', { timeout: 120_000 }, async () => {
    const { endpoint, dir } = await startReceiver({ maxTransfers: 4 });
    const hogs = [await ZmtpClient.connect(endpoint), await ZmtpClient.connect(endpoint)];
    const names = ['h0', 'h1', 'h2', 'h3'];
    for (const [i, name] of names.entries()) assert.equal(codeOf((await hogs[i % 2]!.request(['HELLO', name]))!), 'READY');
    const good = new RawPeer(endpoint);
    assert.equal(codeOf(await good.request('HELLO', 'wanted.txt')), 'limit');
    // One byte per second each keeps them from idling out, but is no progress.
    const started = Date.now();
    let offset = 0;
    let admitted: string[] | null = null;
    while (Date.now() - started < 60_000) {
      const byte = Buffer.from('x');
      for (const [i, name] of names.entries()) await hogs[i % 2]!.request(['CHUNK', name, String(offset), '1', formatChecksum('crc32', byte), byte]);
      offset++;
      const reply = await good.request('HELLO', 'wanted.txt');
      if (codeOf(reply) === 'READY') {
        admitted = reply;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    assert.ok(admitted, 'a well-behaved sender was locked out for a minute');
    const data = randomBytes(5000);
    assert.deepEqual((await good.pipeline([['CHUNK', 'wanted.txt', '0', '5000', formatChecksum('crc32', data), data], ['CLOSE', 'wanted.txt', '5000']])).map(codeOf), ['READY', 'READY']);
    assert.ok((await listFiles(dir)).includes('wanted.txt'));
  });

  test('a transfer whose chunk is still arriving is not pushed out for making no progress', { timeout: 120_000 }, async () => {
    const { endpoint, dir } = await startReceiver({ maxTransfers: 1 });
    const slow = await ZmtpClient.connect(endpoint);
    assert.equal(codeOf((await slow.request(['HELLO', 'slow.bin']))!), 'READY');
    // A 1 MiB chunk of which half has come, after a whole window without a reply: on a busy receiver, that is still progress.
    const data = randomBytes(1024 * 1024);
    const bytes = encodeMessage(['CHUNK', 'slow.bin', '0', String(data.length), formatChecksum('crc32', data), data]);
    slow.sendRaw(bytes.subarray(0, bytes.length - data.length / 2));
    await new Promise((resolve) => setTimeout(resolve, PROGRESS_WINDOW_MS + 1_000));
    const newcomer = await ZmtpClient.connect(endpoint);
    assert.equal(codeOf((await newcomer.request(['HELLO', 'newcomer.bin']))!), 'limit');
    slow.sendRaw(bytes.subarray(bytes.length - data.length / 2));
    assert.equal(codeOf((await slow.next())!.map(String)), 'READY');
    assert.equal(codeOf((await slow.request(['CLOSE', 'slow.bin', String(data.length)]))!), 'READY');
    assert.ok((await listFiles(dir)).includes('slow.bin'));
  });

  test('nothing written outside the folder and no final file without its CLOSE', async () => {
    const { endpoint, dir } = await startReceiver();
    const peer = await ZmtpClient.connect(endpoint);
    for (const name of ['../up.txt', '/abs.txt', 'a/../../x', 'C:/win.txt', '.zerodrop-abc1.part']) {
      assert.equal(codeOf((await peer.request(['HELLO', name]))!), 'bad-name');
    }
    assert.equal(codeOf((await peer.request(['HELLO', 'open.txt']))!), 'READY');
    peer.destroy();
    await until(async () => (await listFiles(dir)).length === 0, 'the gone peer’s partial file to be removed');
  });
});

