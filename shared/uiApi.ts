// The UI's side of either transport: the renderer's ZeroDropApi object, one
// method per command of the table, each a call over the transport, and `on`
// for the host's events. The Electron preload and the browser connection
// both build it here.
import { COMMAND_NAMES, type CommandName } from './contract/commands.js';
import type { EventName, Events } from './contract/events.js';
import type { ZeroDropApi } from './ipc.js';

/** Sends a call to the host; settles with its result or its error. */
export type TransportCall = (command: CommandName, args: unknown[]) => Promise<unknown>;

/** The UI's listeners of the host's events. */
export class EventListeners {
  private readonly byEvent = new Map<EventName, Set<(payload: never) => void>>();

  /** Subscribes; returns its own unsubscribe. A bound function: the API object hands it out alone. */
  readonly on = <E extends EventName>(event: E, listener: (payload: Events[E]) => void): (() => void) => {
    let set = this.byEvent.get(event);
    if (!set) this.byEvent.set(event, (set = new Set()));
    set.add(listener);
    return () => void set.delete(listener);
  };

  /** Hands an event that arrived from the host to its listeners. */
  emit(event: EventName, payload: unknown): void {
    for (const listener of this.byEvent.get(event) ?? []) listener(payload as never);
  }
}

export function apiOver(call: TransportCall, events: EventListeners): ZeroDropApi {
  const api: Record<string, unknown> = { on: events.on };
  for (const command of COMMAND_NAMES) api[command] = (...args: unknown[]) => call(command, args);
  // COMMAND_NAMES is the command table's own keys, so every method is here.
  return api as ZeroDropApi;
}
