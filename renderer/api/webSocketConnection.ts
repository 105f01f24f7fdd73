// The browser shell: the contract over a WebSocket (WireToHost / WireToUi),
// reconnecting on its own; calls made while it is down fail at once with a
// message, rather than hang. A shell restarted since the page was opened has
// a new token: the page then stops retrying and says its address is out of date.
import type { CommandName, WireToUi } from '../../shared/ipc.js';
import { apiOver, EventListeners } from '../../shared/uiApi.js';
import type { ConnectionState } from '../store/appStore.js';
import type { HostConnection } from './connection.js';
import type { ShellAddress } from './shellAddress.js';

const FIRST_RETRY_MS = 250;
const LAST_RETRY_MS = 5_000;

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

export function webSocketConnection(address: ShellAddress): HostConnection {
  const pending = new Map<number, Pending>();
  const events = new EventListeners();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let socket: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let nextId = 1;
  let retryMs = FIRST_RETRY_MS;

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener(next);
  };

  const receive = (message: WireToUi) => {
    if (message.kind === 'event') {
      events.emit(message.event, message.payload);
      return;
    }
    const call = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) call?.resolve(message.value);
    else call?.reject(new Error(message.error));
  };

  const open = () => {
    const ws = new WebSocket(address.socketUrl);
    let opened = false;
    socket = ws;
    ws.onopen = () => {
      opened = true;
      retryMs = FIRST_RETRY_MS;
      setState('open');
    };
    ws.onmessage = (event) => receive(JSON.parse(String(event.data)) as WireToUi);
    ws.onclose = () => {
      socket = null;
      for (const call of pending.values()) call.reject(new Error('The connection to the host was lost.'));
      pending.clear();
      setState('closed');
      // A socket that never opened may have been refused for its token; a down shell is retried.
      void (opened ? Promise.resolve(false) : address.tokenRefused()).then((refused) => {
        if (refused) setState('refused');
        else retryLater();
      });
    };
  };
  const retryLater = () => {
    setTimeout(open, retryMs);
    retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
  };

  const call = (command: CommandName, args: unknown[]): Promise<unknown> => {
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(new Error(state === 'refused' ? 'This address is out of date: open the new address ZeroDrop printed.' : 'Not connected to the host; reconnecting.'));
    }
    const id = nextId++;
    socket.send(JSON.stringify({ kind: 'call', id, command, args }));
    return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
  };

  open();
  return {
    api: apiOver(call, events),
    state: () => state,
    onState: (listener) => {
      stateListeners.add(listener);
      return () => void stateListeners.delete(listener);
    },
    pathOfDroppedFile: null,
  };
}
