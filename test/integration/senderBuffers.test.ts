// Whose bytes a chunk buffer may carry. zeromq.js does not say when libzmq
// has let an encrypted chunk's buffer go, so a receiver that answers a CHUNK
// before reading it could have the buffer reused while libzmq still sends
// it: an encrypted peer's buffers must never be another peer's
// (sender/chunkPools.ts). Plain peers share theirs: the plain connection
// hands a reply on only once its request was written whole.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Request } from '../../shared/protocol.js';
import type { FileProgress } from '../../shared/transfer.js';
import { Connection } from '../../electron/engine/sender/connection.js';
import { Sender } from '../../electron/engine/sender/sender.js';
import { senderSecurity } from '../../electron/engine/trust/trustBooks.js';
import { randomFile } from '../support/files.js';
import { startReceiver } from '../support/receiver.js';
import { senderDevice, startSecureReceiver } from '../support/secureReceiver.js';
import { tempDir } from '../support/tmp.js';
import { within } from '../support/wait.js';

/** Every connection each pooled buffer's bytes went out on, by the buffer's memory. */
function watchBuffers(): { peersOf: Map<ArrayBufferLike, Set<string>>; stop: () => void } {
  const peersOf = new Map<ArrayBufferLike, Set<string>>();
  const request = Connection.prototype.request;
  Connection.prototype.request = function (this: Connection, sent: Request) {
    // Pooled buffers are 64 KiB and more, each its own memory (small Buffers share Node's 8 KiB slabs).
    if (sent.cmd === 'CHUNK' && sent.data instanceof Uint8Array && sent.data.buffer.byteLength >= 64 * 1024) {
      const peers = peersOf.get(sent.data.buffer) ?? new Set<string>();
      peersOf.set(sent.data.buffer, peers.add(this.endpoint));
    }
    return request.call(this, sent);
  };
  return { peersOf, stop: () => (Connection.prototype.request = request) };
}

test('an encrypted receiver is never sent from a buffer that carried another receiver\'s bytes; plain receivers share theirs', async () => {
  const src = await tempDir('zd-src');
  // Small files go in whole-file buffers (bursts), the large one in 4 MiB chunk buffers.
  const files = await Promise.all([
    ...Array.from({ length: 6 }, (_, i) => randomFile(path.join(src, `small-${i}.bin`), 100_000)),
    randomFile(path.join(src, 'large.bin'), 9 * 1024 * 1024),
  ]);
  const { configDir } = await senderDevice();
  const [secureA, secureB, plainC, plainD] = await Promise.all([startSecureReceiver(), startSecureReceiver(), startReceiver(), startReceiver()]);
  const watch = watchBuffers();
  const latest = new Map<string, FileProgress>();
  const sender = new Sender((batch) => batch.forEach((f) => latest.set(f.id, f)), senderSecurity);
  try {
    // One after the other from one sender: with one shared set of buffers, each would reuse the one before's.
    for (const rx of [secureA, secureB]) {
      await sender.send(rx.address, files, { replyTimeoutMs: 10_000 }, { plain: false, configDir });
      await within(sender.idle(), 'the encrypted send to finish');
    }
    for (const rx of [plainC, plainD]) {
      await sender.send(rx.endpoint, files, { replyTimeoutMs: 10_000 });
      await within(sender.idle(), 'the plain send to finish');
    }
  } finally {
    watch.stop();
    await sender.close();
  }
  assert.deepEqual([...latest.values()].map((f) => f.status).filter((s) => s !== 'done'), [], 'every file arrived');
  const shared = [...watch.peersOf.values()].filter((peers) => peers.size > 1);
  const encryptedPort = (endpoint: string) => ![plainC.endpoint, plainD.endpoint].includes(endpoint);
  assert.deepEqual(shared.filter((peers) => [...peers].some(encryptedPort)).map((peers) => [...peers]), [], 'no buffer went to an encrypted receiver and to another');
  // The watch sees sharing where there is some: the plain receivers' buffers are one set.
  assert.ok(shared.some((peers) => peers.has(plainC.endpoint) && peers.has(plainD.endpoint)), 'the plain receivers shared buffers');
});
