// Where the encrypted port listens and how the plain port announces it
// (docs/protocol-extensions.md §1): one twin per tcp endpoint, at the plain
// port + 1 (or a free port when the plain one was chosen by the system, or
// when the one above is taken).
import type { ReceiverLimits } from '../../../shared/protocol.js';
import { ENCRYPTED_MAX_CHUNK_BYTES, encodeKeyAnswer } from '../protocol/extensions.js';
import { curveKeys, type DeviceIdentity } from '../trust/deviceIdentity.js';
import type { Answer } from './deviceGate.js';
import { RECEIVER_BUDGET } from './budget.js';
import { MAX_PENDING_PER_PEER } from './replyChannel.js';
import type { SecureEvents, SecureLimits, SecureListener } from './secureListener.js';

/** The encrypted twin of a bound plain endpoint, or null for one that is not tcp. */
export function secureTwin(bound: string, requested?: string): string | null {
  const match = /^tcp:\/\/(.+):(\d+)$/.exec(bound);
  if (!match) return null;
  const chosenBySystem = requested !== undefined && /:0$/.test(requested);
  return `tcp://${match[1]}:${chosenBySystem ? 0 : Number(match[2]) + 1}`;
}

export function portOf(endpoint: string): number {
  return Number(/:(\d+)$/.exec(endpoint)?.[1] ?? 0);
}

export async function openSecurePort(bound: string[], requested: string[], identity: DeviceIdentity, limits: ReceiverLimits, events: SecureEvents): Promise<SecureListener> {
  const twins = bound.map((b, i) => secureTwin(b, requested[i])).filter((t): t is string => t !== null);
  if (twins.length === 0) throw new Error('encrypted transfers need a tcp:// endpoint; use --plain for ipc:// only');
  // zeromq.js is loaded only here: a plain receiver never pays for loading it (a worker's start-up).
  const { SecureListener } = await import('./secureListener.js');
  const open = (endpoints: string[]) => SecureListener.open(endpoints, curveKeys(identity).curveSecretKey, secureLimits(limits), events);
  try {
    return await open(twins);
  } catch (err) {
    // The port above taken by another program: a free one instead (KEY announces it to senders).
    if ((err as { code?: string }).code !== 'EADDRINUSE') throw err;
    return open(twins.map((twin) => twin.replace(/:\d+$/, ':0')));
  }
}

/** Connections at once (each may hold about 12 MiB): strangers' handshakes are refused past the first bound, all past the second. */
export const MAX_STRANGER_CONNECTIONS = 24;
export const MAX_CONNECTIONS = 40;

/**
 * The encrypted port's bounds. libzmq reads its connections whole messages
 * at a time, with no per-connection byte budget as the plain port has, so
 * its chunks are smaller (ENCRYPTED_MAX_CHUNK_BYTES) and its connections
 * fewer; SECURITY.md gives the worst case these add up to.
 */
export function secureLimits(limits: ReceiverLimits): SecureLimits {
  return {
    maxMessageBytes: Math.min(limits.maxChunkBytes, ENCRYPTED_MAX_CHUNK_BYTES) + 64 * 1024,
    receiveHwm: 2,
    sendHwm: MAX_PENDING_PER_PEER,
    stallMs: 15_000,
    handshakeMs: RECEIVER_BUDGET.handshakeMs,
    maxStrangerConnections: MAX_STRANGER_CONNECTIONS,
    maxConnections: MAX_CONNECTIONS,
  };
}

/** The KEY reply: this device's key and name, and the encrypted port of the first endpoint. */
export function keyAnswer(identity: DeviceIdentity, secureEndpoints: string[]): Answer {
  return { frames: encodeKeyAnswer({ key: identity.publicKey, name: identity.name, port: portOf(secureEndpoints[0] ?? '') }) };
}
