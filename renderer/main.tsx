// The renderer's entry: reach the host (Electron preload or the browser
// shell's WebSocket), bind it to the store, render.
import { createRoot } from 'react-dom/client';
import type { HostConnection } from './api/connection.js';
import { electronConnection } from './api/electronBridge.js';
import { shellAddress } from './api/shellAddress.js';
import { webSocketConnection } from './api/webSocketConnection.js';
import { App } from './components/App.js';
import { AppContext } from './context.js';
import { createAppStore } from './store/appStore.js';
import { bindHost } from './store/controller.js';
import { bindHistory } from './store/historyController.js';
import { bindTrust } from './store/trustController.js';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
const connection = electronConnection() ?? browserShellConnection();

if (connection) {
  const store = createAppStore();
  const { commands } = bindHost(connection, store);
  bindHistory(connection, store);
  const { trust } = bindTrust(connection, store);
  root.render(
    <AppContext.Provider value={{ store, commands, trust, connection }}>
      <App />
    </AppContext.Provider>,
  );
} else {
  root.render(
    <p className="missing-token" role="alert">
      This page needs the address that <code>zerodrop ui</code> printed, with its <code>?token=…</code>.
    </p>,
  );
}

/** The browser shell's WebSocket, if this page was given (or has kept) its token. */
function browserShellConnection(): HostConnection | null {
  const address = shellAddress(window);
  return address ? webSocketConnection(address) : null;
}
