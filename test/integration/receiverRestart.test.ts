// Receivers that die (SIGKILL), receivers side by side in nested folders, and
// what each may remove of another's temporary files: real processes, real
// sockets, real files.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ReceiveFolder } from '../../electron/engine/receiver/receiveFolder.js';
import { recordsDir, REWRITE_SUFFIX } from '../../electron/engine/receiver/tempRecord.js';
import { listFiles } from '../support/files.js';
import { chunk, codeOf, RawPeer } from '../support/rawPeer.js';
import { startReceiver } from '../support/receiver.js';
import { processState, receiverProcess, type ReceiverProcess } from '../support/receiverProcess.js';
import { tempDir } from '../support/tmp.js';
import { until } from '../support/wait.js';

/** Opens `name` on `endpoint` and sends its first bytes: a temporary file now stands in the folder. */
async function startTransfer(endpoint: string, name: string, data: Buffer): Promise<RawPeer> {
  const peer = new RawPeer(endpoint);
  assert.deepEqual((await peer.pipeline([['HELLO', name], chunk(name, 0, data)])).map(codeOf), ['READY', 'READY']);
  return peer;
}

const temps = async (dir: string) => (await listFiles(dir)).filter((f) => /(^|\/)\.zerodrop-[0-9a-f]{12}[0-9a-z]+\.part$/.test(f));

/** A receiver in its own process with a transfer half done, then SIGKILLed: its temporary file stays. */
async function killedMidTransfer(dir: string, name: string, options = {}): Promise<{ dead: ReceiverProcess; leftover: string }> {
  const dead = await receiverProcess(dir, options);
  await startTransfer(dead.endpoint, name, Buffer.from('half of it'));
  const [leftover] = await temps(dir);
  assert.ok(leftover, 'the transfer made a temporary file');
  process.kill(dead.pid, 'SIGKILL');
  // Dead (its sockets closed by the system) once gone or a zombie.
  await until(async () => [null, 'Z'].includes(await processState(dead.pid)), 'the killed receiver to be dead');
  return { dead, leftover };
}

describe('a dead receiver never blocks its restart (issue 7, item 14)', () => {
  test('killed under a supervisor that does not reap it (a zombie): a new receiver starts and removes its leftovers', async () => {
    const dir = await tempDir('zd-zombie');
    const { dead, leftover } = await killedMidTransfer(dir, 'sub/big.bin', { unreaped: true });
    await until(async () => (await processState(dead.pid)) === 'Z', 'the killed receiver to be a zombie');
    const { receiver } = await startReceiver({}, dir);
    await until(async () => !existsSync(path.join(dir, leftover)), 'the zombie\'s temporary file to be removed');
    assert.equal(await processState(dead.pid), 'Z', 'still a zombie (its process id still exists) while the new receiver runs');
    await receiver.stop();
    dead.spawned.kill('SIGKILL');
  });

  test('its record naming a live process (a reused id): a new receiver starts, and removes its files and only its files', async () => {
    const dir = await tempDir('zd-reused');
    const { dead, leftover } = await killedMidTransfer(dir, 'sub/big.bin');
    await until(async () => (await processState(dead.pid)) === null, 'the killed receiver to be gone');
    // The id it recorded now belongs to an unrelated live process.
    const sleeper = spawn('sleep', ['600'], { stdio: 'ignore' });
    try {
      const stem = /\.zerodrop-([0-9a-f]{12})/.exec(leftover)![1]!;
      const record = path.join(await recordsDir(), stem);
      const lines = (await readFile(record, 'utf8')).split('\n');
      await writeFile(record, [JSON.stringify({ ...JSON.parse(lines[0]!), pid: sleeper.pid }), ...lines.slice(1)].join('\n'));
      // It died rewriting its record: the rewrite is beside it.
      await writeFile(`${record}${REWRITE_SUFFIX}`, lines[0]!);
      // Not its files: a user's file named alike, and another receiver's temporary name.
      await writeFile(path.join(dir, 'sub', '.zerodrop-user.txt'), 'not ours');
      await writeFile(path.join(dir, 'sub', `.zerodrop-${'0'.repeat(12)}0.part`), 'not this one\'s');
      const { receiver } = await startReceiver({}, dir);
      await until(async () => !existsSync(path.join(dir, leftover)), 'the dead receiver\'s temporary file to be removed');
      await until(async () => !existsSync(record), 'its record to be removed');
      assert.ok(!existsSync(`${record}${REWRITE_SUFFIX}`), 'and the rewrite it left');
      assert.deepEqual(await listFiles(dir), [`sub/.zerodrop-${'0'.repeat(12)}0.part`, 'sub/.zerodrop-user.txt']);
      await receiver.stop();
    } finally {
      sleeper.kill('SIGKILL');
    }
  });
});

describe('receivers side by side (issue 7, item 9)', () => {
  test('a receiver on a parent folder leaves a running receiver\'s temporary files alone; that transfer completes', async () => {
    const dir = await tempDir('zd-nested');
    await killedMidTransfer(path.join(dir, 'crashed'), 'lost.bin');
    const running = await startReceiver({}, path.join(dir, 'inner'));
    const data = randomBytes(100_000);
    const peer = await startTransfer(running.endpoint, 'deep/kept.bin', data.subarray(0, 60_000));
    const [live] = await temps(path.join(dir, 'inner'));
    const parent = await startReceiver({}, dir);
    // The crashed receiver's file going shows the parent's sweep has run.
    await until(async () => (await temps(path.join(dir, 'crashed'))).length === 0, 'the crashed receiver\'s leftovers to be removed');
    assert.ok(existsSync(path.join(dir, 'inner', live!)), 'the running receiver\'s temporary file is still there');
    const replies = await peer.pipeline([chunk('deep/kept.bin', 60_000, data.subarray(60_000)), ['CLOSE', 'deep/kept.bin', String(data.length)]]);
    assert.deepEqual(replies.map(codeOf), ['READY', 'READY']);
    assert.deepEqual(await readFile(path.join(dir, 'inner', 'deep', 'kept.bin')), data);
    await parent.receiver.stop();
    await running.receiver.stop();
  });

  test('start-up reads no folder: with 100,000 files below, the sweep reads only the dead receiver\'s one folder, after open returns', async () => {
    const dir = await tempDir('zd-many');
    for (let d = 0; d < 100; d++) {
      const sub = path.join(dir, 'photos', String(d));
      await mkdir(sub, { recursive: true });
      await Promise.all(Array.from({ length: 1_000 }, (_, i) => writeFile(path.join(sub, `${i}.jpg`), '')));
    }
    const { leftover } = await killedMidTransfer(dir, 'photos/7/new.jpg');
    const folder = await ReceiveFolder.open(dir);
    try {
      const stats = await folder.sweep;
      assert.deepEqual(stats, { dead: 1, foldersRead: 1, entriesSeen: 1_001, removed: 1 });
      assert.ok(!existsSync(path.join(dir, leftover)));
    } finally {
      await folder.close();
    }
  });
});
