// The History view's slice of the store: whether it is open, and the past
// batches the host listed (newest first), with the ones it recorded since.
import type { HistoryBatch } from '../../shared/history.js';

export interface HistoryState {
  historyOpen: boolean;
  /** Newest first; null until the host has listed them. */
  history: readonly HistoryBatch[] | null;
}

export interface HistoryActions {
  setHistoryOpen(open: boolean): void;
  setHistory(batches: readonly HistoryBatch[]): void;
  /** A batch the host just recorded: first in the list, once. */
  addHistory(batch: HistoryBatch): void;
}

type SetState = (change: (state: HistoryState) => Partial<HistoryState>) => void;

export function historySlice(set: SetState): HistoryState & HistoryActions {
  return {
    historyOpen: false,
    history: null,
    setHistoryOpen: (historyOpen) => set(() => ({ historyOpen })),
    setHistory: (history) => set(() => ({ history })),
    addHistory: (batch) =>
      set((state) => (state.history === null || state.history.some((known) => known.id === batch.id) ? {} : { history: [batch, ...state.history] })),
  };
}
