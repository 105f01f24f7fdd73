// Resume (issue 9) over real sockets, processes and files: an interrupted
// encrypted transfer continues where it stopped and sends only what is
// missing; a changed file, another device, a cancel and a torn record are
// each handled safely. The bytes the second attempt puts on the wire are
// counted by the sender (`sentBytes` of its --json progress).
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { PARTIALS_DIR } from '../../electron/engine/receiver/tempFile.js';
import { buildCli, BIN, cliSend, startCliReceiver, stopAllCli } from '../support/cliProcess.js';
import { randomFile, sha256File } from '../support/files.js';
import { senderDevice, startSecureReceiver } from '../support/secureReceiver.js';
import { tempDir } from '../support/tmp.js';
import { until, within } from '../support/wait.js';
import { Sender } from '../../electron/engine/sender/sender.js';
import { senderSecurity } from '../../electron/engine/trust/trustBooks.js';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { fingerprint, keyText } from '../../electron/engine/trust/deviceIdentity.js';
import type { FileProgress } from '../../shared/transfer.js';
import { CutRelay } from '../support/cutRelay.js';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

before(buildCli);
after(stopAllCli);

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** A folder in RAM where there is one: 1 GiB files come and go quickly there. */
async function fastDir(label: string): Promise<string> {
  const dir = await mkdtemp(path.join('/dev/shm', `${label}-`)).catch(() => tempDir(label));
  after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

type Event = Record<string, unknown>;
const port = (endpoint: string) => Number(endpoint.split(':').pop());
const sent = (events: Event[]) => events.filter((e) => e.event === 'progress' && e.direction === 'send').at(-1) ?? {};

/** A `zerodrop send` killed with SIGKILL once `reached` holds (kill early in a large file: the send must not have ended). */
async function sendKilledAt(target: string, file: string, configDir: string, reached: () => boolean): Promise<void> {
  const child = spawn(process.execPath, [BIN, 'send', target, file, '--config-dir', configDir, '--json'], { stdio: ['ignore', 'pipe', 'ignore'] });
  createInterface({ input: child.stdout! }).on('line', () => undefined);
  await until(reached, 'the receiver to hold part of the file', 120_000);
  child.kill('SIGKILL');
  await once(child, 'exit');
}

test('the sender killed at half of a 1 GiB file: sent again, at most 55 % goes on the wire, and it arrives whole', async (t) => {
  const rx = await startSecureReceiver({ limits: { idleMs: 2_000 } });
  const device = await senderDevice();
  const file = await randomFile(path.join(await fastDir('zd-src'), 'big.bin'), GiB);
  const held = () => rx.receiver.files().some((f) => f.name === 'big.bin' && f.bytes >= GiB / 2);
  await sendKilledAt(rx.address, file, device.configDir, held);
  // The second attempt goes through a relay that counts the bytes on the wire.
  const relay = await CutRelay.open([port(rx.endpoint), ...rx.receiver.secureEndpoints.map(port)]);
  t.after(() => relay.close());
  const again = await cliSend(`${keyText(rx.identity.publicKey)}@${relay.host}:${port(rx.endpoint)}`, [file], ['--config-dir', device.configDir]);
  assert.equal(again.code, 0, again.stderr);
  const last = sent(again.events);
  assert.ok((last.resumedBytes as number) >= 0.45 * GiB, `resumed ${String(last.resumedBytes)}`);
  assert.ok((last.sentBytes as number) <= 0.55 * GiB, `sent ${String(last.sentBytes)} bytes the second time`);
  assert.ok(relay.upstreamBytes <= 0.55 * GiB, `${relay.upstreamBytes} bytes went on the wire the second time`);
  assert.ok(relay.upstreamBytes >= (last.sentBytes as number), 'the relay saw what the sender says it sent');
  assert.equal(await sha256File(path.join(rx.dir, 'big.bin')), await sha256File(file));
  assert.deepEqual(await readdir(path.join(rx.dir, PARTIALS_DIR)), [], 'the partial is gone once stored');
});

test('the receiver killed and restarted: the partial it kept is resumed', async () => {
  const dir = await fastDir('zd-recv');
  const rxConfig = await tempDir('zd-rx-config');
  const args = ['--config-dir', rxConfig, '--accept', 'anyone'];
  const first = await startCliReceiver(dir, { args });
  const device = await senderDevice();
  const file = await randomFile(path.join(await fastDir('zd-src'), 'big.bin'), 512 * MiB);
  const half = () => first.lines.some((l) => l.includes('"direction":"receive"') && Number(/"bytes":(\d+)/.exec(l)?.[1]) >= 256 * MiB);
  // The machine goes down: the receiver at half the file, then the sender (which would wait a minute for it).
  const sender = spawn(process.execPath, [BIN, 'send', first.address, file, '--config-dir', device.configDir], { stdio: 'ignore' });
  await until(half, 'half the file to arrive', 120_000);
  first.child.kill('SIGKILL');
  await once(first.child, 'exit');
  sender.kill('SIGKILL');
  await once(sender, 'exit');
  const restarted = await startCliReceiver(dir, { args });
  const again = await cliSend(restarted.address, [file], ['--config-dir', device.configDir]);
  assert.equal(again.code, 0, again.stderr);
  const last = sent(again.events);
  // What the dead receiver had flushed and recorded (all but its last 64 MiB at most) is not sent again.
  assert.ok((last.sentBytes as number) <= 0.55 * 512 * MiB + 64 * MiB, `sent ${String(last.sentBytes)}`);
  assert.ok((last.resumedBytes as number) > 0);
  assert.equal(await sha256File(path.join(dir, 'big.bin')), await sha256File(file));
  await restarted.stop();
});

test('a changed file is sent in full; another device does not resume; a cancel discards; a torn record is ignored', async () => {
  const rx = await startSecureReceiver({ limits: { idleMs: 1_000 } });
  const phone = await senderDevice('phone');
  const laptop = await senderDevice('laptop');
  const src = await fastDir('zd-src');
  const file = await randomFile(path.join(src, 'doc.bin'), 96 * MiB);
  /** The receiver's transfer of `name` ended as interrupted (idle): its partial is kept. */
  const kept = (name: string) => () => rx.receiver.files().some((f) => f.name === name && f.status === 'failed' && /kept for the sender to resume/.test(f.error?.text ?? ''));
  const holds = (bytes: number) => () => rx.receiver.files().some((f) => f.name === 'doc.bin' && f.bytes >= bytes && f.status !== 'done');
  await sendKilledAt(rx.address, file, phone.configDir, holds(8 * MiB));
  await until(kept('doc.bin'), 'the partial to be kept');

  // Another device's send of the same name and bytes starts afresh and leaves the phone's partial alone.
  const other = await cliSend(rx.address, [file], ['--config-dir', laptop.configDir]);
  assert.equal(other.code, 0, JSON.stringify(sent(other.events).error));
  assert.equal(sent(other.events).resumedBytes, undefined);
  assert.equal(sent(other.events).sentBytes, 96 * MiB);
  assert.equal((await readdir(path.join(rx.dir, PARTIALS_DIR))).length, 2, "the phone's partial is still there");

  // The phone's file changed since: its partial is not used.
  await writeFile(file, Buffer.alloc(96 * MiB, 7));
  await rm(path.join(rx.dir, 'doc.bin'));
  await rm(path.join(rx.dir, 'doc (1).bin'), { force: true });
  const changed = await cliSend(rx.address, [file], ['--config-dir', phone.configDir]);
  assert.equal(changed.code, 0);
  assert.equal(sent(changed.events).sentBytes, 96 * MiB);
  assert.equal(await sha256File(path.join(rx.dir, 'doc.bin')), await sha256File(file));
  assert.deepEqual(await readdir(path.join(rx.dir, PARTIALS_DIR)), []);

  // A torn last line (a crash while it was written) is ignored; the lines before it count.
  // Past two flushes (each records what it made durable), early in a file large enough that the send cannot end first.
  const torn = await randomFile(path.join(src, 'torn.bin'), 384 * MiB);
  await sendKilledAt(rx.address, torn, phone.configDir, () => rx.receiver.files().some((f) => f.name === 'torn.bin' && f.bytes >= 72 * MiB));
  await until(kept('torn.bin'), 'the partial to be kept');
  const record = (await readdir(path.join(rx.dir, PARTIALS_DIR))).find((n) => n.endsWith('.rec'))!;
  await appendFile(path.join(rx.dir, PARTIALS_DIR, record), '{"chunks":[[0,4194304,"0000');
  const resumed = await cliSend(rx.address, [torn], ['--config-dir', phone.configDir]);
  assert.equal(resumed.code, 0);
  assert.ok((sent(resumed.events).resumedBytes as number) > 0);
  assert.equal(await sha256File(path.join(rx.dir, 'torn.bin')), await sha256File(torn));
});

test('Cancel on the sender discards what the receiver held; partials past their age are removed', async () => {
  const rx = await startSecureReceiver({ limits: { idleMs: 1_000 } });
  const device = await senderDevice();
  const src = await fastDir('zd-src');
  const file = await randomFile(path.join(src, 'gone.bin'), 64 * MiB);
  const sender = new Sender(() => undefined, senderSecurity);
  const { fileIds } = await sender.send(rx.address, [file], { chunkBytes: MiB, window: 1 }, { plain: false, configDir: device.configDir });
  await until(() => rx.receiver.files().some((f) => f.name === 'gone.bin' && f.bytes >= 8 * MiB), 'some of it to arrive');
  sender.cancel(fileIds[0]!);
  await within(sender.idle(), 'the cancel');
  await sender.close();
  await until(() => rx.receiver.files().some((f) => f.name === 'gone.bin' && f.status === 'failed'), 'the receiver to end it');
  await until(async () => (await readdir(path.join(rx.dir, PARTIALS_DIR))).length === 0, 'the partial to be discarded');
  assert.deepEqual((await readdir(rx.dir)).sort(), [PARTIALS_DIR]);

  // Kept, then a receiver that keeps partials for no time at all removes it when it starts.
  const kept = await randomFile(path.join(src, 'old.bin'), 256 * MiB);
  await sendKilledAt(rx.address, kept, device.configDir, () => rx.receiver.files().some((f) => f.name === 'old.bin' && f.bytes >= 16 * MiB));
  await until(() => rx.receiver.files().some((f) => f.name === 'old.bin' && f.status === 'failed'), 'the partial to be kept');
  assert.equal((await readdir(path.join(rx.dir, PARTIALS_DIR))).length, 2);
  await rx.receiver.stop();
  const later = await startSecureReceiver({ dir: rx.dir, configDir: rx.configDir, partials: { keepMs: 0 } });
  await until(async () => (await readdir(path.join(later.dir, PARTIALS_DIR))).length === 0, 'the old partial to be removed');
});

test('zerodrop partials lists what is kept; send --fresh sends it whole; discarding waits for the receiver to stop', async () => {
  const dir = await fastDir('zd-recv');
  const receiver = await startCliReceiver(dir, { args: ['--config-dir', await tempDir('zd-rx-config'), '--accept', 'anyone', '--idle-ms', '1000'] });
  const device = await senderDevice('tablet');
  const file = await randomFile(path.join(await fastDir('zd-src'), 'clip.bin'), 256 * MiB);
  const received = (status: string) => () => receiver.lines.some((l) => l.includes('"direction":"receive"') && l.includes(`"status":"${status}"`));
  const half = () => receiver.lines.some((l) => l.includes('"direction":"receive"') && Number(/"bytes":(\d+)/.exec(l)?.[1]) >= 16 * MiB);
  await sendKilledAt(receiver.address, file, device.configDir, half);
  await until(received('failed'), 'the partial to be kept');
  const zerodrop = (args: string[]) => promisify(execFile)(process.execPath, [BIN, ...args]).then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => e);
  const listed = await zerodrop(['partials', '--dir', dir, '--json']);
  const [partial] = JSON.parse(listed.stdout) as Array<{ name: string; fingerprint: string; size: number; heldBytes: number }>;
  assert.equal(partial?.name, 'clip.bin');
  assert.equal(partial.fingerprint, fingerprint(device.identity.publicKey));
  assert.equal(partial.size, 256 * MiB);
  assert.ok(partial.heldBytes > 0);
  const busy = await zerodrop(['partials', '--dir', dir, '--discard-all']);
  assert.equal(busy.code, 1, 'not while a receiver runs there');
  assert.match(busy.stderr, /^zerodrop: cannot discard partials in .* now: /);
  assert.doesNotMatch(busy.stderr, /Usage|zerodrop partials \[/, 'words, not the usage text: the command was written rightly');
  const fresh = await cliSend(receiver.address, [file], ['--config-dir', device.configDir, '--fresh']);
  assert.equal(fresh.code, 0);
  assert.equal(sent(fresh.events).sentBytes, 256 * MiB);
  assert.equal(sent(fresh.events).resumedBytes, undefined);
  await until(async () => JSON.parse((await zerodrop(['partials', '--dir', dir, '--json'])).stdout).length === 0, 'the kept part to go with the fresh send');
  await receiver.stop();
  const none = await zerodrop(['partials', '--dir', dir, '--discard-all', '--json']);
  assert.equal(none.code, 0, none.stderr);
  assert.deepEqual(JSON.parse(none.stdout), { discarded: 0 });
  const unknown = await zerodrop(['partials', '--dir', dir, '--discard', 'nothing.bin']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /no partial named "nothing.bin"/);
});

test('a network cut shorter than the idle time heals by itself: the sender reconnects, authenticates again and continues', async (t) => {
  const rx = await startSecureReceiver();
  const relay = await CutRelay.open([port(rx.endpoint), ...rx.receiver.secureEndpoints.map(port)]);
  t.after(() => relay.close());
  const device = await senderDevice();
  const file = await randomFile(path.join(await fastDir('zd-src'), 'hiccup.bin'), 96 * MiB);
  let last: FileProgress | undefined;
  const statuses = new Set<string>();
  const sender = new Sender((files) => {
    last = files.at(-1) ?? last;
    for (const f of files) statuses.add(f.status);
  }, senderSecurity);
  t.after(() => sender.close());
  await sender.send(`${keyText(rx.identity.publicKey)}@${relay.host}:${port(rx.endpoint)}`, [file], { chunkBytes: MiB, window: 2 }, { plain: false, configDir: device.configDir });
  await until(() => rx.receiver.files().some((f) => f.name === 'hiccup.bin' && f.bytes >= 16 * MiB), 'some of it to arrive');
  await relay.cut();
  await until(() => last?.waiting === 'the connection broke; reconnecting…', 'the sender to notice the break');
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  await relay.restore();
  await within(sender.idle(), 'the transfer to end', 120_000);
  assert.equal(last?.status, 'done', JSON.stringify(last?.error));
  assert.ok(!statuses.has('failed'), 'a file waited out through a break is never reported failed');
  assert.ok((last?.resumedBytes ?? 0) >= 16 * MiB, `resumed ${last?.resumedBytes}`);
  assert.equal(await sha256File(path.join(rx.dir, 'hiccup.bin')), await sha256File(file));
});
