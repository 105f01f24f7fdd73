// Opening an encrypted, authenticated connection to a receiver
// (docs/protocol-extensions.md §1–§3): learn or verify its key (KEY on the
// plain port, checked against the address's key, an expected fingerprint
// or this device's pin for that address), connect with CURVE, and prove
// this device's identity on the connection (CHALLENGE, AUTH).
import { hostPort, type PeerAddress } from '../../../shared/peerAddress.js';
import type { PeerTrust, TrustFailureCode } from '../../../shared/trust.js';
import { parseReply } from '../protocol/codec.js';
import { encodeExtension, parseChallenge, parseKeyAnswer, type KeyAnswer } from '../protocol/extensions.js';
import { authProof } from '../trust/authProof.js';
import { curveKeys, fingerprint, keyText, type DeviceIdentity } from '../trust/deviceIdentity.js';
import { base32Decode, z85Encode } from '../trust/textCodecs.js';
import { Connection, ConnectionError } from './connection.js';

/** This device's pins: the receiver key it trusts for each address. */
export interface PinBook {
  pinned(address: string): Promise<{ key: string; name: string } | null>;
  pin(address: string, key: string, name: string): Promise<void>;
}

export interface SenderSecurity {
  identity: DeviceIdentity;
  pins: PinBook;
}


/** The longest a sender waits for a receiving person's answer, whatever the receiver announces. */
export const MAX_ANSWER_WAIT_SECONDS = 3600;

export class TrustFailure extends Error {
  constructor(
    readonly code: TrustFailureCode,
    message: string,
  ) {
    super(message);
  }
}

export interface ReceiverIdentity {
  name: string;
  key: string;
  fingerprint: string;
  trust: PeerTrust;
}

export interface SecureLink {
  connection: Connection;
  receiver: ReceiverIdentity;
  /** How long the receiving person may take to answer an OFFER. */
  askMs: number;
}

/** Asks the plain port for the receiver's key: null from a v1 receiver, which does not know KEY. */
async function askKey(endpoint: string, timeoutMs: number, signal?: AbortSignal): Promise<KeyAnswer | null> {
  const query = new Connection(endpoint, timeoutMs);
  const stop = () => query.close();
  signal?.addEventListener('abort', stop);
  // A signal that fired already fires no listener: closing had begun before the question.
  if (signal?.aborted) stop();
  try {
    const frames = await query.call(encodeExtension({ cmd: 'KEY' }));
    const answer = parseKeyAnswer(frames);
    if (answer) return answer;
    const reply = parseReply(frames);
    if (!reply.ok && reply.code === 'bad-request') return null;
    throw new TrustFailure('unencrypted', `the receiver at ${endpoint} did not answer KEY as a ZeroDrop receiver does (${reply.ok ? 'READY' : reply.text})`);
  } finally {
    signal?.removeEventListener('abort', stop);
    query.close();
  }
}

/** A v1 receiver's answer to KEY: it cannot encrypt. */
function onlyPlain(address: PeerAddress): TrustFailure {
  return new TrustFailure('unencrypted', `the receiver at ${hostPort(address.endpoint)} speaks only plain PROTOCOL.md v1: it cannot encrypt. Send with --plain (unencrypted) only if you accept that.`);
}

/** What a sender knows of a receiver before sending: its key, and whether it is pinned here (for a person to confirm a first contact). */
export async function lookUpReceiver(address: PeerAddress, pins: PinBook, timeoutMs: number): Promise<{ name: string; fingerprint: string; pinned: boolean }> {
  const answer = await askKey(address.endpoint, timeoutMs);
  if (!answer) throw onlyPlain(address);
  const pin = await pins.pinned(hostPort(address.endpoint));
  return { name: answer.name, fingerprint: fingerprint(answer.key), pinned: pin !== null };
}

/**
 * Checks the key the receiver gave against what this sender expects. Pins
 * nothing: a key is pinned only once the receiver has proved it holds it.
 */
async function judgeKey(address: PeerAddress, answer: KeyAnswer, expect: string | undefined, pins: PinBook): Promise<{ trust: PeerTrust; pinned: boolean }> {
  const key = keyText(answer.key);
  const print = fingerprint(answer.key);
  const where = hostPort(address.endpoint);
  const pinned = await pins.pinned(where);
  if (address.key !== null || expect !== undefined) {
    const wanted = address.key !== null ? fingerprint(base32Decode(address.key)!) : expect!;
    if (normalizePrint(print) !== normalizePrint(wanted) || (address.key !== null && key !== address.key)) {
      throw new TrustFailure(
        'key-mismatch',
        `the receiver at ${where} is not the one expected: its key's fingerprint is ${print}, not ${wanted}. Someone may be between you and it, or the address is wrong. Nothing was sent.`,
      );
    }
    return { trust: 'verified', pinned: pinned?.key === key };
  }
  if (pinned && pinned.key !== key) {
    throw new TrustFailure(
      'key-changed',
      `WARNING: the receiver at ${where} has changed its key (fingerprint now ${print}). It may have been reinstalled — or someone may be impersonating it. Nothing was sent. If you trust the change, run: zerodrop trust forget-pin ${where}`,
    );
  }
  return { trust: pinned ? 'pinned' : 'first-contact', pinned: pinned !== null };
}

function normalizePrint(text: string): string {
  return text.toLowerCase().replace(/[^a-z2-7]/g, '');
}


/** `signal`: the sender is closing; whatever is being opened is closed at once. */
export async function openSecureLink(address: PeerAddress, security: SenderSecurity, expect: string | undefined, timeoutMs: number, signal?: AbortSignal): Promise<SecureLink> {
  const answer = await askKey(address.endpoint, timeoutMs, signal);
  // Closing began while the key was asked: nothing is pinned, nothing more is opened.
  if (signal?.aborted) throw new Error('the sender is closing');
  if (!answer) throw onlyPlain(address);
  const { trust, pinned } = await judgeKey(address, answer, expect, security.pins);
  const host = /^tcp:\/\/(.+):\d+$/.exec(address.endpoint)![1]!;
  const connection = await Connection.encrypted(`tcp://${host}:${answer.port}`, timeoutMs, { curveServerKey: z85Encode(answer.key), ...curveKeys(security.identity) });
  const stop = () => connection.close();
  signal?.addEventListener('abort', stop);
  // Closing may have begun while the key was judged or the socket made.
  if (signal?.aborted) stop();
  try {
    const challenge = parseChallenge(await connection.call(encodeExtension({ cmd: 'CHALLENGE' })));
    if (!challenge) throw new TrustFailure('unencrypted', 'the receiver did not answer CHALLENGE as a ZeroDrop receiver does');
    // Its answer came through CURVE with the key it announced: only its holder could send it.
    // A key announced by someone else on the plain port fails the handshake and is never pinned.
    // Pinned once: a relink or another send to a verified address writes the trust file no more.
    if (!pinned) await security.pins.pin(hostPort(address.endpoint), keyText(answer.key), answer.name);
    const proof = authProof(security.identity, answer.key, challenge.challenge);
    const reply = parseReply(await connection.call(encodeExtension({ cmd: 'AUTH', key: security.identity.publicKey, name: security.identity.name, proof })));
    if (!reply.ok) throw new TrustFailure('not-allowed', reply.text);
    // The receiver says how long its person may take; a sender waits an hour at most.
    const askMs = Math.min(challenge.askSeconds, MAX_ANSWER_WAIT_SECONDS) * 1000;
    return { connection, receiver: { name: answer.name, key: keyText(answer.key), fingerprint: fingerprint(answer.key), trust }, askMs };
  } catch (err) {
    connection.close();
    if (err instanceof ConnectionError && err.code === 'denied') throw new TrustFailure('not-allowed', err.message);
    throw err;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}
