// What a person on the network sees of a transfer: a packet capture of the
// test's own loopback ports (tcpdump, as an attacker on the path would run
// it). Encrypted, neither the file's name nor its bytes appear; plain v1
// (--plain), both do — the capture itself works.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import type { FileProgress, SendTrust } from '../../shared/transfer.js';
import { Sender } from '../../electron/engine/sender/sender.js';
import { senderSecurity } from '../../electron/engine/trust/trustBooks.js';
import { sha256File } from '../support/files.js';
import { startReceiver } from '../support/receiver.js';
import { senderDevice, startSecureReceiver } from '../support/secureReceiver.js';
import { tempDir } from '../support/tmp.js';
import { within } from '../support/wait.js';

const MARKER = 'ZERODROP-CAPTURE-MARKER-7c1f';
const NAME = 'secret-plans-4e2a.txt';

/** Captures loopback traffic on `ports` while `work` runs; returns the capture's bytes. */
async function captured(ports: number[], work: () => Promise<void>): Promise<Buffer> {
  const file = path.join(await tempDir('zd-pcap'), 'capture.pcap');
  const filter = ports.map((p) => `tcp port ${p}`).join(' or ');
  const tcpdump = spawn('tcpdump', ['-i', 'lo', '-U', '-s', '0', '-w', file, filter], { stdio: ['ignore', 'ignore', 'pipe'] });
  let said = '';
  tcpdump.stderr.on('data', (b: Buffer) => (said += b.toString()));
  const failed = once(tcpdump, 'exit').then(() => {
    throw new Error(`tcpdump could not capture (it runs as root; .ci/run installs it): ${said}`);
  });
  await within(Promise.race([new Promise<void>((resolve) => tcpdump.stderr.on('data', () => said.includes('listening on') && resolve())), failed]), 'tcpdump to listen');
  try {
    await work();
  } finally {
    // Give the last packets a moment to be written, then stop it cleanly.
    await new Promise((resolve) => setTimeout(resolve, 300));
    tcpdump.kill('SIGINT');
    await once(tcpdump, 'exit');
  }
  return readFile(file);
}

async function markedFile(): Promise<string> {
  const file = path.join(await tempDir('zd-src'), NAME);
  await writeFile(file, `${MARKER}\n`.repeat(20_000));
  return file;
}

async function send(target: string, file: string, trust: SendTrust): Promise<FileProgress | undefined> {
  let last: FileProgress | undefined;
  const sender = new Sender((files) => (last = files.at(-1) ?? last), senderSecurity);
  await sender.send(target, [file], {}, trust);
  await within(sender.idle(), 'the send');
  await sender.close();
  return last;
}

function portOf(endpoint: string): number {
  return Number(endpoint.split(':').pop());
}

test('encrypted: the capture holds neither the file name nor its contents; plain: it holds both', async () => {
  const file = await markedFile();
  const rx = await startSecureReceiver();
  const device = await senderDevice();
  const secret = await captured([portOf(rx.endpoint), ...rx.receiver.secureEndpoints.map(portOf)], async () => {
    const done = await send(rx.address, file, { plain: false, configDir: device.configDir });
    assert.equal(done?.status, 'done');
  });
  assert.equal(await sha256File(path.join(rx.dir, NAME)), await sha256File(file));
  assert.ok(secret.length > 400_000, `the capture holds the transfer (${secret.length} bytes)`);
  assert.equal(secret.indexOf(MARKER), -1, 'the contents were seen in clear');
  assert.equal(secret.indexOf(NAME), -1, 'the name was seen in clear');

  const v1 = await startReceiver();
  const clear = await captured([portOf(v1.endpoint)], async () => {
    const done = await send(v1.endpoint, file, { plain: true });
    assert.equal(done?.status, 'done');
  });
  assert.notEqual(clear.indexOf(MARKER), -1, 'a plain capture shows the contents (the capture works)');
  assert.notEqual(clear.indexOf(NAME), -1);
});
