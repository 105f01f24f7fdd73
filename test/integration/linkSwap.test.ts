// Another local user swaps the receive folder's sub-folders for links to a
// folder outside it, in a tight loop in a process of its own, while files
// arrive (issue 7, item 5). Nothing may ever land outside; each file either
// arrives whole or fails with a code, and the receiver goes on.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { listFiles } from '../support/files.js';
import { chunk, codeOf, RawPeer } from '../support/rawPeer.js';
import { startReceiver } from '../support/receiver.js';
import { tempDir } from '../support/tmp.js';

const FOLDERS = 4;
const PEERS = 4;
const FILES_PER_PEER = 150;

// Swaps s<k>, s<k>/inner and u<j> for links to `outside` (and back) until
// SIGTERM, then puts every real folder back where it can; prints its swap
// count. The s folders are shared by many files (a receiver keeps them
// open); each u folder has one file, so its HELLO opens it while it may be
// a link.
const SWAPPER = `
const fs = require('fs');
const [dir, outside, shared, fresh] = process.argv.slice(1);
const pairs = [];
for (let k = 0; k < shared; k++) pairs.push([dir + '/s' + k, outside], [dir + '/s' + k + '/inner', outside + '/inner']);
for (let j = 0; j < fresh; j++) pairs.push([dir + '/u' + j, outside]);
let stop = false, swaps = 0, announced = false;
process.on('SIGTERM', () => (stop = true));
const quiet = (f) => { try { f(); } catch {} };
const isLink = (p) => { try { return fs.lstatSync(p).isSymbolicLink(); } catch { return false; } };
function swap(real, target) {
  quiet(() => fs.renameSync(real, real + '.away'));
  quiet(() => fs.symlinkSync(target, real));
  swaps++;
  if (isLink(real)) quiet(() => fs.unlinkSync(real));
  quiet(() => fs.renameSync(real + '.away', real));
}
function round() {
  for (const [real, target] of pairs) swap(real, target);
  if (!announced) console.log('swapping');
  announced = true;
  if (!stop) return setImmediate(round);
  for (const [real] of pairs) {
    if (isLink(real)) quiet(() => fs.unlinkSync(real));
    quiet(() => fs.renameSync(real + '.away', real));
  }
  console.log(JSON.stringify({ swaps }));
}
round();
`;

const REFUSED = new Set(['denied', 'exists', 'io']);

test('folders swapped for links to a folder outside, in a loop, while 600 files arrive in them: nothing lands outside', async () => {
  // Each peer sends all its requests at once: room for all its files in transit.
  const { endpoint, dir } = await startReceiver({ maxTransfersPerSender: FILES_PER_PEER });
  const outside = await tempDir('zd-outside');
  await mkdir(path.join(outside, 'inner'));
  for (let k = 0; k < FOLDERS; k++) await mkdir(path.join(dir, `s${k}`, 'inner'), { recursive: true });
  const fresh = (PEERS * FILES_PER_PEER) / 2;
  for (let j = 0; j < fresh; j++) await mkdir(path.join(dir, `u${j}`));
  const swapper = spawn(process.execPath, ['-e', SWAPPER, dir, outside, String(FOLDERS), String(fresh)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: swapper.stdout! });
  await once(lines, 'line');

  const sent = new Map<string, Buffer>();
  const outcomes = await Promise.all(
    Array.from({ length: PEERS }, async (_, p) => {
      // Replies wait on disk flushes, which a loaded machine may make slow.
      const peer = new RawPeer(endpoint, 120_000);
      const requests = [];
      const names: string[] = [];
      for (let i = 0; i < FILES_PER_PEER; i++) {
        const file = `p${p}-${i}.bin`;
        const name = i % 2 ? `u${(p * FILES_PER_PEER + i - 1) / 2}/${file}` : `s${(i / 2) % FOLDERS}/inner/${file}`;
        const data = randomBytes(1 + ((i * 37) % 3000));
        sent.set(name, data);
        names.push(name);
        requests.push(['HELLO', name], chunk(name, 0, data), ['CLOSE', name, String(data.length)]);
      }
      const replies = (await peer.pipeline(requests)).map(codeOf);
      return names.map((name, i) => ({ name, codes: replies.slice(3 * i, 3 * i + 3) }));
    }),
  );
  swapper.kill('SIGTERM');
  const [summary] = (await once(lines, 'line')) as [string];
  const { swaps } = JSON.parse(summary) as { swaps: number };
  assert.ok(swaps > 0, 'the swapper ran');

  assert.deepEqual(await listFiles(outside), [], 'nothing was written outside the receive folder');
  const found = new Map((await listFiles(dir)).map((f) => [path.basename(f), f]));
  let arrived = 0;
  for (const { name, codes } of outcomes.flat()) {
    const [hello, written, closed] = codes as [string, string, string];
    if (hello !== 'READY') {
      assert.ok(REFUSED.has(hello), `${name}: HELLO got ${hello}`);
      assert.equal(written, 'unknown-transfer', `${name}: CHUNK after a refused HELLO got ${written}`);
      // A CLOSE that arrived while the HELLO was still failing finds the transfer not yet gone.
      assert.ok(['unknown-transfer', 'incomplete'].includes(closed), `${name}: CLOSE after a refused HELLO got ${closed}`);
      continue;
    }
    assert.equal(written, 'READY', `${name}: CHUNK got ${written}`);
    if (closed !== 'READY') {
      assert.ok(REFUSED.has(closed), `${name}: CLOSE got ${closed}`);
      continue;
    }
    // A real folder moved away and not put back holds its files still: looked for by name.
    const where = found.get(path.basename(name));
    assert.ok(where, `${name} was stored`);
    assert.deepEqual(await readFile(path.join(dir, where)), sent.get(name), `${name} arrived whole`);
    arrived++;
  }
  assert.ok(!(await listFiles(dir)).some((f) => f.endsWith('.part')), 'no temporary file stays');
  // The receiver goes on.
  const peer = new RawPeer(endpoint);
  assert.deepEqual((await peer.pipeline([['HELLO', 'after.txt'], ['CLOSE', 'after.txt', '0']])).map(codeOf), ['READY', 'READY']);
  console.log(`# ${arrived} of ${sent.size} files arrived during ${swaps} swaps; the others were refused`);
});
