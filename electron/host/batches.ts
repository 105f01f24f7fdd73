// Batches of files to or from one peer, from the host's progress events: a
// batch is the files of one direction and peer (and one batch id, where the
// engine names it: a Send action) that were in transit together; it ends
// when none of them is, and none has started again for a moment (files of
// one send, or arriving one after another, are one batch).
import { hasEnded, type Direction, type FileProgress } from '../../shared/transfer.js';

export interface Batch {
  direction: Direction;
  /** The receiver's endpoint (sending) or the sender's id (receiving). */
  peer: string;
  /** Names of the files that arrived or were sent, and of those that failed. */
  done: string[];
  failed: string[];
  cancelled: number;
  /** Each file's last progress; a file still in transit when the batch was flushed has not ended. */
  files: FileProgress[];
}

interface Group {
  direction: Direction;
  peer: string;
  batch?: string;
  /** Each file's latest progress, by id: a file retried and ended again counts once. */
  files: Map<string, FileProgress>;
  active: Set<string>;
  timer: ReturnType<typeof setTimeout> | null;
}

/** How long a peer's files may pause before their batch counts as ended. */
export const BATCH_QUIET_MS = 1_000;

export class BatchWatcher {
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly onEnded: (batch: Batch) => void,
    private readonly quietMs = BATCH_QUIET_MS,
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
    for (const group of touched) this.schedule(group);
  }

  /** Ends every batch now, with the files still in transit as they are (the program is closing and wants them recorded). */
  flush(): void {
    for (const group of [...this.groups.values()]) {
      if (group.timer) clearTimeout(group.timer);
      this.end(group);
    }
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
      group = { direction: file.direction, peer: file.peer, ...(file.batch === undefined ? {} : { batch: file.batch }), files: new Map(), active: new Set(), timer: null };
      this.groups.set(key, group);
    }
    return group;
  }

  private schedule(group: Group): void {
    if (group.timer) clearTimeout(group.timer);
    group.timer = group.active.size > 0 ? null : setTimeout(() => this.end(group), this.quietMs);
  }

  private end(group: Group): void {
    this.groups.delete(groupKey(group));
    const files = [...group.files.values()];
    const named = (status: FileProgress['status']) => files.filter((file) => file.status === status).map((file) => file.name);
    const cancelled = named('cancelled').length;
    this.onEnded({ direction: group.direction, peer: group.peer, done: named('done'), failed: named('failed'), cancelled, files });
  }
}

/** A file's batch as the engine names it, where it does (a Send action); else its direction and peer. */
function groupKey({ direction, peer, batch }: { direction: Direction; peer: string; batch?: string }): string {
  return `${direction}\0${peer}\0${batch ?? ''}`;
}
