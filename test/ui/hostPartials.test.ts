// The app's list of what the receive folder keeps for resuming, on the real
// engine actors and a real killed sender: listed while receiving and after,
// and discarded through the command table.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { PartialListing, ReceiverStatus } from '../../shared/transfer.js';
import { fingerprint, loadOrCreateIdentity } from '../../electron/engine/trust/deviceIdentity.js';
import { BIN, buildCli, stopAllCli } from '../support/cliProcess.js';
import { randomFile } from '../support/files.js';
import { startHost } from '../support/hosts.js';
import { tempDir } from '../support/tmp.js';
import { until } from '../support/wait.js';

before(buildCli);
after(stopAllCli);
const MiB = 1024 * 1024;

test('an interrupted encrypted transfer is listed as kept for resuming, while receiving and after, and Discard removes it', async () => {
  const { host } = await startHost();
  await host.call('settings.setAccept', ['anyone']);
  const inbox = await tempDir('zd-inbox');
  const status = (await host.call('receiver.start', [{ dir: inbox, bind: 'tcp://127.0.0.1:0' }])) as ReceiverStatus;
  const senderConfig = await tempDir('zd-send-config');
  const file = await randomFile(path.join(await tempDir('zd-src'), 'movie.bin'), 256 * MiB);
  const sender = spawn(process.execPath, [BIN, 'send', status.addresses[0]!, file, '--config-dir', senderConfig], { stdio: 'ignore' });
  await until(async () => ((await host.call('files.list', [])) as { files: Array<{ name: string; bytes: number }> }).files.some((f) => f.name === 'movie.bin' && f.bytes >= 8 * MiB), 'part of the file to arrive');
  sender.kill('SIGKILL');
  await once(sender, 'exit');
  // Stopping keeps what arrived (the sender was cut off, not cancelled).
  await host.call('receiver.stop', []);
  const listed = (await host.call('receiver.partials', [])) as PartialListing[];
  assert.equal(listed.length, 1);
  const [kept] = listed;
  assert.equal(kept!.name, 'movie.bin');
  assert.equal(kept!.size, 256 * MiB);
  assert.ok(kept!.heldBytes > 0 && kept!.heldBytes < 256 * MiB);
  assert.equal(kept!.fingerprint, fingerprint((await loadOrCreateIdentity(senderConfig)).publicKey));
  await host.call('receiver.start', [{ dir: inbox, bind: 'tcp://127.0.0.1:0' }]);
  assert.deepEqual(((await host.call('receiver.partials', [])) as PartialListing[]).map((p) => p.id), [kept!.id], 'the running receiver lists it too');
  await host.call('receiver.discardPartial', [kept!.id]);
  assert.deepEqual(await host.call('receiver.partials', []), []);
  await assert.rejects(host.call('receiver.discardPartial', [kept!.id]), /gone/);
});
