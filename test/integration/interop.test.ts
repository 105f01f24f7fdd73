// Interop with an independent peer written in C with czmq (interop/czmq):
// its sender into our receiver, and our sender into its receiver.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { before, describe, test } from 'node:test';
import { Sender } from '../../electron/engine/sender/sender.js';
import { listFiles, randomFile, sha256File } from '../support/files.js';
import { startReceiver } from '../support/receiver.js';
import { tempDir } from '../support/tmp.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
let zdpeer = '';

before(async () => {
  zdpeer = path.join(await tempDir('zd-czmq'), 'zdpeer');
  await run('sh', [path.join(root, 'interop/czmq/build.sh'), zdpeer]);
});

describe('interop with a czmq peer in C', () => {
  test('czmq sender → our receiver: bare sha1 and crc32 checksums, sub-folders, an empty file', async () => {
    const src = await tempDir('zd-src');
    const big = await randomFile(path.join(src, 'big.bin'), 5_000_017);
    const small = await randomFile(path.join(src, 'small.bin'), 300_000);
    const empty = path.join(src, 'empty');
    await writeFile(empty, '');
    const { endpoint, dir } = await startReceiver();
    await run(zdpeer, ['send', endpoint, big, 'big.bin']);
    await run(zdpeer, ['send', endpoint, small, 'sub/dir/small.bin', '100000', 'crc32']);
    await run(zdpeer, ['send', endpoint, empty, 'empty']);
    assert.deepEqual(await listFiles(dir), ['big.bin', 'empty', 'sub/dir/small.bin']);
    assert.equal(await sha256File(path.join(dir, 'big.bin')), await sha256File(big));
    assert.equal(await sha256File(path.join(dir, 'sub/dir/small.bin')), await sha256File(small));
  });

  test('czmq sender sees our error text and code', async () => {
    const src = await tempDir('zd-src');
    await writeFile(path.join(src, 'x'), 'x');
    const { endpoint } = await startReceiver();
    await assert.rejects(run(zdpeer, ['send', endpoint, path.join(src, 'x'), '../escape']), (err: { stderr: string }) => /bad-name: /.test(err.stderr));
  });

  test('our sender → czmq receiver: several files in transit at once', async () => {
    const src = await tempDir('zd-src');
    await randomFile(path.join(src, 'batch/a.bin'), 3_333_333);
    await randomFile(path.join(src, 'batch/deep/b.bin'), 1_000_000);
    await writeFile(path.join(src, 'batch/c.txt'), '');
    const dest = await tempDir('zd-czmq-recv');
    const peer = spawn(zdpeer, ['receive', 'tcp://127.0.0.1:*', dest, '3'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = (await once(createInterface({ input: peer.stdout! }), 'line')) as [string];
    const endpoint = /^listening (\S+)/.exec(line)![1]!;
    const sender = new Sender(() => undefined);
    const { fileIds } = await sender.send(endpoint, [path.join(src, 'batch')], { chunkBytes: 256 * 1024, window: 4, checksum: 'sha1' });
    assert.equal(fileIds.length, 3);
    await sender.idle();
    const statuses = sender.files().map((f) => `${f.name}:${f.status}${f.error ? ` ${f.error.text}` : ''}`);
    await sender.close();
    const [code] = (await once(peer, 'exit')) as [number];
    assert.equal(code, 0, statuses.join('\n'));
    assert.deepEqual(statuses.sort(), ['batch/a.bin:done', 'batch/c.txt:done', 'batch/deep/b.bin:done']);
    for (const name of ['batch/a.bin', 'batch/deep/b.bin', 'batch/c.txt']) {
      assert.equal(await sha256File(path.join(dest, name)), await sha256File(path.join(src, name)), name);
    }
  });
});
