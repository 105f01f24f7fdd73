// Trust in the host, on the real engine actors: two hosts with their own
// config folders send encrypted; the receiving one asks its person (these
// tests answer through the command table, as a UI does).
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { DeviceInfo, Settings, TrustList } from '../../shared/ipc.js';
import { keyAddress } from '../../shared/peerAddress.js';
import type { FileProgress, ReceiverStatus } from '../../shared/transfer.js';
import type { BatchOffer } from '../../shared/trust.js';
import type { Host } from '../../electron/host/host.js';
import { fingerprint, keyText, loadOrCreateIdentity } from '../../electron/engine/trust/deviceIdentity.js';
import { TrustStore } from '../../electron/engine/trust/trustStore.js';
import { randomFile, sha256File } from '../support/files.js';
import { nextEvent, startHost, untilFiles } from '../support/hosts.js';
import { tempDir } from '../support/tmp.js';

async function receivingHost(): Promise<{ host: Host; configDir: string; inbox: string; status: ReceiverStatus }> {
  const started = await startHost();
  const inbox = await tempDir('zd-inbox');
  const status = (await started.host.call('receiver.start', [{ dir: inbox, bind: 'tcp://127.0.0.1:0' }])) as ReceiverStatus;
  return { ...started, inbox, status };
}

/** Sends files of these sizes; resolves with their ids and a promise of their last states. */
async function send(host: Host, endpoint: string, sizes: number[], plain?: boolean) {
  const dir = await tempDir('zd-src');
  const paths = await Promise.all(sizes.map((size, i) => randomFile(path.join(dir, `file-${i}.bin`), size)));
  const ended = (files: Map<string, FileProgress>) => files.size === sizes.length && [...files.values()].every((f) => ['done', 'failed'].includes(f.status));
  const last = untilFiles(host, ended);
  const { fileIds } = (await host.call('sender.send', [{ endpoint, paths, ...(plain === undefined ? {} : { plain }) }])) as { fileIds: string[] };
  return { paths, fileIds, last: last.then((files) => [...files.values()]) };
}

const asked = (host: Host) => nextEvent(host, 'consent.pending', (pending) => pending.length > 0).then((pending) => pending[0]!);
const withdrawn = (host: Host) => nextEvent(host, 'consent.pending', (pending) => pending.length === 0);

test('this device is the one in its config folder, and its receiver is encrypted and asks by default', async () => {
  const { host, configDir } = await startHost();
  const identity = await loadOrCreateIdentity(configDir);
  const before = (await host.call('trust.identity', [])) as DeviceInfo;
  assert.deepEqual(before, { name: identity.name, fingerprint: fingerprint(identity.publicKey), key: keyText(identity.publicKey), addresses: [] });

  const status = (await host.call('receiver.start', [{ dir: await tempDir('zd-inbox'), bind: 'tcp://127.0.0.1:0' }])) as ReceiverStatus;
  assert.equal(status.encryption?.key, before.key);
  assert.equal(status.encryption?.accept, 'ask');
  assert.equal(status.encryption?.acceptPlain, false);
  const after = (await host.call('trust.identity', [])) as DeviceInfo;
  assert.deepEqual(after.addresses, [keyAddress(before.key, status.endpoints[0]!)]);
});

test('the receiving person is asked per batch: once lets it in, decline refuses it with words on the sender, always remembers the device', async () => {
  const receiving = await receivingHost();
  const sending = await startHost();
  const endpoint = receiving.status.endpoints[0]!;
  const senderIdentity = await loadOrCreateIdentity(sending.configDir);

  // Once: the question names the device and the batch; the files arrive.
  const question = asked(receiving.host);
  const told = nextEvent(sending.host, 'files.progress', (files) => files.some((f) => f.waiting));
  const first = await send(sending.host, endpoint, [3000, 5000]);
  const offer: BatchOffer = await question;
  assert.equal(offer.device, senderIdentity.name);
  assert.equal(offer.fingerprint, fingerprint(senderIdentity.publicKey));
  assert.equal(offer.files, 2);
  assert.equal(offer.bytes, 8000);
  assert.deepEqual(await receiving.host.call('consent.list', []), [offer]);
  const waiting = await told;
  const receiverPrint = receiving.status.encryption!.fingerprint;
  assert.deepEqual(waiting[0]!.receiver, { trust: 'first-contact', name: receiving.status.encryption!.name, fingerprint: receiverPrint });
  assert.match(waiting[0]!.waiting!, /waiting for .* to accept/);
  const gone = withdrawn(receiving.host);
  await receiving.host.call('consent.answer', [{ batch: offer.batch, decision: 'once' }]);
  await gone;
  const firstFiles = await first.last;
  assert.ok(firstFiles.every((f) => f.status === 'done'), JSON.stringify(firstFiles.map((f) => [f.status, f.error])));
  for (const source of first.paths) assert.equal(await sha256File(path.join(receiving.inbox, path.basename(source))), await sha256File(source));
  await assert.rejects(receiving.host.call('consent.answer', [{ batch: offer.batch, decision: 'once' }]), /no longer open/);

  // Once is not remembered: asked again; declined, the sender shows the receiver's words.
  const again = asked(receiving.host);
  const second = await send(sending.host, endpoint, [100]);
  await receiving.host.call('consent.answer', [{ batch: (await again).batch, decision: 'decline' }]);
  const [declined] = await second.last;
  assert.equal(declined!.status, 'failed');
  assert.equal(declined!.error?.code, 'declined');
  assert.match(declined!.error!.text, /declined/);
  assert.equal(declined!.receiver?.trust, 'pinned');

  // Always: the device is known from then on, and sends without a question.
  const third = asked(receiving.host);
  const always = await send(sending.host, endpoint, [100]);
  await receiving.host.call('consent.answer', [{ batch: (await third).batch, decision: 'always' }]);
  assert.equal((await always.last)[0]!.status, 'done');
  const list = (await receiving.host.call('trust.list', [])) as TrustList;
  assert.deepEqual(
    list.devices.map(({ key, fingerprint: print, name, status }) => ({ key, print, name, status })),
    [{ key: keyText(senderIdentity.publicKey), print: fingerprint(senderIdentity.publicKey), name: senderIdentity.name, status: 'known' }],
  );
  let questions = 0;
  const stop = receiving.host.events.listen((event, payload) => void (event === 'consent.pending' && (payload as BatchOffer[]).length > 0 && questions++));
  assert.equal((await (await send(sending.host, endpoint, [100])).last)[0]!.status, 'done');
  stop();
  assert.equal(questions, 0);

  // Blocked (from the UI): refused before any question.
  const key = keyText(senderIdentity.publicKey);
  await receiving.host.call('trust.setDevice', [{ key, status: 'blocked' }]);
  const [blocked] = await (await send(sending.host, endpoint, [100])).last;
  assert.equal(blocked!.error?.code, 'not-allowed');
});

test('the trust file is edited as `zerodrop trust` edits it: rename, remove, forget a pin', async () => {
  const receiving = await receivingHost();
  const sending = await startHost();
  await receiving.host.call('settings.setAccept', ['anyone']);
  const endpoint = receiving.status.endpoints[0]!;
  assert.equal((await (await send(sending.host, endpoint, [100])).last)[0]!.receiver?.trust, 'first-contact');

  const pins = ((await sending.host.call('trust.list', [])) as TrustList).pins;
  assert.deepEqual(pins.map((p) => [p.address, p.fingerprint]), [[endpoint.replace('tcp://', ''), receiving.status.encryption!.fingerprint]]);
  // The CLI's trust file holds the same pin.
  assert.equal((await (await TrustStore.open(sending.configDir)).read()).pins[0]!.key, receiving.status.encryption!.key);
  await sending.host.call('trust.forgetPin', [pins[0]!.address]);
  assert.deepEqual(((await sending.host.call('trust.list', [])) as TrustList).pins, []);
  await assert.rejects(sending.host.call('trust.forgetPin', [pins[0]!.address]), /No receiver key is pinned/);

  const key = receiving.status.encryption!.key;
  const known = (await sending.host.call('trust.setDevice', [{ key, status: 'known', name: 'Office PC' }])) as TrustList;
  assert.deepEqual(known.devices.map((d) => [d.name, d.status, d.fingerprint]), [['Office PC', 'known', receiving.status.encryption!.fingerprint]]);
  const renamed = (await sending.host.call('trust.rename', [{ key, name: 'Desk' }])) as TrustList;
  assert.equal(renamed.devices[0]!.name, 'Desk');
  assert.deepEqual(((await sending.host.call('trust.remove', [key])) as TrustList).devices, []);
  await assert.rejects(sending.host.call('trust.rename', [{ key, name: 'x' }]), /No device with that key/);
  await assert.rejects(sending.host.call('trust.remove', [key]), /No device with that key/);

  // A key-carrying address is verified.
  const verified = await send(sending.host, keyAddress(key, endpoint), [100]);
  assert.equal((await verified.last)[0]!.receiver?.trust, 'verified');
});

test('unencrypted senders are refused until the person accepts them; then their files say unencrypted', async () => {
  const receiving = await receivingHost();
  const sending = await startHost();
  const endpoint = receiving.status.endpoints[0]!;
  const [refused] = await (await send(sending.host, endpoint, [100], true)).last;
  assert.equal(refused!.status, 'failed');
  assert.equal(refused!.error?.code, 'denied');
  assert.match(refused!.error!.text, /only encrypted/);

  // The running receiver takes the new setting at once.
  const restarted = nextEvent(receiving.host, 'receiver.status', (status) => status.listening && status.encryption?.acceptPlain === true);
  const settings = (await receiving.host.call('settings.setAcceptPlain', [true])) as Settings;
  assert.equal(settings.acceptPlain, true);
  assert.deepEqual((await restarted).endpoints, [endpoint]);
  const [plain] = await (await send(sending.host, endpoint, [100], true)).last;
  assert.equal(plain!.status, 'done');
  assert.deepEqual(plain!.receiver, { trust: 'unencrypted' });
});

test('a question not answered in time is withdrawn, and the sender is told', async () => {
  const receiving = await receivingHost();
  await receiving.host.call('settings.setAskSeconds', [1]);
  const sending = await startHost();
  const question = asked(receiving.host);
  const sent = await send(sending.host, receiving.status.endpoints[0]!, [100]);
  await question;
  await withdrawn(receiving.host);
  const [file] = await sent.last;
  assert.equal(file!.error?.code, 'declined');
  assert.match(file!.error!.text, /no answer from the receiving person in 1 s/);
});

test('stopping the receiver withdraws its open questions', async () => {
  const receiving = await receivingHost();
  const sending = await startHost();
  const question = asked(receiving.host);
  await send(sending.host, receiving.status.endpoints[0]!, [100]);
  await question;
  const gone = withdrawn(receiving.host);
  await receiving.host.call('receiver.stop', []);
  await gone;
  assert.deepEqual(await receiving.host.call('consent.list', []), []);
});
