// What a batch's card says: who it is with, how it stands, and its numbers.
import { countOf, formatBytes, formatCount, formatDuration, formatRate } from '../../shared/format.js';
import { safeText } from '../../shared/safeText.js';
import type { Direction, FileProgress } from '../../shared/transfer.js';
import { batchPhase, secondsLeft, type BatchPhase, type BatchTotals, type FailureCode } from '../store/batchModel.js';

/** "127.0.0.1:5670" for tcp://127.0.0.1:5670: the address as a person typed it. */
export function peerName(peer: string): string {
  return safeText(peer.replace(/^tcp:\/\//, ''));
}

/** "To 127.0.0.1:5670", "From sender 00800041a7". */
export function batchTitle(direction: Direction, peer: string): string {
  return direction === 'send' ? `To ${peerName(peer)}` : `From sender ${peerName(peer)}`;
}

const PHASE_WORDS: Record<Direction, Record<BatchPhase, string>> = {
  send: { connecting: 'Connecting…', moving: 'Sending', done: 'Sent', partial: 'Partly sent', failed: 'Failed', cancelled: 'Cancelled' },
  receive: { connecting: 'Connecting…', moving: 'Receiving', done: 'Received', partial: 'Partly received', failed: 'Failed', cancelled: 'Stopped' },
};

export function phaseWord(direction: Direction, phase: BatchPhase): string {
  return PHASE_WORDS[direction][phase];
}

/**
 * "12 of 5,001 files · 34 MB of 210 MB · 95 MB/s · 1 min 5 s left" while
 * it moves; "5,001 files · 210 MB in 3 s" once it ended. A receiver knows
 * neither the count nor the size of a plain sender's batch before its end.
 */
export function batchLine(direction: Direction, totals: BatchTotals, rate: number, elapsedMs: number): string {
  const phase = batchPhase(totals, direction);
  if (phase !== 'moving' && phase !== 'connecting') {
    const took = elapsedMs < 1000 ? 'under a second' : formatDuration(elapsedMs / 1000);
    const parts = [countOf(totals.files, 'file'), `${formatBytes(totals.bytes)} in ${took}`];
    if (totals.done > 0 && totals.done < totals.files) parts.splice(1, 0, `${formatCount(totals.done)} done`);
    return parts.join(' · ');
  }
  const parts =
    direction === 'send'
      ? [`${formatCount(totals.done)} of ${countOf(totals.files, 'file')}`, `${formatBytes(totals.bytes)} of ${formatBytes(totals.size)}`]
      : [`${formatCount(totals.done)} of ${countOf(totals.files, 'file')} so far`, `${formatBytes(totals.bytes)} received`];
  if (phase === 'moving') {
    parts.push(formatRate(rate));
    const left = secondsLeft(totals, rate);
    if (left !== null) parts.push(`${formatDuration(left)} left`);
  }
  return parts.join(' · ');
}

/** Failures that leave what arrived with an encrypted receiver: the link or the receiver went away. */
const INTERRUPTIONS: ReadonlySet<FailureCode> = new Set(['stopped', 'timeout', 'unreachable']);

/**
 * The batch action for its failed files. Interrupted on their way to an
 * encrypted receiver, which keeps what arrived, they are resumed from
 * there; otherwise (a plain receiver, a refusal, a cancel) they start over.
 */
export function retryWords(failed: number, receiver: FileProgress['receiver'], failures: BatchTotals['failures']): string {
  const kept = receiver !== undefined && receiver.trust !== 'unencrypted' && Object.keys(failures).every((code) => INTERRUPTIONS.has(code as FailureCode));
  return `${kept ? 'Resume' : 'Retry'} ${formatCount(failed)} failed`;
}
