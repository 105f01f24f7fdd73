// What every component reaches: the store, the host's commands and the
// connection, provided once at the root.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { HostConnection } from './api/connection.js';
import type { AppState, AppStore } from './store/appStore.js';
import type { AppCommands } from './store/controller.js';
import type { TrustCommands } from './store/trustController.js';

export interface AppContextValue {
  store: AppStore;
  commands: AppCommands;
  /** Settings' and the consent dialog's commands. */
  trust: TrustCommands;
  connection: HostConnection;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useAppContext(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('AppContext is not provided');
  return value;
}

/** A slice of the state; the component re-renders only when the slice changes. */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(useAppContext().store, selector);
}
