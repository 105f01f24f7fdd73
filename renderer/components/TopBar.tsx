// The window's top: the name, the mode switch and the host connection.
import type { Direction } from '../../shared/transfer.js';
import { useApp, useAppContext } from '../context.js';

const MODES: Array<[Direction, string]> = [
  ['send', 'Send'],
  ['receive', 'Receive'],
];

export function TopBar() {
  const { store } = useAppContext();
  const mode = useApp((state) => state.mode);
  const connection = useApp((state) => state.connection);
  return (
    <header className="top-bar">
      <h1 className="brand">ZeroDrop</h1>
      <div className="mode-switch" role="group" aria-label="Mode">
        {MODES.map(([value, label]) => (
          <button key={value} type="button" aria-pressed={mode === value} onClick={() => store.getState().setMode(value)}>
            {label}
          </button>
        ))}
      </div>
      <p className={`connection connection-${connection}`} role="status">
        {connection === 'open' ? 'Connected' : connection === 'connecting' ? 'Connecting…' : 'Host unreachable, reconnecting…'}
      </p>
    </header>
  );
}
