import assert from 'node:assert/strict';
import { readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, test } from 'node:test';
import { ReceiveFolder } from '../../electron/engine/receiver/receiveFolder.js';
import { listFiles } from '../support/files.js';
import { tempDir } from '../support/tmp.js';

const folders: ReceiveFolder[] = [];
after(async () => {
  await Promise.all(folders.map((f) => f.close()));
});

test('a commit that fails after closing its file, then discarded, leaves the next file (given the same descriptor number) alone', async () => {
  const dir = await tempDir('zd-folder');
  const folder = await ReceiveFolder.open(dir);
  folders.push(folder);
  const doomed = await folder.createTemp('doomed.bin');
  await folder.write(doomed, Buffer.from('lost'), 0);
  // Its temporary file removed from outside: naming fails after the fsync and the close.
  await unlink(doomed.path);
  await assert.rejects(folder.commit(doomed, 'doomed.bin'));
  const next = await folder.createTemp('next.bin');
  assert.equal(next.fd, doomed.fd, 'the freed descriptor number is reused, as the test needs');
  await folder.discard(doomed);
  await folder.write(next, Buffer.from('whole'), 0);
  assert.equal(await folder.commit(next, 'next.bin'), 'next.bin');
  assert.equal(await readFile(path.join(dir, 'next.bin'), 'utf8'), 'whole');
  assert.deepEqual(await listFiles(dir), ['next.bin']);
});

test('a taken name at the length limit is stored under a shortened numbered name, not lost', async () => {
  const dir = await tempDir('zd-folder');
  const folder = await ReceiveFolder.open(dir);
  folders.push(folder);
  const long = `${'x'.repeat(251)}.bin`;
  await writeFile(path.join(dir, long), 'already here');
  const temp = await folder.createTemp(long);
  await folder.write(temp, Buffer.from('second'), 0);
  const stored = await folder.commit(temp, long);
  assert.equal(stored, `${'x'.repeat(247)} (1).bin`);
  assert.equal(await readFile(path.join(dir, stored), 'utf8'), 'second');
  assert.equal(await readFile(path.join(dir, long), 'utf8'), 'already here');
});
