// Files and their batches as the UI holds them, at the scale of a folder of
// 100,000 files: a progress event touches only the files it names and the
// batches they belong to. The file map is one Map changed in place (copying
// it on every event would cost more than the event); each of its entries is
// replaced when its file changes, so a row selects its entry and re-renders
// only then. Batches are few: their map is copied on change.
import { RateMeter, type RateBook } from '../../shared/format.js';
import { MAX_KEPT_FILES, type Direction, type FileProgress } from '../../shared/transfer.js';
import { addInto, addTotals, batchKey, contribution, copyTotals, inTransit, NO_TOTALS, type BatchTotals, type MutableTotals } from './batchModel.js';

export interface FileEntry {
  file: FileProgress;
  /** Bytes per second over the last few seconds; 0 when not moving. */
  rate: number;
}

export interface BatchEntry {
  key: string;
  direction: Direction;
  batch: string;
  peer: string;
  /** File ids in the order they first appeared. */
  ids: readonly string[];
  totals: BatchTotals;
  /** Bytes per second of the whole batch over the last few seconds. */
  rate: number;
  startedAt: number;
  updatedAt: number;
}

export interface FilesState {
  /** Every file by id. Changed in place: select an entry, never the map. */
  files: ReadonlyMap<string, FileEntry>;
  batches: ReadonlyMap<string, BatchEntry>;
  /** Batch keys per direction, in the order first seen. */
  batchKeys: Readonly<Record<Direction, readonly string[]>>;
  /** Batches a person cleared: a reconnect's list of files does not bring them back. */
  cleared: ReadonlySet<string>;
}

export function noFiles(): FilesState {
  return { files: new Map(), batches: new Map(), batchKeys: { send: [], receive: [] }, cleared: new Set() };
}

/** Speed meters: one per file in transit, one per batch. */
export class Rates {
  readonly files: RateBook;
  private readonly batches = new Map<string, RateMeter>();

  constructor(files: RateBook) {
    this.files = files;
  }

  batchRate(key: string, totals: BatchTotals, at: number): number {
    if (!inTransit(totals)) {
      this.batches.delete(key);
      return 0;
    }
    let meter = this.batches.get(key);
    if (!meter) this.batches.set(key, (meter = new RateMeter()));
    return Math.max(0, meter.update(totals.bytes, at));
  }
}

interface Draft {
  entry: BatchEntry;
  totals: MutableTotals;
  added: string[];
  updatedAt: number;
}

export function applyProgress(state: FilesState, incoming: readonly FileProgress[], rates: Rates): FilesState {
  const files = state.files as Map<string, FileEntry>;
  const drafts = new Map<string, Draft>();
  const newKeys: Record<Direction, string[]> = { send: [], receive: [] };
  for (const file of incoming) {
    const key = batchKey(file);
    if (state.cleared.has(key)) continue;
    const known = files.get(file.id);
    // Snapshots can arrive late (a reconnect's list racing an event): keep the newer.
    if (known && known.file.updatedAt > file.updatedAt) continue;
    let draft = drafts.get(key);
    if (!draft) {
      const entry = state.batches.get(key) ?? newBatch(key, file, newKeys);
      draft = { entry, totals: copyTotals(entry.totals), added: [], updatedAt: entry.updatedAt };
      drafts.set(key, draft);
    }
    if (known) addInto(draft.totals, contribution(known.file), -1);
    else draft.added.push(file.id);
    addInto(draft.totals, contribution(file));
    draft.updatedAt = Math.max(draft.updatedAt, file.updatedAt);
    files.set(file.id, { file, rate: rates.files.rateOf(file) });
  }
  if (drafts.size === 0) return state;
  const batches = new Map(state.batches);
  for (const [key, { entry, totals, added, updatedAt }] of drafts) {
    batches.set(key, {
      ...entry,
      ids: added.length === 0 ? entry.ids : entry.ids.concat(added),
      totals,
      rate: rates.batchRate(key, totals, updatedAt),
      updatedAt,
    });
  }
  const batchKeys =
    newKeys.send.length + newKeys.receive.length === 0
      ? state.batchKeys
      : { send: state.batchKeys.send.concat(newKeys.send), receive: state.batchKeys.receive.concat(newKeys.receive) };
  return forgetPastBound({ ...state, batches, batchKeys });
}

function newBatch(key: string, file: FileProgress, newKeys: Record<Direction, string[]>): BatchEntry {
  newKeys[file.direction].push(key);
  return { key, direction: file.direction, batch: file.batch, peer: file.peer, ids: [], totals: NO_TOTALS, rate: 0, startedAt: file.startedAt, updatedAt: file.startedAt };
}

/** Forgets finished batches (and remembers them as cleared); `which` picks them. */
export function clearBatches(state: FilesState, which: (batch: BatchEntry) => boolean): FilesState {
  const files = state.files as Map<string, FileEntry>;
  const batches = new Map(state.batches);
  const cleared = new Set(state.cleared);
  for (const batch of state.batches.values()) {
    if (inTransit(batch.totals) || !which(batch)) continue;
    for (const id of batch.ids) files.delete(id);
    batches.delete(batch.key);
    cleared.add(batch.key);
  }
  if (batches.size === state.batches.size) return state;
  const keep = (key: string) => batches.has(key);
  return {
    files,
    batches,
    cleared,
    batchKeys: { send: state.batchKeys.send.filter(keep), receive: state.batchKeys.receive.filter(keep) },
  };
}

/** Past MAX_KEPT_FILES, the oldest finished batches go; batches in transit always stay. */
function forgetPastBound(state: FilesState): FilesState {
  let excess = state.files.size - MAX_KEPT_FILES;
  if (excess <= 0) return state;
  const oldest = [...state.batches.values()].sort((a, b) => a.startedAt - b.startedAt);
  const going = new Set<string>();
  for (const batch of oldest) {
    if (excess <= 0) break;
    if (inTransit(batch.totals)) continue;
    going.add(batch.key);
    excess -= batch.ids.length;
  }
  return clearBatches(state, (batch) => going.has(batch.key));
}

/** Every batch of one direction together. */
export function sessionTotals(state: FilesState, direction: Direction): BatchTotals & { rate: number } {
  let totals = NO_TOTALS;
  let rate = 0;
  for (const key of state.batchKeys[direction]) {
    const batch = state.batches.get(key);
    if (!batch) continue;
    totals = addTotals(totals, batch.totals);
    rate += batch.rate;
  }
  return { ...totals, rate };
}
