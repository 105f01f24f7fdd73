// The history through the host's contract, on the real engine actors: both
// hosts record the batch that moved between them (and tell their UIs), a
// batch a CLI command records in the same config folder is listed too, a
// batch cut short by closing the host is recorded, and everything is there
// again after both hosts restart.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import type { HistoryBatch } from '../../shared/history.js';
import type { ReceiverStatus } from '../../shared/transfer.js';
import type { Host, HostPlatform } from '../../electron/host/host.js';
import { openHost } from '../../electron/host/openHost.js';
import { BIN, buildCli, startCliReceiver, stopAllCli } from '../support/cliProcess.js';
import { randomFile } from '../support/files.js';
import { PacedRelay } from '../support/pacedRelay.js';
import { tempDir } from '../support/tmp.js';

const run = promisify(execFile);
const platform: HostPlatform = {
  shell: 'browser',
  pickFolder: async () => null,
  pickFiles: async () => null,
  openPath: async () => undefined,
  revealPath: async () => undefined,
};

const open = new Set<Host>();
before(buildCli);
after(async () => {
  await stopAllCli();
  await Promise.all([...open].map((host) => host.close()));
});

async function startHost(configDir: string): Promise<Host> {
  const host = await openHost(configDir, platform);
  open.add(host);
  return host;
}

async function closeHost(host: Host): Promise<void> {
  open.delete(host);
  await host.close();
}

/** Resolves with the next batch the host records. */
function nextRecorded(host: Host): Promise<HistoryBatch> {
  return new Promise((resolve) => {
    const stop = host.events.listen((event, payload) => {
      if (event !== 'history.added') return;
      stop();
      resolve(payload as HistoryBatch);
    });
  });
}

const listed = async (host: Host) => (await host.call('history.list', [])) as HistoryBatch[];

test('both hosts record a batch, the CLI adds to the same history, a batch cut short by closing is kept, and all survive a restart', async () => {
  const [receivingConfig, sendingConfig, inbox, source] = await Promise.all([tempDir('zd-config'), tempDir('zd-config'), tempDir('zd-inbox'), tempDir('zd-src')]);
  const files = await Promise.all([randomFile(path.join(source, 'a.bin'), 70_000), randomFile(path.join(source, 'b.bin'), 5)]);
  let receiving = await startHost(receivingConfig);
  let sending = await startHost(sendingConfig);
  // About history, not consent: the receiving host takes files from anyone, and plain ones through the paced relay.
  await receiving.call('settings.setAccept', ['anyone']);
  await receiving.call('settings.setAcceptPlain', [true]);
  const { endpoints } = (await receiving.call('receiver.start', [{ dir: inbox, bind: 'tcp://127.0.0.1:0' }])) as ReceiverStatus;
  const endpoint = endpoints[0]!;

  const recorded = Promise.all([nextRecorded(receiving), nextRecorded(sending)]);
  await sending.call('sender.send', [{ endpoint, paths: files }]);
  const [received, sent] = await recorded;
  assert.deepEqual([received.direction, received.files, received.bytes, received.outcome, received.folder], ['receive', 2, 70_005, 'done', inbox]);
  assert.deepEqual([sent.direction, sent.peer, sent.files, sent.bytes, sent.outcome, sent.folder], ['send', endpoint, 2, 70_005, 'done', source]);
  assert.deepEqual(await listed(receiving), [received]);
  assert.deepEqual(await listed(sending), [sent]);

  // A `zerodrop send` with the sending host's config folder (plain, as the host sends): the host lists its batch.
  const cliReceiver = await startCliReceiver(await tempDir('zd-inbox'));
  await run(process.execPath, [BIN, 'send', cliReceiver.endpoint, files[1]!, '--config-dir', sendingConfig, '--plain']);
  await cliReceiver.stop();
  const [fromCli] = await listed(sending);
  assert.deepEqual([fromCli!.peer, fromCli!.files, fromCli!.outcome], [cliReceiver.endpoint, 1, 'done']);

  // Closing the sending host while its file crawls through a gate: the batch is recorded, cut short.
  const gate = await PacedRelay.open(endpoint, 200);
  const gateEndpoint = gate.endpoint;
  try {
    const big = await randomFile(path.join(source, 'big.bin'), 4 * 1024 * 1024);
    const started = new Promise<void>((resolve) => {
      const stop = sending.events.listen((event, payload) => {
        if (event === 'files.progress' && (payload as Array<{ bytes: number }>).some((file) => file.bytes > 0)) {
          stop();
          resolve();
        }
      });
    });
    await sending.call('sender.send', [{ endpoint: gateEndpoint, paths: [big], chunkBytes: 64 * 1024, window: 1, plain: true }]);
    await started;
    await closeHost(sending);
  } finally {
    gate.close();
  }
  await closeHost(receiving);

  receiving = await startHost(receivingConfig);
  sending = await startHost(sendingConfig);
  const sentAfter = await listed(sending);
  assert.deepEqual(sentAfter.slice(1), [fromCli, sent]);
  const cut = sentAfter[0]!;
  assert.deepEqual([cut.peer, cut.files, cut.done, cut.names], [gateEndpoint, 1, 0, ['big.bin']]);
  assert.ok(cut.outcome === 'cancelled' || cut.outcome === 'failed', cut.outcome);
  assert.ok(cut.bytes > 0 && cut.bytes < 4 * 1024 * 1024, String(cut.bytes));
  const receivedAfter = await listed(receiving);
  assert.deepEqual(receivedAfter.at(-1), received);
});
