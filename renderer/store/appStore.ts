// The UI's whole state in one zustand store: what the host said (files,
// receiver, settings) and what the person chose (mode, notices). Vanilla, so
// that it runs and is tested without React.
import { createStore } from 'zustand/vanilla';
import type { HostInfo, Settings } from '../../shared/ipc.js';
import { defaultSettings } from '../../shared/contract/results.js';
import type { Direction, FileProgress, ReceiverStatus } from '../../shared/transfer.js';
import { RateBook } from '../../shared/format.js';
import { applyProgress, clearBatches, noFiles, Rates, type FilesState } from './files.js';
import { historySlice, type HistoryActions, type HistoryState } from './history.js';
import { trustSlice, type TrustActions, type TrustState } from './trust.js';

/** 'refused': the host no longer takes this page's token (the browser shell was restarted with a new address). */
export type ConnectionState = 'connecting' | 'open' | 'closed' | 'refused';

export interface Notice {
  kind: 'error' | 'info';
  text: string;
}

export interface AppState extends FilesState, HistoryState, TrustState {
  connection: ConnectionState;
  hostInfo: HostInfo | null;
  settings: Settings;
  receiver: ReceiverStatus;
  mode: Direction;
  notice: Notice | null;
  /** Paths chosen to send, not sent yet. */
  staged: readonly string[];
}

export interface AppActions extends HistoryActions, TrustActions {
  progress(files: readonly FileProgress[]): void;
  /** Forgets the finished batches of one direction. */
  clearFinished(direction: Direction): void;
  setReceiver(status: ReceiverStatus): void;
  setSettings(settings: Settings): void;
  setHostInfo(info: HostInfo): void;
  setConnection(state: ConnectionState): void;
  setMode(mode: Direction): void;
  notify(notice: Notice | null): void;
  /** Adds paths to send, each once. */
  stage(paths: readonly string[]): void;
  unstage(path: string): void;
  clearStaged(): void;
}

export type AppStore = ReturnType<typeof createAppStore>;

const NOT_LISTENING: ReceiverStatus = { listening: false, dir: null, endpoints: [], addresses: [] };

export function createAppStore(initial: Partial<AppState> = {}) {
  const rates = new Rates(new RateBook());
  return createStore<AppState & AppActions>()((set) => ({
    ...noFiles(),
    connection: 'connecting',
    hostInfo: null,
    settings: defaultSettings(),
    receiver: NOT_LISTENING,
    mode: 'send',
    notice: null,
    staged: [],
    ...historySlice(set),
    ...trustSlice(set),
    ...initial,
    progress: (files) => set((state) => applyProgress(state, files, rates)),
    clearFinished: (direction) => set((state) => clearBatches(state, (batch) => batch.direction === direction)),
    setReceiver: (receiver) => set({ receiver }),
    setSettings: (settings) => set({ settings }),
    setHostInfo: (hostInfo) => set({ hostInfo }),
    setConnection: (connection) => set({ connection }),
    // Choosing Send or Receive (or files staged to send) leaves the History and Settings views.
    setMode: (mode) => set({ mode, historyOpen: false, settingsOpen: false }),
    notify: (notice) => set({ notice }),
    stage: (paths) => set((state) => ({ staged: [...new Set([...state.staged, ...paths])] })),
    unstage: (path) => set((state) => ({ staged: state.staged.filter((p) => p !== path) })),
    clearStaged: () => set({ staged: [] }),
  }));
}
