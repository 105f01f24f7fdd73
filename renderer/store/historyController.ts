// Keeps the History view's list current: the host's whole history each time
// the view opens (the CLI may have added to it) and on a reconnect while it
// is open, and each batch the host records as it ends.
import type { HostConnection } from '../api/connection.js';
import { messageOf } from '../../shared/format.js';
import type { AppStore } from './appStore.js';

export function bindHistory(connection: HostConnection, store: AppStore): () => void {
  const { api } = connection;
  const load = async () => {
    try {
      store.getState().setHistory(await api['history.list']());
    } catch (error) {
      store.getState().notify({ kind: 'error', text: `Cannot load the history: ${messageOf(error)}` });
    }
  };
  const unsubscribes = [
    api.on('history.added', (batch) => store.getState().addHistory(batch)),
    connection.onState((state) => {
      if (state === 'open' && store.getState().historyOpen) void load();
    }),
    store.subscribe((state, before) => {
      if (state.historyOpen && !before.historyOpen) void load();
    }),
  ];
  return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
}
