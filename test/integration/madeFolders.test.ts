// A failed transfer removes the folders its HELLO made (issue 7, item 13):
// only those, only when empty, never one another transfer uses or one that
// was there before. Over a real ROUTER, from a bare DEALER.
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { chunk, codeOf, RawPeer } from '../support/rawPeer.js';
import { startReceiver } from '../support/receiver.js';
import { smallTmpfs } from '../support/tmpfs.js';

/** Every folder below `dir`, relative, sorted. */
async function folders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

test('a failed transfer removes the empty folders it made, not one that was there, nor one another transfer uses', async () => {
  const { endpoint, dir } = await startReceiver();
  await mkdir(path.join(dir, 'old'));
  const peer = new RawPeer(endpoint);
  const data = Buffer.from('some bytes');
  const replies = await peer.pipeline([
    ['HELLO', 'old/a/b/c/failed.bin'],
    ['HELLO', 'old/a/b/kept.bin'],
    chunk('old/a/b/c/failed.bin', 0, data),
    chunk('old/a/b/kept.bin', 0, data),
    // The wrong size: the transfer is aborted.
    ['CLOSE', 'old/a/b/c/failed.bin', String(data.length + 1)],
  ]);
  assert.deepEqual(replies.map(codeOf), ['READY', 'READY', 'READY', 'READY', 'incomplete']);
  // old/a and old/a/b were made by the failed transfer, but old/a/b is in use.
  assert.deepEqual(await folders(dir), ['old', 'old/a', 'old/a/b']);
  assert.equal(codeOf(await peer.request('CLOSE', 'old/a/b/kept.bin', String(data.length))), 'READY');
  assert.equal(await readFile(path.join(dir, 'old/a/b/kept.bin'), 'utf8'), 'some bytes');
});

test('a path 2,000 folders deep is received, and when it fails, all 2,001 folders it made go', async () => {
  const { endpoint, dir } = await startReceiver();
  const deep = `${'d/'.repeat(2_000)}`;
  const peer = new RawPeer(endpoint);
  const data = Buffer.from('deep');
  // Deeper than PATH_MAX as an absolute path: it works because each folder is opened from its parent.
  assert.deepEqual(
    (await peer.pipeline([['HELLO', `${deep}ok.bin`], chunk(`${deep}ok.bin`, 0, data), ['CLOSE', `${deep}ok.bin`, '4']])).map(codeOf),
    ['READY', 'READY', 'READY'],
  );
  const second = `e/${deep}lost.bin`;
  // The wrong size: aborted, and its 2,001 folders removed before the reply.
  assert.deepEqual((await peer.pipeline([['HELLO', second], chunk(second, 0, data), ['CLOSE', second, '3']])).map(codeOf), ['READY', 'READY', 'size-mismatch']);
  assert.deepEqual(await readdir(dir), ['d']);
});

test('a HELLO that fails half way down its path (no inode left) removes the folders it made', async (t) => {
  const mountPoint = await smallTmpfs(t, 'size=1m,nr_inodes=40', 'running out of inodes half way down a path');
  if (!mountPoint) return;
  const { endpoint, dir, receiver } = await startReceiver({}, mountPoint);
  const peer = new RawPeer(endpoint);
  const name = `${'f/'.repeat(100)}x.bin`;
  const reply = await peer.request('HELLO', name);
  assert.equal(codeOf(reply), 'no-space');
  assert.deepEqual(await readdir(dir), []);
  // The inodes are free again: a shallow file arrives.
  assert.deepEqual((await peer.pipeline([['HELLO', 'f/y.bin'], ['CLOSE', 'f/y.bin', '0']])).map(codeOf), ['READY', 'READY']);
  await receiver.stop();
});
