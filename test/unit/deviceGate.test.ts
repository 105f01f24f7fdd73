// The encrypted port's sessions: strangers that only connect never push out
// the session of a device that proved who it is.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { DeviceGate, MAX_BATCHES, MAX_SESSIONS, type GateConfig } from '../../electron/engine/receiver/deviceGate.js';
import { parseChallenge } from '../../electron/engine/protocol/extensions.js';
import { authProof } from '../../electron/engine/trust/authProof.js';
import { loadOrCreateIdentity, type DeviceIdentity } from '../../electron/engine/trust/deviceIdentity.js';
import { tempDir } from '../support/tmp.js';

async function gateAndDevice(config: Partial<Pick<GateConfig, 'accept' | 'ask'>> = {}) {
  const identity = await loadOrCreateIdentity(await tempDir('zd-rx'), 'receiver');
  const device = await loadOrCreateIdentity(await tempDir('zd-tx'), 'laptop');
  const gate = new DeviceGate({ identity, accept: 'anyone', book: { status: async () => null, remember: async () => undefined }, ask: async () => 'decline', askTimeoutMs: 60_000, ...config });
  /** Connection `conn` proves it is device `as` (the laptop unless said). */
  const authenticate = async (conn: string, as: DeviceIdentity = device) => {
    const { frames } = gate.handle(conn, { cmd: 'CHALLENGE' }) as { frames: Array<string | Uint8Array> };
    const { challenge } = parseChallenge(frames.map((f) => (typeof f === 'string' ? Buffer.from(f) : f)))!;
    const proof = authProof(as, identity.publicKey, challenge);
    assert.deepEqual(await gate.handle(conn, { cmd: 'AUTH', key: as.publicKey, name: as.name, proof }), { ok: true });
  };
  /** A device of its own, named `name`, made on first use. */
  const otherDevice = async (name: string) => loadOrCreateIdentity(path.join(keys, name), name);
  const keys = await tempDir('zd-devices');
  return { gate, authenticate, otherDevice };
}

test('connections that never authenticate make room for each other, not by pushing out a device', async () => {
  const { gate, authenticate } = await gateAndDevice();
  await authenticate('laptop');
  for (let i = 0; i < 2 * MAX_SESSIONS; i++) gate.handle(`stranger-${i}`, { cmd: 'KEY' });
  assert.equal(gate.requireDevice('laptop').name, 'laptop');
});

test('when every session is a device, the one heard least recently goes', async () => {
  const { gate, authenticate } = await gateAndDevice();
  for (let i = 0; i < MAX_SESSIONS; i++) await authenticate(`conn-${i}`);
  gate.requireDevice('conn-0');
  await authenticate('one-more');
  assert.equal(gate.requireDevice('conn-0').name, 'laptop', 'heard again, so kept');
  assert.throws(() => gate.requireDevice('conn-1'), /authenticate first/);
});

test('a device waiting for its person to answer an OFFER is not pushed out by devices heard since', async () => {
  let answer: (decision: 'once') => void = () => undefined;
  const { gate, authenticate } = await gateAndDevice({ accept: 'ask', ask: () => new Promise((resolve) => (answer = resolve)) });
  await authenticate('laptop');
  const offered = gate.handle('laptop', { cmd: 'OFFER', batch: 'b'.repeat(32), files: 1, bytes: 1, first: 'a.txt' });
  for (let i = 0; i < MAX_SESSIONS; i++) await authenticate(`other-${i}`);
  answer('once');
  assert.deepEqual(await offered, { ok: true });
  assert.equal(gate.requireDevice('laptop').name, 'laptop');
});

test("batches open at once are bounded across devices, and each device's count follows its batches", async () => {
  const { gate, authenticate, otherDevice } = await gateAndDevice();
  const offer = async (conn: string, n: number) => gate.handle(conn, { cmd: 'OFFER', batch: `${conn}-${n}-`.padEnd(32, 'x'), files: 1, bytes: 1, first: 'a' });
  const deviceOn = async (conn: string) => authenticate(conn, await otherDevice(conn));
  for (let d = 0; d < MAX_BATCHES / 16; d++) {
    await deviceOn(`d${d}`);
    for (let n = 0; n < 16; n++) assert.deepEqual(await offer(`d${d}`, n), { ok: true });
  }
  await deviceOn('late');
  const full = (await offer('late', 0)) as { ok: boolean; text?: string };
  assert.match(full.text ?? '', /^limit: 4096 batches are open here/);
  // Quiet batches go: there is room again, and each device's own count went with its batches.
  gate.sweep(-1_000);
  await deviceOn('late');
  await deviceOn('d0');
  assert.deepEqual(await offer('late', 1), { ok: true });
  for (let n = 0; n < 16; n++) assert.deepEqual(await offer('d0', 100 + n), { ok: true });
});

test('a batch id being decided is not offered again meanwhile, by anyone', async () => {
  let answer: (decision: 'once') => void = () => undefined;
  const { gate, authenticate, otherDevice } = await gateAndDevice({ accept: 'ask', ask: () => new Promise((resolve) => (answer = resolve)) });
  await authenticate('first');
  await authenticate('second', await otherDevice('second'));
  const offer = (conn: string) => gate.handle(conn, { cmd: 'OFFER', batch: 'c'.repeat(32), files: 1, bytes: 1, first: 'a.txt' });
  const asked = offer('first');
  const again = (await offer('second')) as { ok: boolean; text?: string };
  assert.match(again.text ?? '', /being decided already/);
  answer('once');
  assert.deepEqual(await asked, { ok: true });
});
