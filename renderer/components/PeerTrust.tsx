// Who the files of a send go to, as far as this device can tell: a
// receiver whose key was verified, the one pinned for the address, one met
// for the first time (its fingerprint to compare), or an unencrypted one;
// and, while the receiving person is asked, that the send waits for them.
import { useShallow } from 'zustand/shallow';
import { safeText } from '../../shared/safeText.js';
import type { FileProgress } from '../../shared/transfer.js';
import { TRUST_FAILURES, type PeerTrust as Trust } from '../../shared/trust.js';
import { useApp } from '../context.js';
import type { AppState } from '../store/appStore.js';
import { explainError } from '../text/errors.js';
import './trust.css';

const LABELS: Record<Trust, string> = {
  verified: 'Encrypted · key verified',
  pinned: 'Encrypted · known receiver',
  'first-contact': 'Encrypted · first contact',
  unencrypted: 'Unencrypted',
};

export interface PeerTrustProps {
  receiver: FileProgress['receiver'];
  waiting?: string;
}

/** The badge and its words, for one batch's receiver. */
export function PeerTrust({ receiver, waiting }: PeerTrustProps) {
  if (!receiver && !waiting) return null;
  const name = receiver?.name ? safeText(receiver.name, 64) : 'The receiver';
  return (
    <div className="peer-trust" role="group" aria-label="Receiver">
      {receiver && (
        <p>
          <span className={`trust-badge trust-${receiver.trust}`}>{LABELS[receiver.trust]}</span> {sentence(receiver.trust, name, receiver.fingerprint)}
        </p>
      )}
      {waiting && (
        <p role="status" className="peer-waiting">
          Waiting for the receiver to accept…
        </p>
      )}
    </div>
  );
}

function sentence(trust: Trust, name: string, fingerprint: string | undefined) {
  switch (trust) {
    case 'verified':
      return <>{name}: its key is the one the address names.</>;
    case 'pinned':
      return <>{name}: the same key as the last time this device sent to this address.</>;
    case 'first-contact':
      return (
        <>
          {name}, met for the first time. Its fingerprint is <code className="fingerprint">{fingerprint}</code>: compare it with the one its Receive
          view shows.
        </>
      );
    case 'unencrypted':
      return <>Plain PROTOCOL.md v1: anyone on the network can read these files.</>;
  }
}

/** Files of the latest batch looked at for its receiver and waiting. */
const LOOKED_AT = 64;

/** The latest send's batch: its receiver, whether it waits, and a trust failure if it was refused. */
function latestSend(state: AppState): { receiver: FileProgress['receiver']; waiting?: string; refused?: NonNullable<FileProgress['error']> } {
  const keys = state.batchKeys.send;
  const batch = keys.length > 0 ? state.batches.get(keys[keys.length - 1]!) : undefined;
  if (!batch) return { receiver: undefined };
  let receiver: FileProgress['receiver'];
  let waiting: string | undefined;
  let refused: NonNullable<FileProgress['error']> | undefined;
  // This runs on every change of the store: the files are looked through only
  // as far as needed — a refusal only when the batch's totals count one.
  const anyRefused = Object.keys(batch.totals.failures).some(isTrustCode);
  // Files of a batch share their receiver and wait together: the first files speak for all.
  for (const [index, id] of batch.ids.entries()) {
    if (index >= LOOKED_AT && !anyRefused) break;
    const file = state.files.get(id)?.file;
    if (!file) continue;
    receiver ??= file.receiver;
    waiting ??= file.waiting;
    refused ??= isTrustFailure(file.error) ? file.error : undefined;
    if (receiver && waiting && (refused || !anyRefused)) break;
  }
  return { receiver, waiting, refused };
}

function isTrustCode(code: string): boolean {
  return (TRUST_FAILURES as readonly string[]).includes(code) || code === 'denied';
}

function isTrustFailure(error: FileProgress['error']): error is NonNullable<FileProgress['error']> {
  return error !== undefined && isTrustCode(error.code);
}

/** The Send view's line about the latest send. */
export function LatestSendTrust() {
  const { receiver, waiting, refused } = useApp(useShallow(latestSend));
  if (!receiver && !waiting && !refused) return null;
  return (
    <div className="latest-send">
      <PeerTrust receiver={receiver} waiting={waiting} />
      {refused && (
        <p className="error" role="alert">
          Not sent: {explainError(refused, 'send')} The receiver said: {safeText(refused.text, 300)}
        </p>
      )}
    </div>
  );
}
