// Opening an encrypted link while the sender closes: nothing waits out a
// timeout, and no receiver's key is pinned on the way out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostPort, parsePeerAddress, type PeerAddress } from '../../shared/peerAddress.js';
import { openSecureLink } from '../../electron/engine/sender/secureLink.js';
import { senderSecurity } from '../../electron/engine/trust/trustBooks.js';
import { senderDevice, startSecureReceiver } from '../support/secureReceiver.js';

test('a link opened after closing began fails at once and pins nothing; the same link, not closing, pins on first contact', async () => {
  const rx = await startSecureReceiver();
  const address = parsePeerAddress(rx.endpoint) as PeerAddress;
  const { configDir } = await senderDevice();
  const security = await senderSecurity(configDir);
  const started = performance.now();
  await assert.rejects(openSecureLink(address, security, undefined, 10_000, AbortSignal.abort()), /closed|closing/);
  assert.ok(performance.now() - started < 5_000, 'no reply timeout waited out');
  assert.equal(await security.pins.pinned(hostPort(rx.endpoint)), null, 'nothing pinned while closing');
  // The test can see a pin: a first contact that is not closing makes one.
  const link = await openSecureLink(address, security, undefined, 10_000);
  link.connection.close();
  assert.notEqual(await security.pins.pinned(hostPort(rx.endpoint)), null);
});
