// What a file's row says, in words and numbers a person reads at a glance.
import { countOf, formatBytes, formatCount, formatDuration, formatRate } from '../../shared/format.js';
import { countChunkStates, hasEnded, type FileProgress, type FileStatus } from '../../shared/transfer.js';
import { endedBySender, endedHere } from '../store/endings.js';

/**
 * The chunk map's text alternative: "412 of 1,024 chunks done, 8 in flight,
 * 3 retrying". A receiver learns the number of chunks only at the end
 * ("412 chunks arrived"); a file that ended has nothing in flight.
 */
export function chunkSummary(file: Pick<FileProgress, 'chunkMap' | 'size' | 'status'>): string {
  const map = file.chunkMap;
  const [, inFlight, arrived, retrying, held] = countChunkStates(map);
  // Held chunks (a resumed file's) count as done, and are said.
  const done = arrived + held;
  const parts = [file.size === null ? `${countOf(done, 'chunk')} arrived` : `${formatCount(done)} of ${countOf(map.chunks, 'chunk')} done`];
  if (hasEnded(file.status)) return parts[0]!;
  if (inFlight > 0) parts.push(`${formatCount(inFlight)} in flight`);
  if (retrying > 0) parts.push(`${formatCount(retrying)} retrying`);
  return parts.join(', ');
}

/** Whole percent done, or null while the size is unknown (receiving, before CLOSE). */
export function percentDone(file: FileProgress): number | null {
  if (file.status === 'done') return 100;
  if (file.size === null) return null;
  if (file.size === 0) return 0;
  return Math.min(100, Math.floor((file.bytes / file.size) * 100));
}

const STATUS_WORDS: Record<FileStatus, string> = {
  queued: 'Queued',
  active: 'Transferring',
  closing: 'Finishing',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function statusWord(file: FileProgress): string {
  if (file.waiting && file.status === 'queued') return file.waiting.charAt(0).toUpperCase() + file.waiting.slice(1);
  if (file.status === 'active' && file.retries > 0) return 'Retrying chunks';
  // A resumed file says so from its first moment: "Resuming at 62%".
  if (file.status === 'active' && file.resumedBytes && file.size) return `Resuming at ${Math.floor((100 * file.resumedBytes) / file.size)}%`;
  // Sending, nothing answered yet: not "Transferring" at 0 B/s.
  if (file.status === 'active' && file.direction === 'send' && file.bytes === 0) return 'Starting…';
  if (file.status === 'failed' && file.error && endedHere(file.error, file.direction)) return file.error.code === 'denied' ? 'Cancelled' : 'Stopped';
  if (file.status === 'failed' && file.direction === 'receive' && endedBySender(file.error)) return 'Not finished';
  return STATUS_WORDS[file.status];
}

/** The tone of a file's bar and state. */
export function toneOf(file: FileProgress): 'active' | 'done' | 'failed' | 'idle' {
  if (file.status === 'done') return 'done';
  if (file.status === 'failed' || file.status === 'cancelled') return 'failed';
  return file.status === 'queued' ? 'idle' : 'active';
}

/** "120 MB of 210 MB · 57% · 95 MB/s · 1 s left", or the outcome once finished. */
export function progressLine(file: FileProgress, rate: number): string {
  const percent = percentDone(file);
  if (file.status === 'done') {
    const seconds = (file.updatedAt - file.startedAt) / 1000;
    const took = seconds < 1 ? 'under a second' : formatDuration(seconds);
    const average = seconds > 0 ? ` · ${formatRate(file.bytes / seconds)} average` : '';
    const resumed = file.resumedBytes ? ` · resumed, ${formatBytes(file.resumedBytes)} was already there` : '';
    return `${formatBytes(file.bytes)} in ${took}${average}${resumed}`;
  }
  const amount = file.size === null ? `${formatBytes(file.bytes)} received` : `${formatBytes(file.bytes)} of ${formatBytes(file.size)}`;
  const parts = [amount];
  if (percent !== null) parts.push(`${percent}%`);
  if (file.resumedBytes) parts.push(`resumed, ${formatBytes(file.resumedBytes)} already there`);
  if (file.status === 'active' || file.status === 'closing') {
    parts.push(formatRate(rate));
    if (file.size !== null && rate > 0) parts.push(`${formatDuration((file.size - file.bytes) / rate)} left`);
  }
  return parts.join(' · ');
}
