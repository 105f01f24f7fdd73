// Batches as a person sees them: the files of one Send, or of what one
// sender sent in one go, with their totals and one state. Pure functions;
// the store applies them file by file (./files.ts) so that a batch of
// 100,000 files costs a few numbers per change, not a pass over its files.
import type { Direction, FileProgress } from '../../shared/transfer.js';
import { endedHere } from './endings.js';

export type FailureCode = NonNullable<FileProgress['error']>['code'];

export interface BatchTotals {
  files: number;
  queued: number;
  /** Active or closing. */
  moving: number;
  done: number;
  failed: number;
  cancelled: number;
  /** Bytes moved so far. */
  bytes: number;
  /** The sum of the sizes known (a receiver learns a file's size only at its end). */
  size: number;
  /** Files whose size is not known yet. */
  unknownSizes: number;
  /** Failed files, by the code of their failure. */
  failures: Readonly<Partial<Record<FailureCode, number>>>;
}

export const NO_TOTALS: BatchTotals = { files: 0, queued: 0, moving: 0, done: 0, failed: 0, cancelled: 0, bytes: 0, size: 0, unknownSizes: 0, failures: {} };

/** How a batch stands, in one word for the card. */
export type BatchPhase = 'connecting' | 'moving' | 'done' | 'failed' | 'cancelled' | 'partial';

/** A batch's key in the store: ids are only unique per side. */
export function batchKey(file: Pick<FileProgress, 'direction' | 'batch'>): string {
  return `${file.direction}:${file.batch}`;
}

/** What one file adds to its batch's totals. */
export function contribution(file: FileProgress): BatchTotals {
  // Ended by the person at this screen (a receiver's Cancel or Stop): cancelled, not failed.
  const status = file.status === 'failed' && file.error && endedHere(file.error, file.direction) ? 'cancelled' : file.status;
  return {
    files: 1,
    queued: status === 'queued' ? 1 : 0,
    moving: status === 'active' || status === 'closing' ? 1 : 0,
    done: status === 'done' ? 1 : 0,
    failed: status === 'failed' ? 1 : 0,
    cancelled: status === 'cancelled' ? 1 : 0,
    bytes: file.bytes,
    size: file.size ?? 0,
    unknownSizes: file.size === null ? 1 : 0,
    failures: status === 'failed' && file.error ? { [file.error.code]: 1 } : {},
  };
}

/** `a + sign × b`, field by field. */
export function addTotals(a: BatchTotals, b: BatchTotals, sign: 1 | -1 = 1): BatchTotals {
  const sum = copyTotals(a);
  addInto(sum, b, sign);
  return sum;
}

export type MutableTotals = { -readonly [K in keyof BatchTotals]: K extends 'failures' ? Partial<Record<FailureCode, number>> : BatchTotals[K] };

export function copyTotals(totals: BatchTotals): MutableTotals {
  return { ...totals, failures: { ...totals.failures } };
}

/**
 * Adds `sign × b` into `sum` in place: the store adds thousands of files in
 * one event, and a new object per file would cost more than the sums.
 */
export function addInto(sum: MutableTotals, b: BatchTotals, sign: 1 | -1 = 1): void {
  for (const code in b.failures) {
    const key = code as FailureCode;
    const next = (sum.failures[key] ?? 0) + sign * b.failures[key]!;
    if (next === 0) delete sum.failures[key];
    else sum.failures[key] = next;
  }
  sum.files += sign * b.files;
  sum.queued += sign * b.queued;
  sum.moving += sign * b.moving;
  sum.done += sign * b.done;
  sum.failed += sign * b.failed;
  sum.cancelled += sign * b.cancelled;
  sum.bytes += sign * b.bytes;
  sum.size += sign * b.size;
  sum.unknownSizes += sign * b.unknownSizes;
}

/** Totals of some files, from scratch. */
export function totalsOf(files: Iterable<FileProgress>): BatchTotals {
  const totals = copyTotals(NO_TOTALS);
  for (const file of files) addInto(totals, contribution(file));
  return totals;
}

export interface BatchGroup {
  key: string;
  direction: Direction;
  batch: string;
  peer: string;
  /** File ids in the order they first appeared. */
  ids: string[];
}

/** Groups files into their batches, each batch and file in the order first seen; a file seen again keeps its place. */
export function groupBatches(files: Iterable<FileProgress>): BatchGroup[] {
  const groups = new Map<string, BatchGroup>();
  const seen = new Set<string>();
  for (const file of files) {
    const key = batchKey(file);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, direction: file.direction, batch: file.batch, peer: file.peer, ids: [] }));
    if (!seen.has(file.id)) group.ids.push(file.id);
    seen.add(file.id);
  }
  return [...groups.values()];
}

export function inTransit(totals: BatchTotals): boolean {
  return totals.queued + totals.moving > 0;
}

/**
 * The batch's state. Sending, "connecting" lasts until the receiver first
 * answered (a byte acknowledged or a file ended), so a dead address never
 * reads as a transfer at 0 B/s.
 */
export function batchPhase(totals: BatchTotals, direction: Direction): BatchPhase {
  if (inTransit(totals)) {
    const answered = totals.bytes > 0 || totals.done + totals.failed + totals.cancelled > 0;
    return direction === 'send' && !answered ? 'connecting' : 'moving';
  }
  if (totals.done === totals.files) return 'done';
  if (totals.done > 0) return 'partial';
  return totals.failed > 0 ? 'failed' : 'cancelled';
}

/** Whole percent of the batch's bytes, or null while sizes are unknown. */
export function batchPercent(totals: BatchTotals, phase: BatchPhase): number | null {
  if (phase === 'done') return 100;
  // Ended with sizes never known (a receiver's file the sender gave up on): no stripes, an empty bar.
  if (totals.unknownSizes > 0) return inTransit(totals) ? null : 0;
  if (totals.size === 0) return totals.files > 0 && totals.done === totals.files ? 100 : 0;
  return Math.min(100, Math.floor((totals.bytes / totals.size) * 100));
}

/** Seconds left at `rate`, or null when that cannot be known. */
export function secondsLeft(totals: BatchTotals, rate: number): number | null {
  if (!inTransit(totals) || totals.unknownSizes > 0 || rate <= 0) return null;
  return Math.max(0, totals.size - totals.bytes) / rate;
}

/** Where a file's row goes: work in transit first, then what waits, then what went wrong, then what is done. */
export function rowRank(file: FileProgress): number {
  switch (file.status) {
    case 'active':
    case 'closing':
      return 0;
    case 'queued':
      return 1;
    case 'failed':
      return 2;
    case 'cancelled':
      return 3;
    case 'done':
      return 4;
  }
}

/**
 * The rows of a batch in display order: by rank, each rank in arrival
 * order (a counting sort: one pass, however many files), keeping only those
 * `keep` accepts. Ids with no file are left out. The files in transit (a
 * few dozen at most) go largest first: the one a person waits for stays on
 * top while small ones come and go around it.
 */
export function orderRows(ids: readonly string[], fileOf: (id: string) => FileProgress | undefined, keep: (file: FileProgress) => boolean = () => true): string[] {
  const ranks: string[][] = [[], [], [], [], []];
  // A receiver knows a file's size only at its end: what arrived so far stands for it.
  const moving: Array<[string, number]> = [];
  for (const id of ids) {
    const file = fileOf(id);
    if (!file || !keep(file)) continue;
    const rank = rowRank(file);
    if (rank === 0) moving.push([id, file.size ?? file.bytes]);
    else ranks[rank]!.push(id);
  }
  ranks[0] = moving.sort((a, b) => b[1] - a[1]).map(([id]) => id);
  return ranks.flat();
}

/** A filter as typed: every word must appear in the file's relative path, ignoring case. */
export function nameFilter(text: string): (file: FileProgress) => boolean {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return () => true;
  return (file) => {
    const name = file.name.toLowerCase();
    return words.every((word) => name.includes(word));
  };
}

/** Files worth a chunk map without being asked for: not every 12-byte file. */
export const LARGE_FILE_BYTES = 16 * 1024 * 1024;

/** By its size, or (receiving, before its end names the size) by what arrived. */
export function isLarge(file: FileProgress): boolean {
  return (file.size ?? file.bytes) >= LARGE_FILE_BYTES;
}

/** "photos/2024/a.jpg" → ["a.jpg", "photos/2024"]; the folder is "" at the top. */
export function splitName(name: string): [base: string, folder: string] {
  const slash = name.lastIndexOf('/');
  return slash < 0 ? [name, ''] : [name.slice(slash + 1), name.slice(0, slash)];
}

/**
 * The folder that holds what a batch's file was sent from or stored under:
 * its path less its relative name ("/home/a/photos/2024/x.jpg" sent as
 * "2024/x.jpg" → "/home/a/photos"). Null without a path.
 */
export function topFolder(file: FileProgress): string | null {
  const full = file.path;
  if (!full) return null;
  const relative = file.direction === 'receive' ? (file.storedAs ?? file.name) : file.name;
  let end = full.length;
  for (let level = relative.split('/').length; level > 0; level--) {
    end = Math.max(full.lastIndexOf('/', end - 1), full.lastIndexOf('\\', end - 1));
    if (end < 0) return null;
  }
  return end === 0 ? full.slice(0, 1) : full.slice(0, end);
}
