// The one contract between the UI and its host, carried by Electron IPC and
// by the browser shell's WebSocket alike. Its commands and events are
// declared in shared/contract/; this is what the transports and the UI see.
// A change there is a compile error in the preload, the main process, the
// browser shell and the renderer.
import type { CommandArgs, CommandName, CommandResult } from './contract/commands.js';
import type { EventName, Events } from './contract/events.js';

export { COMMAND_NAMES, type CommandArgs, type CommandName, type CommandResult } from './contract/commands.js';
export type { SendRequest } from './contract/arguments.js';
export { PROGRESS_SLICE, type EventName, type Events } from './contract/events.js';
export type { DeviceInfo, DirEntry, DirListing, FilesCursor, FilesPage, HostInfo, PinnedReceiver, SendResult, Settings, TrustedDevice, TrustList } from './contract/results.js';

/** The API object the renderer sees: one method per command, and `on`. */
export type ZeroDropApi = {
  [K in CommandName]: (...args: CommandArgs<K>) => Promise<CommandResult<K>>;
} & {
  /** Subscribes; returns its own unsubscribe. */
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
};

/** Messages of the browser shell's WebSocket transport. */
export type WireToHost = { kind: 'call'; id: number; command: CommandName; args: unknown[] };
export type WireToUi =
  | { kind: 'result'; id: number; ok: true; value: unknown }
  | { kind: 'result'; id: number; ok: false; error: string }
  | { kind: 'event'; event: EventName; payload: unknown };
