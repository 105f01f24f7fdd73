// The calls of one tab, run on the host with a bound: at most
// MAX_CALLS_PENDING calls are running, waiting to run, or have a result not
// yet written out. At that many the tab's socket is no longer read, so TCP
// pushes back on the tab: one that floods calls, or never reads its results,
// costs the host that many results at most. (Calls already in the read that
// ws is parsing when the pause comes wait here; one read holds 64 KiB, or
// one message up to the size limit.)
import type { WebSocket } from 'ws';
import type { WireToHost, WireToUi } from '../../shared/ipc.js';
import type { Host } from '../host/host.js';
import { messageOf } from '../../shared/format.js';

const MAX_CALLS_PENDING = 32;

export type SendToTab = (message: WireToUi, written?: () => void) => void;

export class TabCalls {
  private running = 0;
  private readonly waiting: WireToHost[] = [];

  constructor(
    private readonly socket: WebSocket,
    private readonly host: Host,
    private readonly send: SendToTab,
  ) {}

  take(call: WireToHost): void {
    this.waiting.push(call);
    if (this.pending() >= MAX_CALLS_PENDING) this.socket.pause();
    this.runWaiting();
  }

  private pending(): number {
    return this.running + this.waiting.length;
  }

  private runWaiting(): void {
    while (this.running < MAX_CALLS_PENDING && this.waiting.length > 0) this.run(this.waiting.shift()!);
  }

  private run({ id, command, args }: WireToHost): void {
    this.running++;
    this.host
      .call(command, args)
      .then(
        (value): WireToUi => ({ kind: 'result', id, ok: true, value: value ?? null }),
        (error: unknown): WireToUi => ({ kind: 'result', id, ok: false, error: messageOf(error) }),
      )
      .then((result) => this.send(result, () => this.written()))
      // A result that cannot be sent (not serializable) would leave the tab waiting for ever.
      .catch(() => this.socket.close(1011, 'result not sendable'));
  }

  /** A result has left for the tab (or the connection is gone). */
  private written(): void {
    this.running--;
    this.runWaiting();
    if (this.pending() < MAX_CALLS_PENDING && this.socket.isPaused) this.socket.resume();
  }
}
