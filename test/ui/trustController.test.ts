// The renderer's trust state (renderer/store/trustController.ts) bound to a
// real host in this process (its actors in worker threads, ZeroMQ on
// loopback), through the same API object the transports build.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { apiOver, EventListeners } from '../../shared/uiApi.js';
import type { ReceiverStatus } from '../../shared/transfer.js';
import type { Host } from '../../electron/host/host.js';
import { fingerprint, loadOrCreateIdentity } from '../../electron/engine/trust/deviceIdentity.js';
import type { HostConnection } from '../../renderer/api/connection.js';
import { createAppStore, type AppStore } from '../../renderer/store/appStore.js';
import { bindTrust } from '../../renderer/store/trustController.js';
import { randomFile } from '../support/files.js';
import { startHost } from '../support/hosts.js';
import { tempDir } from '../support/tmp.js';
import { until } from '../support/wait.js';

function connect(host: Host): HostConnection {
  const listeners = new EventListeners();
  host.events.listen((event, payload) => listeners.emit(event, payload));
  return { api: apiOver((command, args) => host.call(command, args), listeners), state: () => 'open', onState: () => () => undefined, pathOfDroppedFile: null };
}

async function boundUi(host: Host): Promise<{ store: AppStore; trust: ReturnType<typeof bindTrust>['trust'] }> {
  const store = createAppStore();
  const { trust } = bindTrust(connect(host), store);
  await until(() => store.getState().device !== null, 'this device to load');
  return { store, trust };
}

test('the UI holds this device, the open questions as they come and go, and the trust list while Settings is open', async () => {
  const receiving = await startHost();
  const sending = await startHost();
  const { store, trust } = await boundUi(receiving.host);
  const me = await loadOrCreateIdentity(receiving.configDir);
  assert.equal(store.getState().device?.fingerprint, fingerprint(me.publicKey));
  assert.equal(store.getState().trustList, null, 'not read until Settings opens');

  const { endpoints } = (await receiving.host.call('receiver.start', [{ dir: await tempDir('zd-inbox'), bind: 'tcp://127.0.0.1:0' }])) as ReceiverStatus;
  const source = await randomFile(path.join(await tempDir('zd-src'), 'a.bin'), 1_000);
  await sending.host.call('sender.send', [{ endpoint: endpoints[0]!, paths: [source] }]);
  await until(() => store.getState().consent.length === 1, 'the question');
  const [offer] = store.getState().consent;
  assert.equal(offer!.files, 1);

  store.getState().setSettingsOpen(true);
  await until(() => store.getState().trustList !== null, 'the trust list');
  assert.deepEqual(store.getState().trustList!.devices, []);
  // Always, answered while Settings is open: the list shows the device at once.
  await trust.answer(offer!.batch, 'always');
  await until(() => store.getState().consent.length === 0, 'the question to be withdrawn');
  await until(() => store.getState().trustList!.devices.length === 1, 'the new known device');
  const senderId = await loadOrCreateIdentity(sending.configDir);
  assert.equal(store.getState().trustList!.devices[0]!.fingerprint, fingerprint(senderId.publicKey));

  await trust.setDeviceStatus(store.getState().trustList!.devices[0]!.key, 'blocked');
  assert.equal(store.getState().trustList!.devices[0]!.status, 'blocked');
  await trust.setAcceptPlain(true);
  assert.equal(store.getState().settings.acceptPlain, true);

  // A failure is a notice, not an exception.
  await trust.answer(offer!.batch, 'once');
  assert.match(store.getState().notice?.text ?? '', /^Cannot answer: That question is no longer open/);
  // Choosing a mode leaves Settings.
  store.getState().setMode('receive');
  assert.equal(store.getState().settingsOpen, false);
});
