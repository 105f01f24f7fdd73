// The trust file: known and blocked devices and pins, changed by the app and
// the CLI at once without losing a change; a damaged file is reported.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { keyText, loadOrCreateIdentity } from '../../electron/engine/trust/deviceIdentity.js';
import { setDevice, TRUST_FILE, TrustError, TrustStore } from '../../electron/engine/trust/trustStore.js';
import { tempDir } from '../support/tmp.js';

const run = promisify(execFile);
const bin = path.join(import.meta.dirname, '../../bin/zerodrop.js');

async function someKey(): Promise<string> {
  return keyText((await loadOrCreateIdentity(await tempDir('zd-key'))).publicKey);
}

test('changes made at once, from this process and from CLI processes, are all kept', async () => {
  const dir = await tempDir('zd-trust');
  const store = await TrustStore.open(dir);
  const keys = await Promise.all(Array.from({ length: 6 }, () => someKey()));
  await Promise.all([
    ...keys.slice(0, 3).map((key) => store.update((data) => setDevice(data, key, 'known', 'here'))),
    ...keys.slice(3).map((key) => run(process.execPath, [bin, 'trust', 'block', key.toUpperCase(), '--config-dir', dir])),
  ]);
  const data = await store.read();
  assert.deepEqual(data.devices.map((d) => d.key).sort(), [...keys].sort());
  assert.deepEqual(data.devices.filter((d) => d.status === 'blocked').map((d) => d.key).sort(), keys.slice(3).sort());
  assert.equal((await fs.stat(path.join(dir, TRUST_FILE))).mode & 0o777, 0o600);
});

test('zerodrop trust add, unblock, remove and list --json', async () => {
  const dir = await tempDir('zd-trust');
  const key = await someKey();
  const cli = (...args: string[]) => run(process.execPath, [bin, 'trust', ...args, '--config-dir', dir]);
  await cli('add', key, '--name', 'Laptop');
  await cli('block', key);
  await cli('unblock', key);
  let listed = JSON.parse((await cli('list', '--json')).stdout) as { devices: Array<{ key: string; name: string; status: string }> };
  assert.deepEqual(listed.devices.map(({ key: k, name, status }) => ({ k, name, status })), [{ k: key, name: 'Laptop', status: 'known' }]);
  await cli('remove', key);
  listed = JSON.parse((await cli('list', '--json')).stdout) as typeof listed;
  assert.deepEqual(listed.devices, []);
  await assert.rejects(cli('remove', key), (err: { code: number }) => err.code === 1);
  await assert.rejects(cli('add', 'not-a-key'), (err: { code: number; stderr: string }) => err.code === 2 && err.stderr.includes('public key'));
});

test('a damaged trust file is reported, never reset', async () => {
  const dir = await tempDir('zd-trust');
  await fs.writeFile(path.join(dir, TRUST_FILE), '{"v":1,"devices":');
  const store = await TrustStore.open(dir);
  await assert.rejects(store.read(), TrustError);
  await assert.rejects(store.update(() => undefined), TrustError);
  await assert.rejects(run(process.execPath, [bin, 'trust', 'list', '--config-dir', dir]), (err: { code: number; stderr: string }) => err.code === 1 && /^zerodrop: the trust file .* is damaged/.test(err.stderr));
  assert.equal(await fs.readFile(path.join(dir, TRUST_FILE), 'utf8'), '{"v":1,"devices":');
});
