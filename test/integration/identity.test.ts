// This device's identity: made once, owner-only, never replaced silently,
// and a key pair libzmq's CURVE accepts.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import * as zmq from 'zeromq';
import { curveKeys, fingerprint, IDENTITY_FILE, IdentityError, keyText, loadOrCreateIdentity } from '../../electron/engine/trust/deviceIdentity.js';
import { z85Encode } from '../../electron/engine/trust/textCodecs.js';
import { tempDir } from '../support/tmp.js';

const run = promisify(execFile);

test('made on first use in an owner-only folder, the same ever after', async () => {
  const dir = path.join(await tempDir('zd-id'), 'config');
  const first = await loadOrCreateIdentity(dir, 'laptop');
  const again = await loadOrCreateIdentity(dir, 'other name');
  assert.deepEqual(again, first);
  assert.equal(first.name, 'laptop');
  assert.equal((await fs.stat(dir)).mode & 0o777, 0o700);
  assert.equal((await fs.stat(path.join(dir, IDENTITY_FILE))).mode & 0o777, 0o600);
  assert.match(fingerprint(first.publicKey), /^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
  assert.match(keyText(first.publicKey), /^[a-z2-7]{52}$/);
  assert.deepEqual((await fs.readdir(dir)).sort(), [IDENTITY_FILE]);
});

test('first starts at once keep one identity', async () => {
  const dir = path.join(await tempDir('zd-id'), 'config');
  const all = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateIdentity(dir)));
  for (const identity of all) assert.deepEqual(identity, all[0]);
});

test('a damaged key file is reported, never replaced', async () => {
  const dir = await tempDir('zd-id');
  const file = path.join(dir, IDENTITY_FILE);
  await loadOrCreateIdentity(dir);
  const good = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
  const elsewhere = await tempDir('zd-id');
  await loadOrCreateIdentity(elsewhere);
  const other = JSON.parse(await fs.readFile(path.join(elsewhere, IDENTITY_FILE), 'utf8')) as Record<string, unknown>;
  const damaged = ['{', JSON.stringify({ ...good, secretKey: 'AAAA' }), JSON.stringify({ ...good, publicKey: other.publicKey }), JSON.stringify({ v: 1 })];
  for (const text of damaged) {
    await fs.writeFile(file, text);
    await assert.rejects(loadOrCreateIdentity(dir), (err: Error) => err instanceof IdentityError && err.message.includes('damaged'));
    assert.equal(await fs.readFile(file, 'utf8'), text);
  }
});

test('libzmq completes a CURVE handshake with the identity’s keys', async () => {
  const server = await loadOrCreateIdentity(await tempDir('zd-id'));
  const client = await loadOrCreateIdentity(await tempDir('zd-id'));
  const router = new zmq.Router({ linger: 0, curveServer: true, curveSecretKey: curveKeys(server).curveSecretKey });
  await router.bind('tcp://127.0.0.1:0');
  const dealer = new zmq.Dealer({ linger: 0, receiveTimeout: 10_000, curveServerKey: z85Encode(server.publicKey), ...curveKeys(client) });
  dealer.connect(router.lastEndpoint!);
  await dealer.send('ping');
  const [id, body] = await router.receive();
  assert.equal(body!.toString(), 'ping');
  await router.send([id!, 'pong']);
  assert.equal((await dealer.receive())[0]!.toString(), 'pong');
  router.close();
  dealer.close();
});

test('zerodrop id prints the name, fingerprint and public key; --json as one object', async () => {
  const dir = await tempDir('zd-id');
  const bin = path.join(import.meta.dirname, '../../bin/zerodrop.js');
  const { stdout } = await run(process.execPath, [bin, 'id', '--config-dir', dir, '--json']);
  const shown = JSON.parse(stdout) as { name: string; fingerprint: string; publicKey: string };
  const identity = await loadOrCreateIdentity(dir);
  assert.deepEqual(shown, { name: identity.name, fingerprint: fingerprint(identity.publicKey), publicKey: keyText(identity.publicKey) });
  const text = (await run(process.execPath, [bin, 'id', '--config-dir', dir])).stdout;
  assert.match(text, new RegExp(`Fingerprint: ${shown.fingerprint}`));
});
