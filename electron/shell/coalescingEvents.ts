// Host events on their way to one tab. A tab that reads slowly gets what
// waits coalesced instead of an ever-growing buffer: the latest snapshot of
// each file, the latest payload of each other event (each batch the history
// added is its own), in the order they first waited, so that a later event
// ("the receiver stopped") does not overtake the files before it. Files go
// in slices of PROGRESS_SLICE: the tab takes each as a task of its own.
// What waits is bounded: a tab further behind than everything the host
// keeps is cut off, and reloads the host's lists as it reconnects.
import type { WebSocket } from 'ws';
import { PROGRESS_SLICE, type EventName, type Events, type WireToUi } from '../../shared/ipc.js';
import type { HistoryBatch } from '../../shared/history.js';
import { MAX_ENDED_FILES, MAX_KEPT_FILES, type FileProgress } from '../../shared/transfer.js';

/** Past this many unsent bytes, events wait and coalesce. */
const HIGH_WATER_BYTES = 1024 * 1024;
const RETRY_MS = 50;
/**
 * Waiting files and events at most: each file the host keeps (those sent,
 * those received), and room for other events. Each received file is a new
 * one from the network, so without a bound a tab that stopped reading would
 * cost memory for every file a peer sends.
 */
export const MAX_WAITING = MAX_KEPT_FILES + MAX_ENDED_FILES + 1_000;

type Waiting = { file: FileProgress } | { event: Exclude<EventName, 'files.progress'>; payload: unknown };

/** What a newer payload replaces while it waits. */
function keyOf(event: Exclude<EventName, 'files.progress'>, payload: unknown): string {
  return event === 'history.added' ? `${event} ${(payload as HistoryBatch).id}` : event;
}

export class CoalescingEvents {
  /** Not yet sent, in the order first pushed (a Map keeps it, and keeps a key's place when it is set again). */
  private readonly waiting = new Map<string, Waiting>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly socket: WebSocket,
    private readonly send: (message: WireToUi) => void,
  ) {}

  push<E extends EventName>(event: E, payload: Events[E]): void {
    if (event === 'files.progress') for (const file of payload as FileProgress[]) this.waiting.set(`file ${file.id}`, { file });
    else this.waiting.set(keyOf(event as Exclude<EventName, 'files.progress'>, payload), { event: event as Exclude<EventName, 'files.progress'>, payload });
    if (this.waiting.size > MAX_WAITING) return this.cutOff();
    this.flush();
  }

  /** Too far behind: what waits is let go, and the tab reconnects to reload the lists. */
  private cutOff(): void {
    this.stop();
    this.waiting.clear();
    this.socket.terminate();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private flush(): void {
    if (this.timer) return;
    let slice: FileProgress[] = [];
    const sendSlice = () => {
      if (slice.length > 0) this.send({ kind: 'event', event: 'files.progress', payload: slice });
      slice = [];
    };
    for (const [key, item] of this.waiting) {
      if (slice.length === 0 && this.waitForRoom()) return;
      this.waiting.delete(key);
      if ('file' in item) {
        slice.push(item.file);
        if (slice.length === PROGRESS_SLICE) sendSlice();
      } else {
        sendSlice();
        this.send({ kind: 'event', event: item.event, payload: item.payload });
      }
    }
    sendSlice();
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
