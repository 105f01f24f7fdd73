// One browser tab on the browser shell's WebSocket: calls in, results and
// events out (WireToHost / WireToUi of shared/ipc.ts). A tab that reads
// slowly gets progress coalesced per file instead of an ever-growing buffer.
import type { WebSocket } from 'ws';
import type { EventName, Events, WireToHost, WireToUi } from '../../shared/ipc.js';
import type { FileProgress } from '../../shared/transfer.js';
import type { Host } from '../host/host.js';
import { messageOf } from '../../shared/format.js';

/** Past this many unsent bytes, events wait and coalesce. */
const HIGH_WATER_BYTES = 1024 * 1024;
const RETRY_MS = 50;

export function serveConnection(socket: WebSocket, host: Host): void {
  const events = new CoalescingEvents(socket);
  const unlisten = host.events.listen((event, payload) => events.push(event, payload));
  socket.on('close', () => {
    unlisten();
    events.stop();
  });
  socket.on('message', (data, isBinary) => {
    const call = isBinary ? null : parseCall(data.toString());
    if (!call) {
      socket.close(1008, 'not a call');
      return;
    }
    host.call(call.command, call.args).then(
      (value) => send(socket, { kind: 'result', id: call.id, ok: true, value: value ?? null }),
      (error: unknown) => send(socket, { kind: 'result', id: call.id, ok: false, error: messageOf(error) }),
    );
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

function send(socket: WebSocket, message: WireToUi): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

class CoalescingEvents {
  /** Latest snapshot per file, and latest payload of other events, not yet sent. */
  private readonly files = new Map<string, FileProgress>();
  private readonly latest = new Map<Exclude<EventName, 'files.progress'>, unknown>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly socket: WebSocket) {}

  push<E extends EventName>(event: E, payload: Events[E]): void {
    if (event === 'files.progress') for (const file of payload as FileProgress[]) this.files.set(file.id, file);
    else this.latest.set(event as Exclude<EventName, 'files.progress'>, payload);
    this.flush();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private flush(): void {
    if (this.timer) return;
    if (this.socket.bufferedAmount > HIGH_WATER_BYTES) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush();
      }, RETRY_MS);
      return;
    }
    for (const [event, payload] of this.latest) send(this.socket, { kind: 'event', event, payload });
    this.latest.clear();
    if (this.files.size > 0) send(this.socket, { kind: 'event', event: 'files.progress', payload: [...this.files.values()] });
    this.files.clear();
  }
}
