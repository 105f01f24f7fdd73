// Batches of files to or from one peer, from the host's progress events: a
// batch is the files of one direction and peer (and one batch id, where the
// engine names it: a Send action) that were in transit together; it ends
// when none of them is, and none has started again for a moment (files of
// one send, or arriving one after another, are one batch).
//
// A batch is told as what it adds up to (counts, bytes, times, a few names),
// not file by file: a peer decides how many files it sends, and one that
// never lets its batch end (a file always in transit, failing ones beside
// it) must not make the host keep each of them.
import path from 'node:path';
import { hasEnded, MAX_ENDED_FILES, type Direction, type FileProgress } from '../../shared/transfer.js';
import { NAMES_KEPT } from './history/historyRecords.js';

export interface Batch {
  direction: Direction;
  /** The receiver's endpoint (sending) or the sender's id (receiving). */
  peer: string;
  /** Its files; those neither done, failed nor cancelled were still in transit when the batch was flushed. */
  files: number;
  done: number;
  failed: number;
  cancelled: number;
  /** Failed files the receiving person declined. */
  declined: number;
  bytes: number;
  /** The earliest start and the latest change of its files (ms since the epoch). */
  startedAt: number;
  endedAt: number;
  /** The first few names, in the order the files came: of all, of those done, of those failed. */
  names: string[];
  doneNames: string[];
  failedNames: string[];
  /** The folder that holds every file's folder; null when no file had a path. */
  folder: string | null;
  /** The first failure's words. */
  error?: string;
}

/** A batch of no files yet. */
export function emptyBatch(direction: Direction, peer: string): Batch {
  return { direction, peer, files: 0, done: 0, failed: 0, cancelled: 0, declined: 0, bytes: 0, startedAt: Infinity, endedAt: 0, names: [], doneNames: [], failedNames: [], folder: null };
}

/** Adds one file, as it is now, to `batch` (changed in place). */
export function addFile(batch: Batch, file: FileProgress): void {
  batch.files++;
  batch.bytes += file.bytes;
  batch.startedAt = Math.min(batch.startedAt, file.startedAt);
  batch.endedAt = Math.max(batch.endedAt, file.updatedAt);
  keepName(batch.names, file.name);
  if (file.status === 'done') {
    batch.done++;
    keepName(batch.doneNames, file.name);
  } else if (file.status === 'failed') {
    batch.failed++;
    keepName(batch.failedNames, file.name);
    if (file.error?.code === 'declined') batch.declined++;
    if (batch.error === undefined && file.error) batch.error = file.error.text;
  } else if (file.status === 'cancelled') {
    batch.cancelled++;
  }
  if (file.path !== undefined) {
    const folder = path.dirname(file.path);
    batch.folder = batch.folder === null ? folder : commonFolder([batch.folder, folder]);
  }
}

/** The deepest folder that holds every one of `folders` (absolute paths); null for none. */
export function commonFolder(folders: readonly string[]): string | null {
  if (folders.length === 0) return null;
  let common = folders[0]!;
  for (const folder of folders) {
    while (!isWithin(folder, common)) {
      const parent = path.dirname(common);
      if (parent === common) break;
      common = parent;
    }
  }
  return common;
}

function isWithin(folder: string, ancestor: string): boolean {
  const relative = path.relative(ancestor, folder);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** The batch of `files`, all of one direction and peer. */
export function batchOf(direction: Direction, peer: string, files: Iterable<FileProgress>): Batch {
  const batch = emptyBatch(direction, peer);
  for (const file of files) addFile(batch, file);
  return batch;
}

function keepName(names: string[], name: string): void {
  if (names.length < NAMES_KEPT) names.push(name);
}

interface Group {
  direction: Direction;
  peer: string;
  batch?: string;
  /** Each file's latest progress, by id: a file retried and ended again counts once. */
  files: Map<string, FileProgress>;
  active: Set<string>;
  /** Received files that ended longest ago, added up and forgotten (no received file is retried). */
  settled: Batch;
  timer: ReturnType<typeof setTimeout> | null;
}

/** How long a peer's files may pause before their batch counts as ended. */
export const BATCH_QUIET_MS = 1_000;

export class BatchWatcher {
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly onEnded: (batch: Batch) => void,
    private readonly quietMs = BATCH_QUIET_MS,
    /** Received files kept one by one per batch; past this the oldest ended ones are added up. */
    private readonly keptFiles = MAX_ENDED_FILES,
  ) {}

  /** Takes one progress event's files. */
  update(files: readonly FileProgress[]): void {
    const touched = new Set<Group>();
    for (const file of files) {
      const group = this.groupOf(file);
      touched.add(group);
      group.files.set(file.id, file);
      if (hasEnded(file.status)) group.active.delete(file.id);
      else group.active.add(file.id);
    }
    for (const group of touched) {
      if (group.direction === 'receive') this.settle(group);
      this.schedule(group);
    }
  }

  /** Ends every batch now, with the files still in transit as they are (the program is closing and wants them recorded). */
  flush(): void {
    for (const group of [...this.groups.values()]) {
      if (group.timer) clearTimeout(group.timer);
      this.end(group);
    }
  }

  /** Files kept one by one, across batches not yet ended (for tests). */
  get filesHeld(): number {
    let held = 0;
    for (const group of this.groups.values()) held += group.files.size;
    return held;
  }

  /** Drops pending batches (the app is quitting). */
  stop(): void {
    for (const group of this.groups.values()) if (group.timer) clearTimeout(group.timer);
    this.groups.clear();
  }

  private groupOf(file: FileProgress): Group {
    const key = groupKey(file);
    let group = this.groups.get(key);
    if (!group) {
      const { direction, peer } = file;
      group = { direction, peer, ...(file.batch === undefined ? {} : { batch: file.batch }), files: new Map(), active: new Set(), settled: emptyBatch(direction, peer), timer: null };
      this.groups.set(key, group);
    }
    return group;
  }

  /** Past the files kept, the oldest ended ones are added up and forgotten (those in transit stay: they change). */
  private settle(group: Group): void {
    for (const [id, file] of group.files) {
      if (group.files.size <= this.keptFiles) return;
      if (group.active.has(id)) continue;
      addFile(group.settled, file);
      group.files.delete(id);
    }
  }

  private schedule(group: Group): void {
    if (group.timer) clearTimeout(group.timer);
    group.timer = group.active.size > 0 ? null : setTimeout(() => this.end(group), this.quietMs);
  }

  private end(group: Group): void {
    this.groups.delete(groupKey(group));
    const batch = group.settled;
    for (const file of group.files.values()) addFile(batch, file);
    this.onEnded(batch);
  }
}

/** A file's batch as the engine names it, where it does (a Send action); else its direction and peer. */
function groupKey({ direction, peer, batch }: { direction: Direction; peer: string; batch?: string }): string {
  return `${direction}\0${peer}\0${batch ?? ''}`;
}
