// Files as the UI holds them: a progress batch replaces only the entries of
// the files it names, so a row whose file did not change keeps its object
// and does not re-render.
import type { RateBook } from '../../shared/format.js';
import { hasEnded, MAX_ENDED_FILES, type Direction, type FileProgress } from '../../shared/transfer.js';

export interface FileEntry {
  file: FileProgress;
  /** Bytes per second over the last few seconds; 0 when not moving. */
  rate: number;
}

export interface FilesState {
  byId: Readonly<Record<string, FileEntry>>;
  /** Ids per direction in the order the files first appeared. */
  ids: Readonly<Record<Direction, readonly string[]>>;
}

export const NO_FILES: FilesState = { byId: {}, ids: { send: [], receive: [] } };

export function applyProgress(state: FilesState, batch: readonly FileProgress[], rates: RateBook): FilesState {
  if (batch.length === 0) return state;
  const byId = { ...state.byId };
  const added: Record<Direction, string[]> = { send: [], receive: [] };
  for (const file of batch) {
    const known = byId[file.id];
    // Snapshots can arrive late (a reconnect's list racing an event): keep the newer.
    if (known && known.file.updatedAt > file.updatedAt) continue;
    if (!known) added[file.direction].push(file.id);
    byId[file.id] = { file, rate: rates.rateOf(file) };
  }
  const ids =
    added.send.length === 0 && added.receive.length === 0
      ? state.ids
      : { send: forgetOldestEnded(byId, [...state.ids.send, ...added.send]), receive: forgetOldestEnded(byId, [...state.ids.receive, ...added.receive]) };
  return { byId, ids };
}

/** Past the bound the host keeps too, the oldest ended files leave the list (and byId). */
function forgetOldestEnded(byId: Record<string, FileEntry>, ids: string[]): string[] {
  let excess = ids.length - MAX_ENDED_FILES;
  if (excess <= 0) return ids;
  return ids.filter((id) => {
    if (excess <= 0 || !hasEnded(byId[id]!.file.status)) return true;
    delete byId[id];
    excess--;
    return false;
  });
}

export interface Totals {
  files: number;
  active: number;
  done: number;
  failed: number;
  /** Bytes moved so far. */
  bytes: number;
  /** Sum of the moving files' speeds. */
  rate: number;
}

export function totalsOf(state: FilesState, direction: Direction): Totals {
  const totals: Totals = { files: 0, active: 0, done: 0, failed: 0, bytes: 0, rate: 0 };
  for (const id of state.ids[direction]) {
    const entry = state.byId[id];
    if (!entry) continue;
    const { status, bytes } = entry.file;
    totals.files++;
    totals.bytes += bytes;
    totals.rate += entry.rate;
    if (status === 'done') totals.done++;
    else if (status === 'failed' || status === 'cancelled') totals.failed++;
    else totals.active++;
  }
  return totals;
}
