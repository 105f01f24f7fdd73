// `zerodrop send` and `zerodrop receive` record their batches in the history
// of their config folders, and `zerodrop history` lists them, from new
// processes (what a restart reads) and after a receiver started again.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import type { HistoryBatch } from '../../shared/history.js';
import { HistoryLog } from '../../electron/host/history/historyLog.js';
import { BIN, buildCli, cliSend, startCliReceiver, stopAllCli } from '../support/cliProcess.js';
import { randomFile } from '../support/files.js';
import { historyRecord } from '../support/historyRecord.js';
import { freePort } from '../support/ports.js';
import { tempDir } from '../support/tmp.js';
import { until } from '../support/wait.js';

const run = promisify(execFile);

before(buildCli);
after(stopAllCli);

async function history(configDir: string): Promise<HistoryBatch[]> {
  const { stdout } = await run(process.execPath, [BIN, 'history', '--json', '--config-dir', configDir]);
  // Exactly one JSON array: the whole output parses as one.
  const batches = JSON.parse(stdout) as unknown;
  assert.ok(Array.isArray(batches), stdout);
  return batches as HistoryBatch[];
}

test('both sides record their batches; zerodrop history lists them newest first, across restarts', async () => {
  const [sendConfig, receiveConfig, inbox, source] = await Promise.all([tempDir('zd-send-cfg'), tempDir('zd-recv-cfg'), tempDir('zd-inbox'), tempDir('zd-src')]);
  const folder = path.join(source, 'trip');
  const sizes = [100_000, 7];
  await Promise.all(sizes.map((size, i) => randomFile(path.join(folder, `f${i}.bin`), size)));
  const lone = await randomFile(path.join(source, 'lone.txt'), 3);

  // Encrypted, as a person's would be: the receiver takes anyone, the sender verifies its key.
  const receiving = ['--config-dir', receiveConfig, '--accept', 'anyone'];
  const first = await startCliReceiver(inbox, { args: receiving });
  const sent = await cliSend(first.address, [folder], ['--config-dir', sendConfig]);
  assert.equal(sent.code, 0, `${sent.stderr}\n${JSON.stringify(sent.events.filter((e) => e.event !== 'progress' || e.status === 'failed'))}`);
  // The receiving side's batch ends once its connection falls idle, while the receiver runs.
  await until(async () => (await history(receiveConfig)).length === 1, 'the receiving side’s batch in its history');
  assert.deepEqual((await first.stop()).code, 0);

  // A receiver started again on the same history: its batch is added to it.
  const second = await startCliReceiver(inbox, { args: receiving });
  assert.equal((await cliSend(second.address, [lone], ['--config-dir', sendConfig])).code, 0);
  await second.stop();
  const unreachable = `tcp://127.0.0.1:${await freePort()}`;
  const failed = await cliSend(unreachable, [lone], ['--config-dir', sendConfig, '--timeout-ms', '1000']);
  assert.equal(failed.code, 1);

  const sentHistory = await history(sendConfig);
  assert.deepEqual(
    sentHistory.map(({ direction, peer, files, done, bytes, outcome, folder, names }) => ({ direction, peer, files, done, bytes, outcome, folder, names })),
    [
      { direction: 'send', peer: unreachable, files: 1, done: 0, bytes: 0, outcome: 'failed', folder: source, names: ['lone.txt'] },
      { direction: 'send', peer: second.endpoint, files: 1, done: 1, bytes: 3, outcome: 'done', folder: source, names: ['lone.txt'] },
      { direction: 'send', peer: first.endpoint, files: 2, done: 2, bytes: 100_007, outcome: 'done', folder, names: ['trip/f0.bin', 'trip/f1.bin'] },
    ],
  );
  assert.match(sentHistory[0]!.error ?? '', /./, 'the failure says why');
  const received = await history(receiveConfig);
  assert.deepEqual(
    received.map(({ direction, files, bytes, outcome, folder }) => ({ direction, files, bytes, outcome, folder })),
    [
      { direction: 'receive', files: 1, bytes: 3, outcome: 'done', folder: inbox },
      { direction: 'receive', files: 2, bytes: 100_007, outcome: 'done', folder: path.join(inbox, 'trip') },
    ],
  );
  for (const batch of [...sentHistory, ...received]) {
    assert.ok(Date.parse(batch.startedAt) <= Date.parse(batch.endedAt), JSON.stringify(batch));
    assert.equal(typeof batch.peer, 'string');
  }

  const { stdout } = await run(process.execPath, [BIN, 'history', '--config-dir', sendConfig]);
  const lines = stdout.trimEnd().split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0]!, /^\d{4}-\d\d-\d\d \d\d:\d\d {2}Sent 1 file \(0 B\) to tcp:\/\/127\.0\.0\.1:\d+: Failed \(.+\) — /);
  assert.match(lines[2]!, /Sent 2 files \(100 KB\) to .*: Done — .*trip$/);
});

test('an empty history, and the command\'s help', async () => {
  const config = await tempDir('zd-empty-cfg');
  assert.deepEqual(await history(config), []);
  assert.equal((await run(process.execPath, [BIN, 'history', '--config-dir', config])).stdout, 'No batches yet.\n');
  const help = (await run(process.execPath, [BIN, 'history', '--help'])).stdout;
  assert.match(help, /zerodrop history \[--config-dir DIR\] \[--json\]/);
  for (const command of ['send', 'receive']) assert.match((await run(process.execPath, [BIN, command, '--help'])).stdout, /--config-dir DIR/);
  assert.match((await run(process.execPath, [BIN, '--help'])).stdout, /zerodrop history/);
});

test('without --config-dir, zerodrop history reads the app’s data folder ($XDG_CONFIG_HOME/zerodrop on Linux)', { skip: process.platform !== 'linux' && 'the data folder is under XDG_CONFIG_HOME only on Linux' }, async () => {
  const home = await tempDir('zd-xdg');
  // Written where the app would write it, by the app's own store.
  const recorded = historyRecord('00000000000000000000000000000001', { peer: 'tcp://10.0.0.7:5670' });
  await new HistoryLog(path.join(home, 'zerodrop')).append(recorded);
  const { stdout } = await run(process.execPath, [BIN, 'history', '--json'], { env: { ...process.env, XDG_CONFIG_HOME: home } });
  assert.deepEqual(JSON.parse(stdout), [recorded]);
});

test('a history that cannot be written is said on stderr; the transfer and its exit code are as they were', async () => {
  const notAFolder = await randomFile(path.join(await tempDir('zd-cfg-file'), 'config'), 1);
  const receiver = await startCliReceiver(await tempDir('zd-inbox'));
  const file = await randomFile(path.join(await tempDir('zd-src'), 'a.bin'), 10);
  // Plain: the config folder holds no key to read then, only the history to write.
  const sent = await cliSend(receiver.endpoint, [file], ['--config-dir', notAFolder, '--plain']);
  await receiver.stop();
  assert.equal(sent.code, 0);
  assert.match(sent.stderr, /^zerodrop: history: a batch could not be added to .*history\.json-seq: /m);
  await assert.rejects(run(process.execPath, [BIN, 'history', '--config-dir', notAFolder]), (error: { code: number; stderr: string }) => {
    assert.equal(error.code, 1);
    assert.match(error.stderr, /^zerodrop: cannot read the history /);
    return true;
  });
});
