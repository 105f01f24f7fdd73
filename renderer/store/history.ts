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

/**
 * Batches the view holds at most: the newest. Peers can end batches as
 * fast as they connect, and the list the host gives on opening is bounded
 * by the history file anyway.
 */
export const MAX_HISTORY_SHOWN = 1_000;

export function historySlice(set: SetState): HistoryState & HistoryActions {
  return {
    historyOpen: false,
    history: null,
    setHistoryOpen: (historyOpen) => set(() => ({ historyOpen })),
    setHistory: (history) => set(() => ({ history })),
    addHistory: (batch) =>
      set((state) =>
        state.history === null || state.history.some((known) => known.id === batch.id) ? {} : { history: [batch, ...state.history.slice(0, MAX_HISTORY_SHOWN - 1)] },
      ),
  };
}
