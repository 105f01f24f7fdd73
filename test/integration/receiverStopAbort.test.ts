// Stopping a receiver while a transfer of a peer that just left is still
// being aborted in the background (found by the memory test under load: a
// 768 MiB temporary file still being flushed when the CLI was stopped).
// stop() must wait for that abort before it closes the folder; otherwise
// the abort finds the folder closed, its rejection is unhandled, and the
// engine's worker thread — with it the CLI — exits with code 1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReceiveFolder } from '../../electron/engine/receiver/receiveFolder.js';
import type { TempFile } from '../../electron/engine/receiver/tempFile.js';
import { formatChecksum } from '../../electron/engine/protocol/checksum.js';
import { RECEIVER_STOPPED_TEXT } from '../../shared/transfer.js';
import { listFiles } from '../support/files.js';
import { portIsFree } from '../support/ports.js';
import { startReceiver } from '../support/receiver.js';
import { until } from '../support/wait.js';
import { ZmtpClient } from '../support/zmtpClient.js';

test('stop() waits for a gone peer’s transfer to be aborted before it closes the folder', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const { receiver, endpoint, dir } = await startReceiver();
    const peer = await ZmtpClient.connect(endpoint);
    assert.deepEqual(await peer.request(['HELLO', 'left.bin']), ['READY']);
    // The abort is held at its last step, removing the temporary file, until the test lets it go.
    const folder = (receiver as unknown as { folder: ReceiveFolder }).folder;
    const order: string[] = [];
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    const discard = folder.discard.bind(folder);
    folder.discard = async (temp: TempFile) => {
      order.push('abort held');
      await held;
      await discard(temp);
      order.push('abort done');
    };
    const close = folder.close.bind(folder);
    folder.close = () => {
      order.push('folder closed');
      return close();
    };
    peer.destroy();
    await until(() => order.includes('abort held'), 'the gone peer’s transfer to be aborted');
    const port = Number(endpoint.split(':').pop());
    const stopped = receiver.stop();
    // Once its port is free, stop() has nothing left to do but close the
    // folder (a few event-loop turns): it is given seconds to do so wrongly.
    await until(() => portIsFree(port), 'the receiver’s port to be free');
    await until(() => order.includes('folder closed'), 'the folder to be closed too early', 3_000).catch(() => undefined);
    letGo();
    await stopped;
    assert.deepEqual(order, ['abort held', 'abort done', 'folder closed']);
    assert.deepEqual(await listFiles(dir), [], 'the temporary file is removed');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

test('a transfer in transit when the receiver stops ends as stopped by the receiver, not as its sender gone', async () => {
  const { receiver, endpoint } = await startReceiver();
  const peer = await ZmtpClient.connect(endpoint);
  assert.deepEqual(await peer.request(['HELLO', 'open.bin']), ['READY']);
  const data = Buffer.alloc(1000, 1);
  assert.deepEqual(await peer.request(['CHUNK', 'open.bin', '0', '1000', formatChecksum('crc32', data), data]), ['READY']);
  await receiver.stop();
  const file = receiver.files().find((f) => f.name === 'open.bin')!;
  assert.equal(file.status, 'failed');
  assert.equal(file.error?.text.includes(RECEIVER_STOPPED_TEXT), true, JSON.stringify(file.error));
});
