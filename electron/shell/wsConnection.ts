// One browser tab on the browser shell's WebSocket: calls in, results and
// events out (WireToHost / WireToUi of shared/ipc.ts). Whatever the tab
// sends, what it costs the host is bounded: ws refuses malformed and
// oversized frames and drops a tab that pings without reading its pongs (see
// upgrades.ts), TabCalls stops reading a tab with too many calls pending, and
// CoalescingEvents keeps events to a tab that reads slowly from piling up.
import type { WebSocket } from 'ws';
import type { WireToHost } from '../../shared/ipc.js';
import type { Host } from '../host/host.js';
import { CoalescingEvents } from './coalescingEvents.js';
import { TabCalls, type SendToTab } from './tabCalls.js';

export function serveConnection(socket: WebSocket, host: Host): void {
  // ws has already answered a malformed frame (unmasked, reserved opcode or
  // RSV bits, invalid UTF-8, too large, too many fragments) with a close
  // code; this listener only keeps its 'error' from ending the process.
  socket.on('error', () => undefined);

  const send: SendToTab = (message, written) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message), written);
  };
  const events = new CoalescingEvents(socket, send);
  const unlisten = host.events.listen((event, payload) => events.push(event, payload));
  socket.on('close', () => {
    unlisten();
    events.stop();
  });

  const calls = new TabCalls(socket, host, send);
  socket.on('message', (data, isBinary) => {
    const call = isBinary ? null : parseCall(data.toString());
    if (call) calls.take(call);
    else socket.close(1008, 'not a call');
  });
}

/** The shape of a call; its command and arguments are checked by the host. */
function parseCall(text: string): WireToHost | null {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return null;
  }
  const { kind, id, command, args } = (message ?? {}) as Record<string, unknown>;
  if (kind !== 'call' || !Number.isSafeInteger(id) || typeof command !== 'string' || !Array.isArray(args)) return null;
  return message as WireToHost;
}
