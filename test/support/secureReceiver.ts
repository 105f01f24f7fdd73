// A real encrypted receiver (plain port + CURVE port) with its own config
// folder, and a sender device with its own, stopped when the test ends.
import { after } from 'node:test';
import type { ReceiverLimits } from '../../shared/protocol.js';
import { keyAddress } from '../../shared/peerAddress.js';
import type { AcceptPolicy, BatchOffer, ConsentDecision } from '../../shared/trust.js';
import type { PartialLimits } from '../../electron/engine/receiver/partialStore.js';
import { Receiver } from '../../electron/engine/receiver/receiver.js';
import { keyText, loadOrCreateIdentity, type DeviceIdentity } from '../../electron/engine/trust/deviceIdentity.js';
import { deviceBook } from '../../electron/engine/trust/trustBooks.js';
import { TrustStore } from '../../electron/engine/trust/trustStore.js';
import { tempDir } from './tmp.js';

const running: Receiver[] = [];
after(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

export interface SecureReceiverOptions {
  accept?: AcceptPolicy;
  acceptPlain?: boolean;
  ask?: (offer: BatchOffer, signal: AbortSignal) => Promise<ConsentDecision>;
  askTimeoutMs?: number;
  limits?: Partial<ReceiverLimits>;
  configDir?: string;
  /** Receive into this folder (default: a new one). */
  dir?: string;
  partials?: Partial<PartialLimits>;
  /** The plain port's endpoint (default: a port the system chooses). */
  bind?: string;
}

export interface SecureReceiver {
  receiver: Receiver;
  endpoint: string;
  /** The key-carrying address a sender verifies. */
  address: string;
  dir: string;
  configDir: string;
  identity: DeviceIdentity;
  store: TrustStore;
}

export async function startSecureReceiver(options: SecureReceiverOptions = {}): Promise<SecureReceiver> {
  const dir = options.dir ?? (await tempDir('zd-recv'));
  const configDir = options.configDir ?? (await tempDir('zd-recv-config'));
  const identity = await loadOrCreateIdentity(configDir, 'receiver');
  const store = await TrustStore.open(configDir);
  const receiver = new Receiver({
    dir,
    bind: [options.bind ?? 'tcp://127.0.0.1:0'],
    limits: options.limits,
    security: {
      identity,
      accept: options.accept ?? 'anyone',
      acceptPlain: options.acceptPlain ?? false,
      book: deviceBook(store),
      ask: options.ask ?? (() => Promise.resolve('decline')),
      askTimeoutMs: options.askTimeoutMs ?? 30_000,
      partials: options.partials,
    },
  });
  await receiver.start();
  running.push(receiver);
  const endpoint = receiver.boundEndpoints[0]!;
  return { receiver, endpoint, address: keyAddress(keyText(identity.publicKey), endpoint), dir: receiver.root!, configDir, identity, store };
}

/** A sender device: its own config folder (key made on first use). */
export async function senderDevice(name = 'sender'): Promise<{ configDir: string; identity: DeviceIdentity }> {
  const configDir = await tempDir('zd-send-config');
  return { configDir, identity: await loadOrCreateIdentity(configDir, name) };
}
