// The window's top: the name, the mode switch (and the History and Settings views) and the host connection.
import type { Direction } from '../../shared/transfer.js';
import type { ConnectionState } from '../store/appStore.js';
import { useApp, useAppContext } from '../context.js';

const MODES: Array<[Direction, string]> = [
  ['send', 'Send'],
  ['receive', 'Receive'],
];

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  open: 'Connected',
  closed: 'Host unreachable, reconnecting…',
  refused: 'This address is out of date: ZeroDrop was restarted. Open the new address it printed.',
};

export function TopBar() {
  const { store } = useAppContext();
  const mode = useApp((state) => state.mode);
  const historyOpen = useApp((state) => state.historyOpen);
  const settingsOpen = useApp((state) => state.settingsOpen);
  const connection = useApp((state) => state.connection);
  return (
    <header className="top-bar">
      <h1 className="brand">ZeroDrop</h1>
      <div className="mode-switch" role="group" aria-label="Mode">
        {MODES.map(([value, label]) => (
          <button key={value} type="button" aria-pressed={!historyOpen && !settingsOpen && mode === value} onClick={() => store.getState().setMode(value)}>
            {label}
          </button>
        ))}
        <button type="button" aria-pressed={historyOpen} onClick={() => store.getState().setHistoryOpen(true)}>
          History
        </button>
        <button type="button" aria-pressed={settingsOpen} onClick={() => store.getState().setSettingsOpen(true)}>
          Settings
        </button>
      </div>
      <p className={`connection connection-${connection}`} role="status">
        {CONNECTION_TEXT[connection]}
      </p>
    </header>
  );
}
