// `zerodrop receive` and `zerodrop send` with their trust defaults, as a
// person or a script runs them: real processes, each device with its own
// config folder, and the exit codes and --json events scripts rely on.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { BIN, buildCli, cliSend, startCliReceiver, stopAllCli, type CliReceiver } from '../support/cliProcess.js';
import { tempDir } from '../support/tmp.js';
import { until } from '../support/wait.js';

before(buildCli);
after(stopAllCli);
const run = promisify(execFile);

async function device(): Promise<{ configDir: string; key: string; fingerprint: string }> {
  const configDir = await tempDir('zd-cfg');
  const { stdout } = await run(process.execPath, [BIN, 'id', '--config-dir', configDir, '--json']);
  const id = JSON.parse(stdout) as { publicKey: string; fingerprint: string };
  return { configDir, key: id.publicKey, fingerprint: id.fingerprint };
}

async function note(text = 'hello'): Promise<string> {
  const file = path.join(await tempDir('zd-src'), 'note.txt');
  await writeFile(file, text);
  return file;
}

function listening(receiver: CliReceiver): { addresses: string[]; encryption?: { accept: string; fingerprint: string; key: string } } {
  return JSON.parse(receiver.lines[0]!) as ReturnType<typeof listening>;
}

test('receive is encrypted and admits known devices only by default; trust add lets a device send', async () => {
  const rxConfig = await device();
  const dir = await tempDir('zd-recv');
  const receiver = await startCliReceiver(dir, { args: ['--config-dir', rxConfig.configDir] });
  const status = listening(receiver);
  assert.equal(status.encryption?.accept, 'known');
  assert.equal(status.encryption?.key, rxConfig.key);
  assert.ok(status.addresses.every((a) => a.startsWith(`${rxConfig.key}@`)), status.addresses.join(' '));
  const phone = await device();
  const refused = await cliSend(receiver.address, [await note()], ['--config-dir', phone.configDir]);
  assert.equal(refused.code, 4, refused.stderr);
  await run(process.execPath, [BIN, 'trust', 'add', phone.key, '--name', 'phone', '--config-dir', rxConfig.configDir]);
  const sent = await cliSend(receiver.address, [await note()], ['--config-dir', phone.configDir]);
  assert.equal(sent.code, 0, sent.stderr);
  const told = sent.events.find((e) => e.event === 'receiver');
  assert.equal(told?.trust, 'verified');
  assert.equal(told?.fingerprint, rxConfig.fingerprint);
  assert.deepEqual(await readdir(dir), ['note.txt']);
});

test('--accept ask: the receiving person declines, then accepts always, answering on standard input', async () => {
  const rxConfig = await device();
  const dir = await tempDir('zd-recv');
  const receiver = await startCliReceiver(dir, { args: ['--config-dir', rxConfig.configDir, '--accept', 'ask'], stdin: true });
  const phone = await device();
  const first = cliSend(receiver.endpoint, [await note()], ['--config-dir', phone.configDir]);
  await until(() => receiver.lines.some((l) => l.includes('"event":"asked"')), 'the receiver to ask');
  const asked = JSON.parse(receiver.lines.find((l) => l.includes('"event":"asked"'))!) as Record<string, unknown>;
  assert.equal(asked.fingerprint, phone.fingerprint);
  assert.equal(asked.files, 1);
  assert.equal(asked.bytes, 5);
  receiver.child.stdin!.write('decline\n');
  const declined = await first;
  assert.equal(declined.code, 3);
  assert.match(JSON.stringify(declined.events), /denied: the receiving person declined/);
  const second = cliSend(receiver.endpoint, [await note()], ['--config-dir', phone.configDir]);
  await until(() => receiver.lines.filter((l) => l.includes('"event":"asked"')).length === 2, 'the receiver to ask again');
  receiver.child.stdin!.write('a\n');
  assert.equal((await second).code, 0);
  // Now known: not asked again.
  assert.equal((await cliSend(receiver.endpoint, [await note()], ['--config-dir', phone.configDir])).code, 0);
  assert.equal(receiver.lines.filter((l) => l.includes('"event":"asked"')).length, 2);
});

test('--accept ask: a question nobody answers in time is declined, and --json says so', async () => {
  const rxConfig = await device();
  const receiver = await startCliReceiver(await tempDir('zd-recv'), { args: ['--config-dir', rxConfig.configDir, '--accept', 'ask', '--ask-timeout-ms', '500'], stdin: true });
  const phone = await device();
  const sent = await cliSend(receiver.endpoint, [await note()], ['--config-dir', phone.configDir]);
  assert.equal(sent.code, 3, sent.stderr);
  const asked = JSON.parse(receiver.lines.find((l) => l.includes('"event":"asked"'))!) as { batch: string };
  await until(() => receiver.lines.some((l) => l.includes('"event":"unanswered"')), 'the receiver to say the question went unanswered');
  assert.deepEqual(JSON.parse(receiver.lines.find((l) => l.includes('"event":"unanswered"'))!), { event: 'unanswered', batch: asked.batch });
});

test('exit codes: a wrong key in the address (6), a changed receiver key (5), an unencrypted receiver (7)', async () => {
  const phone = await device();
  const a = await device();
  const b = await device();
  const first = await startCliReceiver(await tempDir('zd-recv'), { args: ['--config-dir', a.configDir, '--accept', 'anyone'] });
  const hostPort = first.endpoint.replace('tcp://', '');
  const wrong = await cliSend(`${b.key}@${hostPort}`, [await note()], ['--config-dir', phone.configDir]);
  assert.equal(wrong.code, 6);
  assert.equal((await cliSend(hostPort, [await note()], ['--config-dir', phone.configDir])).code, 0);
  await first.stop();
  // Another device now answers at the same address.
  const impostor = await startCliReceiver(await tempDir('zd-recv'), { args: ['--config-dir', b.configDir, '--accept', 'anyone', '--bind', first.endpoint] });
  const changed = await cliSend(hostPort, [await note()], ['--config-dir', phone.configDir]);
  assert.equal(changed.code, 5);
  assert.match(JSON.stringify(changed.events), /changed its key/);
  // The pin is forgotten whichever way its address is written (it was sent to as host:port).
  const forget = () => run(process.execPath, [BIN, 'trust', 'forget-pin', `tcp://${hostPort}`, '--config-dir', phone.configDir]).then(() => 0, (err: { code: number }) => err.code);
  assert.equal(await forget(), 0);
  assert.equal(await forget(), 1, 'nothing left to forget');
  assert.equal((await cliSend(hostPort, [await note()], ['--config-dir', phone.configDir])).code, 0, 'the new key is learnt afresh');
  await impostor.stop();
  const plain = await startCliReceiver(await tempDir('zd-recv'), { args: ['--bind', first.endpoint] });
  const unencrypted = await cliSend(hostPort, [await note()], ['--config-dir', phone.configDir]);
  assert.equal(unencrypted.code, 7);
  await plain.stop();
});
