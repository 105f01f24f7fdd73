// Our sender into our receiver, both as actors in worker threads, over real
// sockets and real files.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { receiver, sendAll, sender } from '../support/actors.js';
import { listFiles, randomFile, sha256File } from '../support/files.js';
import { RawPeer } from '../support/rawPeer.js';
import { ReplyGate } from '../support/replyGate.js';
import { commandOf } from '../support/scriptedReceiver.js';
import * as zmq from 'zeromq';
import { tempDir } from '../support/tmp.js';
import { until } from '../support/wait.js';

describe('transfers end to end', () => {
  test('several files and a folder with sub-folders from one sender', async () => {
    const src = await tempDir('zd-src');
    await randomFile(path.join(src, 'one.bin'), 3_000_001);
    await randomFile(path.join(src, 'tree/a/b/two.bin'), 70_000);
    await writeFile(path.join(src, 'tree/empty.txt'), '');
    await randomFile(path.join(src, 'tree/a/three.bin'), 1);
    const { endpoint, dir, received } = await receiver();
    const { result, files } = await sendAll(endpoint, [path.join(src, 'one.bin'), path.join(src, 'tree')], { chunkBytes: 64 * 1024, window: 4 });
    assert.deepEqual(result.skipped, []);
    assert.deepEqual(files.map((f) => [f.name, f.status]).sort(), [
      ['one.bin', 'done'],
      ['tree/a/b/two.bin', 'done'],
      ['tree/a/three.bin', 'done'],
      ['tree/empty.txt', 'done'],
    ]);
    for (const name of ['one.bin', 'tree/a/b/two.bin', 'tree/a/three.bin', 'tree/empty.txt']) {
      assert.equal(await sha256File(path.join(dir, name)), await sha256File(path.join(src, name)), name);
    }
    const done = files.find((f) => f.name === 'one.bin')!;
    assert.equal(done.bytes, 3_000_001);
    assert.deepEqual(done.chunkMap.runs, [0, 46, 2], 'every chunk done, as one run');
    // The receiver reports at its own pace, at most 100 ms after it stored the last file.
    await until(() => [...received.values()].filter((f) => f.status === 'done').length === 4, 'the receiver to report four files');
    assert.deepEqual([...received.values()].map((f) => [f.name, f.status, f.storedAs]).sort(), [
      ['one.bin', 'done', 'one.bin'],
      ['tree/a/b/two.bin', 'done', 'tree/a/b/two.bin'],
      ['tree/a/three.bin', 'done', 'tree/a/three.bin'],
      ['tree/empty.txt', 'done', 'tree/empty.txt'],
    ]);
  });

  test("a file's updatedAt is when it last changed, not when its progress was sent", async () => {
    const src = await tempDir('zd-src');
    for (let f = 0; f < 10; f++) await randomFile(path.join(src, `f${f}.bin`), 5_000);
    const rx = await receiver();
    const { actor, files } = sender();
    const firstDone = new Map<string, number>();
    actor.onProgress((batch) => batch.forEach((f) => f.status === 'done' && !firstDone.has(f.id) && firstDone.set(f.id, f.updatedAt)));
    const { fileIds } = await actor.send(rx.endpoint, [src], {});
    await actor.idle();
    await until(() => [...rx.received.values()].filter((f) => f.status === 'done').length === 10, 'the receiver to report ten files');
    for (const id of fileIds) {
      const sent = files.get(id)!;
      const stored = [...rx.received.values()].find((f) => f.name === sent.name)!;
      // The receiver ends a file before it answers CLOSE; the sender, once the answer is in.
      // Stamped when progress went out (every 100 ms on each side), these came in either order;
      // and the first snapshot that says done must not carry a time from before the answer.
      for (const at of [sent.updatedAt, firstDone.get(id)!]) assert.ok(stored.updatedAt <= at, `${sent.name}: stored at ${stored.updatedAt}, sent at ${at}`);
    }
    // Asked again later, an ended file tells the same time.
    await new Promise((resolve) => setTimeout(resolve, 30));
    const again = new Map((await actor.files()).map((f) => [f.id, f.updatedAt]));
    assert.deepEqual(fileIds.map((id) => again.get(id)), fileIds.map((id) => files.get(id)!.updatedAt));
    const storedAgain = await rx.actor.files();
    assert.deepEqual(storedAgain.map((f) => f.updatedAt).sort(), [...rx.received.values()].map((f) => f.updatedAt).sort());
  });

  test('20 senders × 5 files at once, into one receiver', async () => {
    const src = await tempDir('zd-src');
    const { endpoint, dir } = await receiver();
    const batches = await Promise.all(
      Array.from({ length: 20 }, async (_, s) => {
        const folder = path.join(src, `sender${s}`);
        for (let f = 0; f < 5; f++) await randomFile(path.join(folder, `file${f}.bin`), 10_000 + s * 1000 + f * 37_000);
        return folder;
      }),
    );
    const outcomes = await Promise.all(batches.map((folder) => sendAll(endpoint, [folder], { chunkBytes: 16 * 1024 })));
    assert.equal(outcomes.flatMap((o) => o.files).filter((f) => f.status === 'done').length, 100);
    const stored = await listFiles(dir);
    assert.equal(stored.length, 100);
    for (const name of stored) assert.equal(await sha256File(path.join(dir, name)), await sha256File(path.join(src, name)), name);
  });

  test('the same name from two senders: one gets busy, the other arrives; then the first can send again', async () => {
    const { endpoint, dir } = await receiver();
    const holder = new RawPeer(endpoint);
    assert.deepEqual(await holder.request('HELLO', 'shared.txt'), ['READY']);
    const src = await tempDir('zd-src');
    await writeFile(path.join(src, 'shared.txt'), 'second sender');
    const { files } = await sendAll(endpoint, [path.join(src, 'shared.txt')]);
    assert.equal(files[0]!.status, 'failed');
    assert.equal(files[0]!.error?.code, 'busy');
    assert.match(files[0]!.error!.text, /^busy: "shared.txt" is already being received/);
    assert.deepEqual(files[0]!.chunkMap.runs, [0, 1, 0], 'its chunk never left: pending, not failed');
    assert.deepEqual(await holder.request('CLOSE', 'shared.txt', '0'), ['READY']);
    const again = await sendAll(endpoint, [path.join(src, 'shared.txt')]);
    assert.equal(again.files[0]!.status, 'done');
    assert.deepEqual(await listFiles(dir), ['shared (1).txt', 'shared.txt']);
  });

  test('the same name twice from one sender is sent one after the other, never interleaved', async () => {
    const { endpoint, dir } = await receiver();
    const a = await tempDir('zd-src');
    const b = await tempDir('zd-src');
    await randomFile(path.join(a, 'twin.bin'), 2_000_000);
    await randomFile(path.join(b, 'twin.bin'), 2_000_000);
    const { actor, files } = sender();
    const first = await actor.send(endpoint, [path.join(a, 'twin.bin')], { chunkBytes: 64 * 1024 });
    const second = await actor.send(endpoint, [path.join(b, 'twin.bin')], { chunkBytes: 64 * 1024 });
    await actor.idle();
    assert.equal(files.get(first.fileIds[0]!)?.status, 'done');
    assert.equal(files.get(second.fileIds[0]!)?.status, 'done');
    assert.equal(await sha256File(path.join(dir, 'twin.bin')), await sha256File(path.join(a, 'twin.bin')));
    assert.equal(await sha256File(path.join(dir, 'twin (1).bin')), await sha256File(path.join(b, 'twin.bin')));
  });

  test('a 512 MiB file arrives byte-identical', async () => {
    const src = await tempDir('zd-src');
    const file = await randomFile(path.join(src, 'large.bin'), 512 * 1024 * 1024);
    const { endpoint, dir } = await receiver();
    const { files } = await sendAll(endpoint, [file], { chunkBytes: 4 * 1024 * 1024, window: 8 });
    assert.equal(files[0]!.status, 'done', files[0]!.error?.text);
    assert.equal(await sha256File(path.join(dir, 'large.bin')), await sha256File(file));
  });

  test('an unreachable receiver fails every file with a clear word, in bounded time', async () => {
    const src = await tempDir('zd-src');
    await writeFile(path.join(src, 'a.txt'), 'a');
    await writeFile(path.join(src, 'b.txt'), 'b');
    const { files } = await sendAll('tcp://127.0.0.1:1', [path.join(src, 'a.txt'), path.join(src, 'b.txt')], { replyTimeoutMs: 1_000 });
    for (const file of files) {
      assert.equal(file.status, 'failed');
      assert.equal(file.error?.code, 'unreachable');
      assert.match(file.error!.text, /cannot reach tcp:\/\/127\.0\.0\.1:1/);
    }
  });

  test('a file waiting on a receiver that stopped answering shows cancelled at once', async (t) => {
    const src = await tempDir('zd-src');
    await writeFile(path.join(src, 'wait.txt'), 'w');
    // A receiver that answers HELLO and then nothing: with a ten-minute
    // reply timeout the file cannot end by itself while the test runs, so
    // "cancelled" can only come from the cancel, however slow the machine.
    const silent = new zmq.Router({ linger: 0 });
    t.after(() => silent.close());
    await silent.bind('tcp://127.0.0.1:0');
    void (async () => {
      const [id] = await silent.receive();
      await silent.send([id!, 'READY']);
    })().catch(() => undefined);
    const { actor, files } = sender();
    const { fileIds } = await actor.send(silent.lastEndpoint!, [path.join(src, 'wait.txt')], { replyTimeoutMs: 600_000 });
    const id = fileIds[0]!;
    await until(() => files.get(id)?.status === 'active', 'the file to start');
    actor.cancel(id);
    await until(() => files.get(id)?.status === 'cancelled', 'the file to show cancelled');
  });

  test('a missing path, or an endpoint no connection can be made to, is refused before anything is queued', async () => {
    const { actor } = sender();
    await assert.rejects(actor.send('tcp://127.0.0.1:1', ['/nonexistent/zerodrop/file']), /no such file or folder: \/nonexistent\/zerodrop\/file/);
    // An endpoint no connection can be made to is refused before any file is queued (it would stay queued for ever).
    const src = await tempDir('zd-src');
    await writeFile(path.join(src, 'a.txt'), 'a');
    for (const [endpoint, why] of [['tcp://127.0.0.1:99999', /over 65535/], ['inproc://x', /inproc:\/\/ cannot carry raw ZMTP/]] as const) {
      await assert.rejects(actor.send(endpoint, [path.join(src, 'a.txt')], {}, { plain: true }), why);
    }
    assert.equal((await actor.files()).length, 0, 'no file was queued');
  });

  test('a file cancelled while its last chunk is in transit shows cancelled at once and leaves nothing on the receiver; retry sends it whole', async () => {
    const chunkBytes = 64 * 1024;
    const file = await randomFile(path.join(await tempDir('zd-src'), 'cancel.bin'), 8 * chunkBytes);
    const { endpoint, dir } = await receiver();
    const gate = await ReplyGate.start(endpoint);
    const { actor, files } = sender();
    // Every other chunk is answered READY: a CLOSE with the real size would store the file.
    const held = gate.holdAt((request) => commandOf(request)[0] === 'CHUNK' && request[2]!.toString() === String(7 * chunkBytes));
    const { fileIds } = await actor.send(gate.endpoint, [file], { chunkBytes, window: 1, replyTimeoutMs: 120_000 });
    const id = fileIds[0]!;
    await held;
    actor.cancel(id);
    // Shown while the chunk's reply is still held: at once, not when the transfer ends.
    await until(() => files.get(id)?.status === 'cancelled', 'the file to show cancelled');
    gate.open();
    await actor.idle();
    assert.equal(files.get(id)?.status, 'cancelled');
    assert.deepEqual(await listFiles(dir), []);
    // The mailbox keeps order: idle() is answered after the retry is queued.
    actor.retry(id);
    await actor.idle();
    assert.equal(files.get(id)?.status, 'done');
    assert.equal(await sha256File(path.join(dir, 'cancel.bin')), await sha256File(file));
  });

  test('a file name the protocol refuses is reported, not sent', async () => {
    const src = await tempDir('zd-src');
    await mkdir(path.join(src, 'dir'));
    await writeFile(path.join(src, 'dir', 'back\\slash.txt'), 'x');
    await writeFile(path.join(src, 'dir', 'fine.txt'), 'y');
    const { endpoint, dir } = await receiver();
    const { result, files } = await sendAll(endpoint, [path.join(src, 'dir')]);
    assert.equal(result.skipped.length, 1);
    assert.match(result.skipped[0]!.reason, /forbidden character/);
    assert.deepEqual(files.map((f) => f.status), ['done']);
    assert.deepEqual(await listFiles(dir), ['dir/fine.txt']);
  });
});
