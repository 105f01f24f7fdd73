import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
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
  // Taken, and too long to number: "… (1).bin" passes 255 bytes, so naming fails after the fsync and close.
  const long = `${'x'.repeat(251)}.bin`;
  await writeFile(path.join(dir, long), 'already here');
  const doomed = await folder.createTemp(long);
  await folder.write(doomed, Buffer.from('lost'), 0);
  await assert.rejects(folder.commit(doomed, long));
  const next = await folder.createTemp('next.bin');
  assert.equal(next.fd, doomed.fd, 'the freed descriptor number is reused, as the test needs');
  await folder.discard(doomed);
  await folder.write(next, Buffer.from('whole'), 0);
  assert.equal(await folder.commit(next, 'next.bin'), 'next.bin');
  assert.equal(await readFile(path.join(dir, 'next.bin'), 'utf8'), 'whole');
  assert.equal(await readFile(path.join(dir, long), 'utf8'), 'already here');
  assert.deepEqual(await listFiles(dir), [long, 'next.bin'].sort());
});
