// Host events on their way to one tab. A tab that reads slowly gets progress
// coalesced per file (and the latest payload of every other event) instead
// of an ever-growing buffer, still in slices of PROGRESS_SLICE files: the
// tab takes each as a task of its own.
import type { WebSocket } from 'ws';
import { PROGRESS_SLICE, type EventName, type Events, type WireToUi } from '../../shared/ipc.js';
import type { FileProgress } from '../../shared/transfer.js';

/** Past this many unsent bytes, events wait and coalesce. */
const HIGH_WATER_BYTES = 1024 * 1024;
const RETRY_MS = 50;

export class CoalescingEvents {
  /** Latest snapshot per file, and latest payload of other events, not yet sent. */
  private readonly files = new Map<string, FileProgress>();
  private readonly latest = new Map<Exclude<EventName, 'files.progress'>, unknown>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly socket: WebSocket,
    private readonly send: (message: WireToUi) => void,
  ) {}

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
    if (this.timer || this.waitForRoom()) return;
    for (const [event, payload] of this.latest) this.send({ kind: 'event', event, payload });
    this.latest.clear();
    while (this.files.size > 0) {
      const slice: FileProgress[] = [];
      for (const [id, file] of this.files) {
        if (slice.length === PROGRESS_SLICE) break;
        slice.push(file);
        this.files.delete(id);
      }
      this.send({ kind: 'event', event: 'files.progress', payload: slice });
      if (this.waitForRoom()) return;
    }
  }

  /** True if the tab has not read enough of what it was sent: the rest waits, and is tried again. */
  private waitForRoom(): boolean {
    if (this.socket.bufferedAmount <= HIGH_WATER_BYTES) return false;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, RETRY_MS);
    return true;
  }
}
