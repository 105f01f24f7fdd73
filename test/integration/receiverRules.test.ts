// Each rule of PROTOCOL.md §3–§8, over a real ROUTER, from a bare DEALER.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, watch } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { digestHex } from '../../electron/engine/protocol/checksum.js';
import { listFiles } from '../support/files.js';
import { codeOf, RawPeer, reqRequest, type Frame } from '../support/rawPeer.js';
import { startReceiver } from '../support/receiver.js';
import { smallTmpfs } from '../support/tmpfs.js';
import { until } from '../support/wait.js';
import { whileWritesWait } from '../support/threadPool.js';

const crc = (data: Buffer) => `crc32:${digestHex('crc32', data)}`;
const chunk = (name: string, offset: number, data: Buffer, checksum = crc(data)): Frame[] => [
  'CHUNK',
  name,
  String(offset),
  String(data.length),
  checksum,
  data,
];

async function sendWhole(peer: RawPeer, name: string, data: Buffer): Promise<string[]> {
  const replies = await peer.pipeline([['HELLO', name], chunk(name, 0, data), ['CLOSE', name, String(data.length)]]);
  return replies.map(codeOf);
}

describe('§3 messages and replies', () => {
  test('a malformed message gets bad-request and the connection goes on', async () => {
    const { endpoint, dir } = await startReceiver();
    const peer = new RawPeer(endpoint);
    const replies = await peer.pipeline([['NOPE'], ['HELLO'], ['CHUNK', 'a', '0'], ['CLOSE', 'a', 'ten'], ['CLOSE', 'a', '1', 'extra']]);
    assert.deepEqual(replies.map(codeOf), ['bad-request', 'bad-request', 'bad-request', 'bad-request', 'bad-request']);
    assert.match(replies[0]![1]!, /^bad-request: .+/);
    assert.deepEqual(await sendWhole(peer, 'ok.txt', Buffer.from('fine')), ['READY', 'READY', 'READY']);
    assert.equal(await readFile(path.join(dir, 'ok.txt'), 'utf8'), 'fine');
  });

  test('replies come one per request, in order, for interleaved transfers', async () => {
    const { endpoint, dir } = await startReceiver();
    const peer = new RawPeer(endpoint);
    const a = randomBytes(300_000);
    const b = Buffer.from('bee');
    const replies = await peer.pipeline([
      ['HELLO', 'a.bin'],
      ['HELLO', 'b.txt'],
      chunk('a.bin', 200_000, a.subarray(200_000)),
      chunk('b.txt', 0, b, 'crc32:00000000'),
      chunk('b.txt', 0, b),
      chunk('a.bin', 0, a.subarray(0, 200_000)),
      ['CLOSE', 'b.txt', '3'],
      ['CLOSE', 'a.bin', String(a.length)],
    ]);
    assert.deepEqual(replies.map(codeOf), ['READY', 'READY', 'READY', 'bad-checksum', 'READY', 'READY', 'READY', 'READY']);
    assert.ok((await readFile(path.join(dir, 'a.bin'))).equals(a));
    assert.equal(await readFile(path.join(dir, 'b.txt'), 'utf8'), 'bee');
  });

  test('a REQ sender is answered with its envelope (§1)', async () => {
    const { endpoint, dir } = await startReceiver();
    assert.deepEqual(await reqRequest(endpoint, ['HELLO', 'req.txt']), ['READY']);
    // The transfer belongs to that REQ socket's routing id; another socket cannot close it.
    assert.equal(codeOf(await reqRequest(endpoint, ['CLOSE', 'req.txt', '0'])), 'unknown-transfer');
    assert.deepEqual(await listFiles(dir).then((f) => f.filter((n) => !n.startsWith('.'))), []);
  });

  test('the first broken rule names the error', async () => {
    const { endpoint } = await startReceiver({ maxChunkBytes: 4 });
    const peer = new RawPeer(endpoint);
    await peer.request('HELLO', 'order.bin');
    const replies = await peer.pipeline([
      ['CHUNK', '../x', '01', '1', 'nope', 'a'], // number before name
      ['CHUNK', '../x', '0', '1', 'nope', 'a'], // name before transfer
      ['CHUNK', 'other', '0', '2', 'nope', 'a'], // transfer before size
      ['CHUNK', 'order.bin', '0', '2', 'nope', 'a'], // size before limits
      ['CHUNK', 'order.bin', '0', '5', 'nope', 'abcde'], // limits before checksum
      ['CHUNK', 'order.bin', '0', '1', 'nope', 'a'], // checksum
    ]);
    assert.deepEqual(replies.map(codeOf), ['bad-request', 'bad-name', 'unknown-transfer', 'bad-size', 'too-large', 'bad-checksum']);
  });
});

describe('§4 file names', () => {
  test('bad names are refused and nothing is written outside the folder', async () => {
    const { endpoint, dir } = await startReceiver();
    const peer = new RawPeer(endpoint);
    const names = ['../escape.txt', '/tmp/abs.txt', 'a/../../b', 'C:evil', 'a\\b', 'x/.zerodrop-0011223344556677.part', 'nul\u0000.txt', ''];
    const replies = await peer.pipeline(names.map((n) => ['HELLO', n]));
    assert.deepEqual(replies.map(codeOf), names.map(() => 'bad-name'));
    assert.equal(existsSync(path.join(dir, '..', 'escape.txt')), false);
    assert.deepEqual(await listFiles(dir), []);
  });

  test('a link planted in the folder is refused, not followed', async () => {
    const outside = path.join(await startReceiver().then((r) => r.dir), 'outside');
    await mkdir(outside);
    const { endpoint, dir } = await startReceiver();
    await symlink(outside, path.join(dir, 'link'));
    const peer = new RawPeer(endpoint);
    assert.equal(codeOf(await peer.request('HELLO', 'link/passwd')), 'denied');
    assert.equal(codeOf(await peer.request('HELLO', 'link/deeper/x')), 'denied');
    assert.deepEqual(await listFiles(outside), []);
  });

  test('a file where a folder is needed: exists', async () => {
    const { endpoint, dir } = await startReceiver();
    await writeFile(path.join(dir, 'plain'), 'I am a file');
    const peer = new RawPeer(endpoint);
    assert.equal(codeOf(await peer.request('HELLO', 'plain/inner.txt')), 'exists');
    assert.equal(await readFile(path.join(dir, 'plain'), 'utf8'), 'I am a file');
    // Pipelined behind its failing HELLO, a CLOSE names no transfer (§5.1).
    const replies = await peer.pipeline([['HELLO', 'plain/again.txt'], ['CLOSE', 'plain/again.txt', '0']]);
    assert.deepEqual(replies.map(codeOf), ['exists', 'unknown-transfer']);
  });

  test('sub-folders are created as needed', async () => {
    const { endpoint, dir } = await startReceiver();
    const peer = new RawPeer(endpoint);
    assert.deepEqual(await sendWhole(peer, 'f/g/h/deep.txt', Buffer.from('deep')), ['READY', 'READY', 'READY']);
    assert.equal(await readFile(path.join(dir, 'f/g/h/deep.txt'), 'utf8'), 'deep');
  });
});

describe('§5 one transfer', () => {
  test('busy: a name in transit, from the same sender or another', async () => {
    const { endpoint } = await startReceiver();
    const one = new RawPeer(endpoint);
    const two = new RawPeer(endpoint);
    assert.equal(codeOf(await one.request('HELLO', 'same.txt')), 'READY');
    const again = await one.request('HELLO', 'same.txt');
    assert.equal(codeOf(again), 'busy');
    assert.match(again[1]!, /^busy: "same.txt" is already being received/);
    assert.equal(codeOf(await two.request('HELLO', 'same.txt')), 'busy');
    // The first transfer is not affected.
    assert.deepEqual((await one.pipeline([chunk('same.txt', 0, Buffer.from('x')), ['CLOSE', 'same.txt', '1']])).map(codeOf), ['READY', 'READY']);
  });

  test('unknown-transfer: no HELLO, another sender, or after CLOSE', async () => {
    const { endpoint } = await startReceiver();
    const one = new RawPeer(endpoint);
    const two = new RawPeer(endpoint);
    assert.equal(codeOf(await one.request(...chunk('never.txt', 0, Buffer.from('x')))), 'unknown-transfer');
    await one.request('HELLO', 'mine.txt');
    assert.equal(codeOf(await two.request(...chunk('mine.txt', 0, Buffer.from('x')))), 'unknown-transfer');
    assert.equal(codeOf(await two.request('CLOSE', 'mine.txt', '0')), 'unknown-transfer');
    assert.equal(codeOf(await one.request('CLOSE', 'mine.txt', '0')), 'READY');
    assert.equal(codeOf(await one.request(...chunk('mine.txt', 0, Buffer.from('x')))), 'unknown-transfer');
  });

  test('bad-size: size differs from the data, or is zero', async () => {
    const { endpoint } = await startReceiver();
    const peer = new RawPeer(endpoint);
    await peer.request('HELLO', 's.bin');
    const replies = await peer.pipeline([
      ['CHUNK', 's.bin', '0', '4', crc(Buffer.from('abc')), 'abc'],
      ['CHUNK', 's.bin', '0', '0', crc(Buffer.alloc(0)), Buffer.alloc(0)],
    ]);
    assert.deepEqual(replies.map(codeOf), ['bad-size', 'bad-size']);
  });

  test('bad-checksum for a wrong or malformed checksum; every accepted form works', async () => {
    const { endpoint, dir } = await startReceiver();
    const peer = new RawPeer(endpoint);
    const data = Buffer.from('checksummed');
    await peer.request('HELLO', 'c.bin');
    const forms = [
      digestHex('crc32', data),
      digestHex('sha1', data),
      digestHex('sha256', data),
      `sha1:${digestHex('sha1', data).toUpperCase()}`,
      `sha256:${digestHex('sha256', data)}`,
    ];
    const rejected = await peer.pipeline([
      chunk('c.bin', 0, data, 'crc32:deadbeef'),
      chunk('c.bin', 0, data, 'md5:0123'),
      chunk('c.bin', 0, data, digestHex('sha1', data).slice(0, 39)),
    ]);
    assert.deepEqual(rejected.map(codeOf), ['bad-checksum', 'bad-checksum', 'bad-checksum']);
    // One at a time: the same range twice in transit would overlap.
    for (const form of forms) assert.equal(codeOf(await peer.request(...chunk('c.bin', 0, data, form))), 'READY', form);
    assert.equal(codeOf(await peer.request('CLOSE', 'c.bin', String(data.length))), 'READY');
    assert.ok((await readFile(path.join(dir, 'c.bin'))).equals(data));
  });

  test('overlap with a chunk in transit; a READY range is rewritten by a retry', async () => {
    const { endpoint, dir, receiver } = await startReceiver();
    const peer = new RawPeer(endpoint);
    const big = randomBytes(8 * 1024 * 1024);
    await peer.request('HELLO', 'o.bin');
    const replies = await whileWritesWait(receiver, peer, [chunk('o.bin', 0, big), chunk('o.bin', 100, big.subarray(100, 200))]);
    assert.deepEqual(replies.map(codeOf), ['READY', 'overlap']);
    const patch = Buffer.alloc(100, 7);
    assert.equal(codeOf(await peer.request(...chunk('o.bin', 100, patch))), 'READY');
    assert.equal(codeOf(await peer.request('CLOSE', 'o.bin', String(big.length))), 'READY');
    const stored = await readFile(path.join(dir, 'o.bin'));
    assert.ok(stored.subarray(100, 200).equals(patch));
    assert.ok(stored.subarray(200).equals(big.subarray(200)));
  });

  test('CLOSE: incomplete and size-mismatch abort the transfer and remove its data', async () => {
    const { endpoint, dir } = await startReceiver();
    const peer = new RawPeer(endpoint);
    const replies = await peer.pipeline([
      ['HELLO', 'gap.bin'],
      chunk('gap.bin', 0, Buffer.from('aaaa')),
      chunk('gap.bin', 8, Buffer.from('cccc')),
      ['CLOSE', 'gap.bin', '12'],
      chunk('gap.bin', 4, Buffer.from('bbbb')),
      ['HELLO', 'long.bin'],
      chunk('long.bin', 0, Buffer.from('abcdef')),
      ['CLOSE', 'long.bin', '4'],
      ['HELLO', 'short.bin'],
      chunk('short.bin', 0, Buffer.from('ab')),
      ['CLOSE', 'short.bin', '3'],
    ]);
    assert.deepEqual(replies.map(codeOf), ['READY', 'READY', 'READY', 'incomplete', 'unknown-transfer', 'READY', 'READY', 'size-mismatch', 'READY', 'READY', 'incomplete']);
    assert.deepEqual(await listFiles(dir), []);
    // After an aborted transfer, a new HELLO starts it again.
    assert.deepEqual(await sendWhole(peer, 'gap.bin', Buffer.from('whole')), ['READY', 'READY', 'READY']);
  });

  test('a CLOSE that names no transfer of this sender changes nothing', async () => {
    const { endpoint } = await startReceiver();
    const peer = new RawPeer(endpoint);
    await peer.pipeline([['HELLO', 'keep.txt'], chunk('keep.txt', 0, Buffer.from('k'))]);
    const replies = await peer.pipeline([['CLOSE', 'keep.txt', 'x'], ['CLOSE', '../keep.txt', '1'], ['CLOSE', 'nope.txt', '1'], ['CLOSE', 'keep.txt', '1']]);
    assert.deepEqual(replies.map(codeOf), ['bad-request', 'bad-name', 'unknown-transfer', 'READY']);
  });

  test('an empty file is HELLO then CLOSE 0', async () => {
    const { endpoint, dir } = await startReceiver();
    const peer = new RawPeer(endpoint);
    assert.deepEqual((await peer.pipeline([['HELLO', 'empty'], ['CLOSE', 'empty', '0']])).map(codeOf), ['READY', 'READY']);
    assert.equal((await readFile(path.join(dir, 'empty'))).length, 0);
  });

  test('an idle transfer is aborted and its partial file removed', async (t) => {
    const { endpoint, dir } = await startReceiver({ idleMs: 200 });
    // The folder is watched from the start: the temporary file is seen to
    // come and go, however soon after its last chunk the check would run.
    const seen: string[] = [];
    const watcher = watch(dir, (_event, name) => name && seen.push(name));
    t.after(() => watcher.close());
    const peer = new RawPeer(endpoint);
    await peer.pipeline([['HELLO', 'idle.bin'], chunk('idle.bin', 0, Buffer.from('partial'))]);
    await until(() => seen.some((name) => /^\.zerodrop-[0-9a-z]+\.part$/.test(name)), 'a hidden temporary file while in transit');
    await until(async () => (await listFiles(dir)).length === 0, 'the idle transfer to be aborted');
    assert.equal(codeOf(await peer.request(...chunk('idle.bin', 7, Buffer.from('more')))), 'unknown-transfer');
    assert.equal(codeOf(await peer.request('HELLO', 'idle.bin')), 'READY');
  });
});

describe('§7 nothing lost', () => {
  test('an existing name is never overwritten: name (1).ext, name (2).ext', async () => {
    const { endpoint, dir } = await startReceiver();
    await writeFile(path.join(dir, 'report.pdf'), 'original');
    await symlink('/nonexistent/target', path.join(dir, 'report (1).pdf'));
    const peer = new RawPeer(endpoint);
    assert.deepEqual(await sendWhole(peer, 'report.pdf', Buffer.from('second')), ['READY', 'READY', 'READY']);
    assert.deepEqual(await sendWhole(peer, 'report.pdf', Buffer.from('third')), ['READY', 'READY', 'READY']);
    assert.equal(await readFile(path.join(dir, 'report.pdf'), 'utf8'), 'original');
    assert.equal(await readFile(path.join(dir, 'report (2).pdf'), 'utf8'), 'second');
    assert.equal(await readFile(path.join(dir, 'report (3).pdf'), 'utf8'), 'third');
  });

  test('the final name appears only once the whole file is there', async () => {
    const { endpoint, dir } = await startReceiver();
    const peer = new RawPeer(endpoint);
    await peer.pipeline([['HELLO', 'late.bin'], chunk('late.bin', 0, Buffer.from('half'))]);
    const during = await listFiles(dir);
    assert.equal(during.length, 1);
    assert.match(during[0]!, /^\.zerodrop-[0-9a-z]+\.part$/);
    await peer.request('CLOSE', 'late.bin', '4');
    assert.deepEqual(await listFiles(dir), ['late.bin']);
  });
});

describe('one receiver per folder', () => {
  test('a second receiver on a folder in use is refused with a clear word; once the first stops it starts', async () => {
    const { receiver, dir } = await startReceiver();
    await assert.rejects(startReceiver({}, dir), /another ZeroDrop receiver \(process \d+\) is receiving into /);
    await receiver.stop();
    const second = await startReceiver({}, dir);
    assert.equal(second.dir, dir);
  });
});

describe('§7 a full disk', () => {
  test('no-space rejects that chunk only; other transfers go on and nothing partial stays', async (t) => {
    const mountPoint = await smallTmpfs(t, 'size=1m', 'the full-disk case');
    if (!mountPoint) return;
    const { endpoint, dir, receiver } = await startReceiver({}, mountPoint);
    const peer = new RawPeer(endpoint);
    const small = Buffer.from('fits');
    const replies = await peer.pipeline([
      ['HELLO', 'small.txt'],
      ['HELLO', 'huge.bin'],
      chunk('small.txt', 0, small),
      chunk('huge.bin', 0, randomBytes(2 * 1024 * 1024)),
      ['CLOSE', 'small.txt', String(small.length)],
      ['CLOSE', 'huge.bin', String(2 * 1024 * 1024)],
    ]);
    assert.deepEqual(replies.map(codeOf), ['READY', 'READY', 'READY', 'no-space', 'READY', 'incomplete']);
    assert.match(replies[3]![1]!, /^no-space: /);
    assert.deepEqual(await listFiles(dir), ['small.txt']);
    await receiver.stop();
  });
});

describe('§8 limits', () => {
  test('too many transfers per sender, and in all: limit', async () => {
    const { endpoint } = await startReceiver({ maxTransfersPerSender: 2, maxTransfers: 3 });
    const one = new RawPeer(endpoint);
    const two = new RawPeer(endpoint);
    assert.deepEqual((await one.pipeline([['HELLO', 'a'], ['HELLO', 'b'], ['HELLO', 'c']])).map(codeOf), ['READY', 'READY', 'limit']);
    assert.deepEqual((await two.pipeline([['HELLO', 'd'], ['HELLO', 'e']])).map(codeOf), ['READY', 'limit']);
    assert.equal(codeOf(await one.request('CLOSE', 'a', '0')), 'READY');
    assert.equal(codeOf(await two.request('HELLO', 'e')), 'READY');
  });

  test('too many chunks in transit for one transfer: limit', async () => {
    const { endpoint, receiver } = await startReceiver({ maxChunksInTransitPerTransfer: 1 });
    const peer = new RawPeer(endpoint);
    const big = randomBytes(8 * 1024 * 1024);
    await peer.request('HELLO', 'l.bin');
    const replies = await whileWritesWait(receiver, peer, [chunk('l.bin', 0, big), chunk('l.bin', big.length, Buffer.from('next'))]);
    assert.deepEqual(replies.map(codeOf), ['READY', 'limit']);
  });

  test('a chunk over the limit: too-large; far over the socket maximum only that connection is dropped', async () => {
    const { endpoint, dir } = await startReceiver({ maxChunkBytes: 1024 });
    const peer = new RawPeer(endpoint);
    await peer.request('HELLO', 'big.bin');
    assert.equal(codeOf(await peer.request(...chunk('big.bin', 0, randomBytes(1025)))), 'too-large');
    // Data over the limit is not kept, only its first bytes (4097) and its
    // size: a size and a checksum that match those first bytes are still bad-size.
    const { endpoint: other } = await startReceiver({ maxChunkBytes: 4097 });
    const cut = new RawPeer(other);
    await cut.request('HELLO', 'cut.bin');
    const over = randomBytes(5000);
    assert.equal(codeOf(await cut.request('CHUNK', 'cut.bin', '0', '4097', crc(over.subarray(0, 4097)), over)), 'bad-size');
    const rogue = new RawPeer(endpoint);
    const dropped = rogue.dropped();
    void rogue.request(...chunk('huge.bin', 0, randomBytes(1024 * 1024))).catch(() => undefined);
    await dropped;
    assert.deepEqual(await sendWhole(new RawPeer(endpoint), 'after.txt', Buffer.from('still here')), ['READY', 'READY', 'READY']);
    assert.equal(await readFile(path.join(dir, 'after.txt'), 'utf8'), 'still here');
  });

  test('the largest file: too-large', async () => {
    const { endpoint } = await startReceiver({ maxFileBytes: 10 });
    const peer = new RawPeer(endpoint);
    await peer.request('HELLO', 'f.bin');
    const replies = await peer.pipeline([chunk('f.bin', 8, Buffer.from('abc')), ['CLOSE', 'f.bin', '11']]);
    assert.deepEqual(replies.map(codeOf), ['too-large', 'too-large']);
  });
});
