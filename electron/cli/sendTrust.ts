// How `zerodrop send` secures a send: plain, or encrypted as this device,
// with a first contact confirmed by the person on a terminal (as ssh asks)
// and pinned silently without one (ssh's accept-new). Exit codes per
// failure are part of the interface.
import readline from 'node:readline/promises';
import { parsePeerAddress } from '../../shared/peerAddress.js';
import { safeText } from '../../shared/safeText.js';
import type { FileProgress, SendTrust } from '../../shared/transfer.js';
import type { TrustFailureCode } from '../../shared/trust.js';
import { TrustStore } from '../engine/trust/trustStore.js';
import { pinBook } from '../engine/trust/trustBooks.js';
import { UsageError } from './args.js';

/** `zerodrop send`'s exit code when every failed file failed for this reason. */
export const TRUST_EXIT_CODES: Record<TrustFailureCode, number> = {
  declined: 3,
  'not-allowed': 4,
  'key-changed': 5,
  'key-mismatch': 6,
  unencrypted: 7,
};

export const SEND_EXIT_HELP = `Exit codes: 0 all sent; 1 some files failed, or nothing was sent (the
  receiver was not confirmed on the terminal, or could not be asked for its
  key); 2 usage; 3 declined by the receiving person (or no answer in time);
  4 only known devices may send there (or this device is blocked); 5 the
  receiver's key changed since it was pinned; 6 the receiver's key is not the
  one the address or --expect names; 7 the receiver is unencrypted (v1: use
  --plain); 130 interrupted.`;

export function exitCodeFor(files: FileProgress[]): number | null {
  const codes = new Set(files.filter((f) => f.status === 'failed').map((f) => f.error?.code));
  if (codes.size !== 1) return null;
  const [code] = codes;
  return TRUST_EXIT_CODES[code as TrustFailureCode] ?? null;
}

/** A send that does not go: why, in words, and the exit code. */
export interface NotSent {
  refused: string;
  exitCode: number;
}

/**
 * The trust of a send. On a terminal, a receiver never seen at this address
 * (no key in the address, no --expect, no pin) is shown with its
 * fingerprint and sent to only if the person says so; one whose key cannot
 * be shown is not sent to (else the send's own question for the key, which
 * someone between could answer, would pin it unseen).
 */
export async function sendTrust(target: string, values: { plain: boolean; expect?: string; configDir: string }, info: (line: string) => void): Promise<SendTrust | NotSent> {
  if (values.plain) {
    if (values.expect) throw new UsageError('--expect needs an encrypted send; it does not go with --plain');
    return { plain: true };
  }
  if (values.expect !== undefined && !/^[a-z2-7]{4}(-?[a-z2-7]{4}){3}$/i.test(values.expect.trim())) {
    throw new UsageError(`--expect takes a fingerprint such as k3vq-7d2m-x9ab-4hcp, not ${JSON.stringify(values.expect)}`);
  }
  const trust: SendTrust = { plain: false, configDir: values.configDir, ...(values.expect ? { expect: values.expect.trim() } : {}) };
  const address = parsePeerAddress(target);
  if ('error' in address || address.key || values.expect || !process.stdin.isTTY) return trust;
  // Loaded only here: ZeroMQ's native module cost every command's main thread its load otherwise.
  const { lookUpReceiver, TrustFailure } = await import('../engine/sender/secureLink.js');
  const pins = pinBook(await TrustStore.open(values.configDir));
  let seen;
  try {
    seen = await lookUpReceiver(address, pins, 5_000);
  } catch (err) {
    // The same words and exit code as the send's own question would give (a v1 receiver: 7).
    if (err instanceof TrustFailure) return { refused: err.message, exitCode: TRUST_EXIT_CODES[err.code] };
    return { refused: `could not ask the receiver at ${address.endpoint} for its key (${safeText((err as Error).message)})`, exitCode: 1 };
  }
  if (seen.pinned) return trust;
  info(`First contact with ${safeText(seen.name)} at ${address.endpoint}: its fingerprint is ${seen.fingerprint}.`);
  info('Compare it with the fingerprint the receiver shows.');
  const ask = readline.createInterface({ input: process.stdin, output: process.stderr });
  const answer = await ask.question('Send and remember this receiver? [y/N] ');
  ask.close();
  return /^y(es)?$/i.test(answer.trim()) ? { ...trust, expect: seen.fingerprint } : { refused: 'the receiver was not confirmed', exitCode: 1 };
}
