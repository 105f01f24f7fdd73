import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readdir, readFile, realpath, rename, symlink, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { MAX_NUMBERED, NameNumbers } from '../../electron/engine/receiver/nameNumbers.js';
import { ReceiveFolder } from '../../electron/engine/receiver/receiveFolder.js';
import { parseRecord, recordsDir, REWRITE_AFTER_LINES } from '../../electron/engine/receiver/tempRecord.js';
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
  // The freed descriptor number must go to the next file; anything else in the process opening
  // a file in between takes it, so the scenario is tried again (up to 10 times) until it does.
  let doomed: Awaited<ReturnType<ReceiveFolder['createTemp']>>;
  let next: typeof doomed;
  for (let attempt = 0; ; attempt++) {
    doomed = await folder.createTemp(`doomed-${attempt}.bin`);
    await folder.write(doomed, Buffer.from('lost'), 0);
    // Its temporary file removed from outside: naming fails after the fsync and the close.
    await unlink(doomed.path);
    await assert.rejects(folder.commit(doomed, 'doomed.bin'));
    next = await folder.createTemp('next.bin');
    if (next.fd === doomed.fd) break;
    assert.ok(attempt < 9, 'the freed descriptor number was never reused, as the test needs');
    await folder.discard(doomed);
    await folder.discard(next);
  }
  await folder.discard(doomed);
  await folder.write(next, Buffer.from('whole'), 0);
  assert.equal(await folder.commit(next, 'next.bin'), 'next.bin');
  assert.equal(await readFile(path.join(dir, 'next.bin'), 'utf8'), 'whole');
  assert.deepEqual(await listFiles(dir), ['next.bin']);
});

test('a chunk in pieces is written at its offset as the bytes the pieces hold, in order', async () => {
  const dir = await tempDir('zd-folder');
  const folder = await ReceiveFolder.open(dir);
  folders.push(folder);
  const temp = await folder.createTemp('pieces.bin');
  await folder.write(temp, Buffer.from('head:'), 0);
  const tail = Buffer.from('one two three');
  await folder.write(temp, { pieces: [tail.subarray(0, 4), tail.subarray(4, 5), tail.subarray(5)], length: tail.length }, 5);
  await folder.commit(temp, 'pieces.bin');
  assert.equal(await readFile(path.join(dir, 'pieces.bin'), 'utf8'), 'head:one two three');
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

// A folder swapped for a link between HELLO and CLOSE (issue 7, item 5): the
// final name is made in the folder the file was created in, never through the link.
for (const byPath of [false, true]) {
  const how = byPath ? 'by path (macOS, Windows)' : 'through folder handles (Linux)';
  test(`${how}: a folder swapped for a link to outside between HELLO and CLOSE never puts the file outside`, async () => {
    const dir = await tempDir('zd-folder');
    const outside = await tempDir('zd-outside');
    const folder = await ReceiveFolder.open(dir, { byPath });
    folders.push(folder);
    const temp = await folder.createTemp('sub/f.bin');
    await folder.write(temp, Buffer.from('payload'), 0);
    await rename(path.join(dir, 'sub'), path.join(dir, 'sub.away'));
    await symlink(outside, path.join(dir, 'sub'));
    if (byPath) {
      // Calls by path cannot be made safe; the checks before naming see the swap and refuse.
      await assert.rejects(folder.commit(temp, 'sub/f.bin'), { code: 'denied' });
      await folder.discard(temp);
    } else {
      assert.equal(await folder.commit(temp, 'sub/f.bin'), 'sub/f.bin');
      assert.equal(await readFile(path.join(dir, 'sub.away/f.bin'), 'utf8'), 'payload');
    }
    assert.deepEqual(await listFiles(outside), []);
    // A new file on that path meets the link: refused.
    await assert.rejects(folder.createTemp('sub/g.bin'), { code: 'denied' });
    assert.deepEqual(await listFiles(outside), []);
  });
}

test('on Linux, folders are reached through handles in a worker thread too, where the receiver runs', async (t) => {
  if (process.platform !== 'linux') return t.skip('/proc/self/fd is Linux only');
  const dir = await tempDir('zd-folder');
  // As the actors do under tsx: the worker registers tsx's loader, then imports the module.
  const boot = `
    const { parentPort, workerData } = require('node:worker_threads');
    import(workerData.tsx)
      .then((tsx) => { tsx.register(); return import(workerData.module); })
      .then(async ({ ReceiveFolder }) => {
        const folder = await ReceiveFolder.open(workerData.dir);
        const temp = await folder.createTemp('a/b/c.txt');
        await folder.write(temp, Buffer.from('from a worker'), 0);
        const stored = await folder.commit(temp, 'a/b/c.txt');
        parentPort.postMessage({ handles: folder.throughHandles, stored });
        await folder.close();
      });`;
  const worker = new Worker(boot, {
    eval: true,
    workerData: { dir, tsx: import.meta.resolve('tsx/esm/api'), module: new URL('../../electron/engine/receiver/receiveFolder.ts', import.meta.url).href },
  });
  const [reply] = (await once(worker, 'message')) as [{ handles: boolean; stored: string }];
  await once(worker, 'exit');
  assert.deepEqual(reply, { handles: true, stored: 'a/b/c.txt' });
  assert.equal(await readFile(path.join(dir, 'a/b/c.txt'), 'utf8'), 'from a worker');
});

test('the record of temporary files lists the folders in use only: files failing one by one, each in a folder of its own, do not grow it', async () => {
  const dir = await tempDir('zd-folder');
  const folder = await ReceiveFolder.open(dir);
  folders.push(folder);
  const held = await folder.createTemp('kept/held.bin');
  for (let i = 0; i < REWRITE_AFTER_LINES + 500; i++) await folder.discard(await folder.createTemp(`gone-${i}/f.bin`));
  const root = await realpath(dir);
  const records = await Promise.all((await readdir(await recordsDir())).map(async (name) => readFile(path.join(await recordsDir(), name), 'utf8').catch(() => '')));
  const text = records.find((t) => parseRecord(t)?.root === root)!;
  const listed = parseRecord(text)!.folders;
  // A crash now leaves the held file listed for the next receiver to remove.
  assert.ok(listed.includes('kept'), 'the folder still in use is listed');
  assert.ok(listed.length <= 600, `${listed.length} folders listed, ${text.length} bytes`);
  await folder.discard(held);
  assert.deepEqual(await listFiles(dir), []);
});

test('a name whose numbers are taken is searched on from where the last search ended, its base name always first', async () => {
  const dir = await tempDir('zd-folder');
  const folder = await ReceiveFolder.open(dir);
  folders.push(folder);
  await writeFile(path.join(dir, 'x.txt'), 'old');
  for (let n = 1; n <= 200; n++) await writeFile(path.join(dir, `x (${n}).txt`), 'old');
  const store = async () => {
    const temp = await folder.createTemp('x.txt');
    await folder.write(temp, Buffer.from('new'), 0);
    return folder.commit(temp, 'x.txt');
  };
  assert.equal(await store(), 'x (201).txt');
  // A number freed below is not looked at again while numbers above are free: no search from 1 per file.
  await unlink(path.join(dir, 'x (5).txt'));
  assert.equal(await store(), 'x (202).txt');
  await unlink(path.join(dir, 'x.txt'));
  assert.equal(await store(), 'x.txt', 'the base name, freed, is taken first');
  assert.equal(await readFile(path.join(dir, 'x (100).txt'), 'utf8'), 'old', 'nothing replaced');
});

test('a name whose every number was found taken costs one look at the base name, not ten thousand', async () => {
  const numbers = new NameNumbers();
  for (let n = 0; n <= MAX_NUMBERED; n++) numbers.taken('key', n);
  assert.deepEqual([...numbers.tries('key')], [0]);
  assert.equal([...numbers.tries('other')].length, MAX_NUMBERED + 1, 'a name not seen is searched whole');
});
