// Batches as the engine marks them (FileProgress.batch) on both sides, plain
// and encrypted, and a receiver's own Cancel, over real sockets into a real
// receive folder.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import * as zmq from 'zeromq';
import { Sender } from '../../electron/engine/sender/sender.js';
import { BATCH_IDLE_MS } from '../../electron/engine/receiver/replyChannel.js';
import { senderSecurity } from '../../electron/engine/trust/trustBooks.js';
import type { FileProgress } from '../../shared/transfer.js';
import { listFiles } from '../support/files.js';
import { freePort } from '../support/ports.js';
import { chunk } from '../support/rawPeer.js';
import { startReceiver } from '../support/receiver.js';
import { senderDevice, startSecureReceiver } from '../support/secureReceiver.js';
import { tempDir } from '../support/tmp.js';
import { until } from '../support/wait.js';

/** A bare v1 sender on one connection, one request at a time. */
class PlainSender {
  private readonly socket = new zmq.Dealer({ linger: 0, receiveTimeout: 10_000 });

  constructor(endpoint: string) {
    this.socket.connect(endpoint);
  }

  async request(...frames: Array<string | Uint8Array>): Promise<string> {
    await this.socket.send(frames);
    return (await this.socket.receive()).map((frame) => frame.toString('utf8')).join(' ');
  }

  /** A whole empty file: HELLO then CLOSE 0. */
  async empty(name: string): Promise<void> {
    assert.equal(await this.request('HELLO', name), 'READY');
    assert.equal(await this.request('CLOSE', name, '0'), 'READY');
  }

  close(): void {
    this.socket.close();
  }
}

test('the sender: the files of one Send share a batch, which send() returns and a retry keeps; another Send is another batch', async () => {
  const src = await tempDir('zd-src');
  await Promise.all(['a', 'b', 'c'].map((name) => writeFile(path.join(src, name), name)));
  const { endpoint, receiver } = await startReceiver();
  const sender = new Sender(() => undefined);
  try {
    const first = await sender.send(endpoint, [path.join(src, 'a'), path.join(src, 'b')]);
    await sender.idle();
    const second = await sender.send(endpoint, [path.join(src, 'c')]);
    await sender.idle();
    assert.notEqual(first.batch, second.batch);
    const batchOf = new Map(sender.files().map((file) => [file.name, file.batch]));
    assert.deepEqual(Object.fromEntries(batchOf), { a: first.batch, b: first.batch, c: second.batch });

    // Each Send came on its own connection: two batches on the receiver too, each with its files.
    await until(() => receiver.files().filter((file) => file.status === 'done').length === 3, 'three files stored');
    const received = new Map(receiver.files().map((file) => [file.name, file.batch]));
    assert.equal(received.get('a'), received.get('b'));
    assert.notEqual(received.get('a'), received.get('c'));

    // A retry is still part of its Send.
    sender.cancel(second.fileIds[0]!);
    sender.retry(second.fileIds[0]!);
    assert.equal(sender.files().find((file) => file.id === second.fileIds[0])!.batch, second.batch);
    await sender.idle();
  } finally {
    await sender.close();
  }
});

test('encrypted: the receiving side’s batch is the one its sender announced, one per Send, with no pause between the two Sends', async () => {
  const src = await tempDir('zd-src');
  await Promise.all(['a', 'b', 'c', 'd'].map((name) => writeFile(path.join(src, name), name)));
  const rx = await startSecureReceiver();
  const device = await senderDevice();
  const sender = new Sender(() => undefined, senderSecurity);
  const trust = { plain: false as const, configDir: device.configDir };
  try {
    // The second Send starts while the first may still be moving: no idle pause tells them apart, only the wire's batch.
    const first = await sender.send(rx.address, [path.join(src, 'a'), path.join(src, 'b')], {}, trust);
    const second = await sender.send(rx.address, [path.join(src, 'c'), path.join(src, 'd')], {}, trust);
    await sender.idle();
    assert.deepEqual(
      sender.files().map((file) => [file.name, file.status]),
      ['a', 'b', 'c', 'd'].map((name) => [name, 'done']),
    );
    await until(() => rx.receiver.files().filter((file) => file.status === 'done').length === 4, 'four files stored');
    const received = Object.fromEntries(rx.receiver.files().map((file) => [file.name, file.batch]));
    assert.deepEqual(received, { a: first.batch, b: first.batch, c: second.batch, d: second.batch });
  } finally {
    await sender.close();
  }
});

test('the receiver: one connection’s files are one batch until it falls idle; another connection is another batch', { timeout: 30_000 }, async () => {
  const { endpoint, receiver } = await startReceiver();
  const one = new PlainSender(endpoint);
  const other = new PlainSender(endpoint);
  try {
    await one.empty('first');
    await one.empty('second');
    await other.empty('elsewhere');
    await new Promise((resolve) => setTimeout(resolve, BATCH_IDLE_MS + 300));
    await one.empty('after a pause');
    await until(() => receiver.files().length === 4, 'four files reported');
    const batch = new Map(receiver.files().map((file) => [file.name, file.batch]));
    assert.equal(batch.get('first'), batch.get('second'));
    assert.notEqual(batch.get('first'), batch.get('elsewhere'));
    assert.notEqual(batch.get('first'), batch.get('after a pause'));
    assert.equal(new Set(batch.values()).size, 3);
  } finally {
    one.close();
    other.close();
  }
});

test('a receiver’s Cancel removes the partial file and answers the sender’s next request with denied: cancelled by the receiver', async () => {
  const { endpoint, receiver, dir } = await startReceiver();
  const peer = new PlainSender(endpoint);
  try {
    assert.equal(await peer.request('HELLO', 'unwanted.bin'), 'READY');
    const data = Buffer.alloc(1000, 7);
    assert.equal(await peer.request(...chunk('unwanted.bin', 0, data)), 'READY');
    assert.notDeepEqual(await listFiles(dir), [], 'its partial file is there');
    const id = receiver.files().find((file) => file.name === 'unwanted.bin')!.id;
    assert.equal(receiver.cancel(id), true);
    assert.equal(await peer.request(...chunk('unwanted.bin', 1000, data)), 'ERROR denied: cancelled by the receiver');
    await until(async () => (await listFiles(dir)).length === 0, 'the partial file removed');
    const file = receiver.files().find((f) => f.id === id)!;
    assert.equal(file.status, 'failed');
    assert.deepEqual(file.error, { code: 'denied', text: 'denied: cancelled by the receiver' });
    // The name is free again: a new HELLO starts afresh.
    assert.equal(await peer.request('HELLO', 'unwanted.bin'), 'READY');
    assert.equal(receiver.cancel('no such id'), false);
  } finally {
    peer.close();
  }
});

test('a Send of more files than the sender keeps stays whole: every file reports how it ended, and the batch goes whole after the next Send', async () => {
  const src = await tempDir('zd-src');
  const kept = 1_000;
  const count = kept + 100;
  for (let start = 0; start < count; start += 1_000) {
    await Promise.all(Array.from({ length: Math.min(1_000, count - start) }, (_, i) => writeFile(path.join(src, `f${start + i}`), '')));
  }
  const lone = path.join(await tempDir('zd-src'), 'lone');
  await writeFile(lone, '');
  const latest = new Map<string, FileProgress>();
  const sender = new Sender((files) => files.forEach((file) => latest.set(file.id, file)), undefined, kept);
  // Nobody listens there: every file fails, as one batch.
  const endpoint = `tcp://127.0.0.1:${await freePort()}`;
  try {
    const big = await sender.send(endpoint, [src]);
    await sender.idle();
    assert.equal(big.fileIds.length, count);
    assert.equal(big.fileIds.filter((id) => latest.get(id)?.status === 'failed').length, count, 'every file said it failed');
    assert.equal(sender.files().length, count, 'the whole batch is still there to retry');

    await sender.send(endpoint, [lone]);
    await sender.idle();
    assert.deepEqual(sender.files().map((file) => file.name), ['lone'], 'the older batch went, whole');
  } finally {
    await sender.close();
  }
});
