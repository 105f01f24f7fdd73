// Encrypted receivers that break the extensions' rules on purpose, against
// the engine's real sender: each file ends in words, the sender goes on, and
// nothing a receiver says costs the sender unbounded time, memory or trust.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { parsePeerAddress, type PeerAddress } from '../../shared/peerAddress.js';
import type { FileProgress } from '../../shared/transfer.js';
import { MAX_ANSWER_WAIT_SECONDS, openSecureLink } from '../../electron/engine/sender/secureLink.js';
import { Sender } from '../../electron/engine/sender/sender.js';
import { loadOrCreateIdentity } from '../../electron/engine/trust/deviceIdentity.js';
import { TrustStore } from '../../electron/engine/trust/trustStore.js';
import { senderSecurity } from '../../electron/engine/trust/trustBooks.js';
import { randomFile } from '../support/files.js';
import { commandOf } from '../support/scriptedReceiver.js';
import { startScriptedSecureReceiver, willingly, type SecureAnswer } from '../support/scriptedSecureReceiver.js';
import { senderDevice } from '../support/secureReceiver.js';
import { tempDir } from '../support/tmp.js';
import { until, within } from '../support/wait.js';

const MiB = 1024 * 1024;

/** `answer` for `command`, the willing receiver's answers for the rest. */
function except(command: string, answer: SecureAnswer): SecureAnswer {
  const rest = willingly();
  return (request) => (commandOf(request)[0] === command ? answer(request) : rest(request));
}

async function sendTo(address: string, sizes: number[], options: { replyTimeoutMs?: number } = {}, device?: { configDir: string }) {
  device ??= await senderDevice();
  const src = await tempDir('zd-src');
  const files = await Promise.all(sizes.map((size, i) => randomFile(path.join(src, `f${i}.bin`), size)));
  const last = new Map<string, FileProgress>();
  const sender = new Sender((batch) => batch.forEach((f) => last.set(f.name, f)), senderSecurity);
  try {
    await sender.send(address, files, options, { plain: false, configDir: device.configDir });
    await within(sender.idle(), 'the sender to end every file', 60_000);
    return { files: [...last.values()], configDir: device.configDir };
  } finally {
    await sender.close();
  }
}

test('RESUME answered READY fails that file in words; the sender goes on with the next', async () => {
  const rx = await startScriptedSecureReceiver(except('RESUME', () => ['READY']));
  const { files } = await sendTo(rx.address, [2 * MiB, 1000]);
  const big = files.find((f) => f.name.endsWith('f0.bin'))!;
  assert.equal(big.status, 'failed');
  assert.match(big.error!.text, /bad-request: the receiver answered RESUME with READY, not HELD/);
  assert.equal(files.find((f) => f.name.endsWith('f1.bin'))!.status, 'done', 'a small file needs no RESUME');
});

test("a refusal's words are bounded and made safe as they arrive, on every file of the batch", async () => {
  const words = `denied: \u001b]0;owned\u0007\u001b[2J${'x'.repeat(4 * MiB)}`;
  const rx = await startScriptedSecureReceiver(except('OFFER', () => ['ERROR', words]));
  const { files } = await sendTo(rx.address, Array.from({ length: 40 }, () => 10));
  assert.equal(files.length, 40);
  for (const file of files) {
    assert.equal(file.status, 'failed');
    assert.ok(file.error!.text.length <= 400, `${file.error!.text.length} characters`);
    assert.doesNotMatch(file.error!.text, /\u001b|\u0007/);
    assert.match(file.error!.text, /^denied: \\u\{1b\}\]0;owned/);
  }
});

test('a receiver that lets the link open again but never lets the file on is not waited out for ever', async () => {
  // RESUME is never answered: each attempt times out, the link opens again at once, and the file is tried anew.
  const rx = await startScriptedSecureReceiver(except('RESUME', () => null));
  const { files } = await sendTo(rx.address, [2 * MiB], { replyTimeoutMs: 500 });
  assert.equal(files[0]!.status, 'failed');
  const resumes = rx.requests.filter((r) => commandOf(r)[0] === 'RESUME').length;
  // The first attempt and four waited out: the fifth break in a row without progress fails it.
  assert.ok(resumes >= 4 && resumes <= 5, `RESUME sent ${resumes} times`);
});

test("the time a receiving person may take is the receiver's to say, up to an hour", async () => {
  const rx = await startScriptedSecureReceiver(willingly(2 ** 40));
  const device = await senderDevice();
  const link = await openSecureLink(parsePeerAddress(rx.address) as PeerAddress, await senderSecurity(device.configDir), undefined, 5_000);
  link.connection.close();
  assert.equal(link.askMs, MAX_ANSWER_WAIT_SECONDS * 1000);
});

test('a key announced on the plain port by someone who does not hold it is never pinned', async () => {
  const impostor = await loadOrCreateIdentity(await tempDir('zd-impostor'));
  const rx = await startScriptedSecureReceiver(willingly(), impostor.publicKey);
  const device = await senderDevice();
  // A first contact (no key in the address): the CURVE handshake with the announced key cannot complete.
  const { files } = await sendTo(rx.endpoint.replace('tcp://', ''), [10], { replyTimeoutMs: 1_000 }, device);
  assert.equal(files[0]!.status, 'failed');
  assert.deepEqual((await (await TrustStore.open(device.configDir)).read()).pins, []);
});

test("a receiver's name for itself is shown made safe while its person is asked", async () => {
  const rx = await startScriptedSecureReceiver(except('OFFER', () => null), undefined, 'Alice\u202Efdp.exe');
  const device = await senderDevice();
  const file = await randomFile(path.join(await tempDir('zd-src'), 'a.bin'), 10);
  let waiting: string | undefined;
  const sender = new Sender((batch) => (waiting = batch.find((f) => f.waiting)?.waiting ?? waiting), senderSecurity);
  try {
    await sender.send(rx.address, [file], {}, { plain: false, configDir: device.configDir });
    await until(() => waiting !== undefined, 'the sender to say it waits for the receiving person');
    assert.equal(waiting, 'waiting for Alice\\u{202e}fdp.exe to accept');
  } finally {
    await sender.close();
  }
});
