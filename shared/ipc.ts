// The one contract between the UI and its host, carried by Electron IPC and
// by the browser shell's WebSocket alike. A change here is a compile error in
// the preload, the main process, the browser shell and the renderer.
import type { ChecksumAlgo } from './protocol.js';
import type { FileProgress, ReceiverStatus } from './transfer.js';

export interface StartReceivingRequest {
  dir: string;
  /** ZeroMQ endpoint to bind; default tcp://*:5670. */
  bind?: string;
}

export interface SendRequest {
  endpoint: string;
  /** Absolute paths of files and folders on the host. */
  paths: string[];
  chunkBytes?: number;
  window?: number;
  checksum?: ChecksumAlgo;
}

export interface SendResult {
  fileIds: string[];
  /** Files that cannot be sent (a name the protocol refuses, a link to a folder), with why. */
  skipped: Array<{ path: string; reason: string }>;
}

export interface Settings {
  receiveDir: string | null;
  recentPeers: string[];
}

export interface DirEntry {
  name: string;
  path: string;
  kind: 'dir' | 'file';
  size?: number;
}

export interface DirListing {
  path: string;
  parent: string | null;
  entries: DirEntry[];
}

export interface HostInfo {
  /** 'electron' or 'browser': the browser shell cannot read dropped files' paths. */
  shell: 'electron' | 'browser';
  platform: string;
  homeDir: string;
}

/** Commands the UI may invoke; each returns a promise of its result. */
export interface Commands {
  'host.info': () => HostInfo;
  'settings.get': () => Settings;
  /** Remembers the receive folder a person chose, before receiving starts. */
  'settings.setReceiveDir': (dir: string) => Settings;
  'receiver.start': (req: StartReceivingRequest) => ReceiverStatus;
  'receiver.stop': () => ReceiverStatus;
  'receiver.status': () => ReceiverStatus;
  'sender.send': (req: SendRequest) => SendResult;
  'sender.cancel': (fileId: string) => void;
  'sender.retry': (fileId: string) => void;
  /** All files the host knows of, for a UI that (re)connects. */
  'files.list': () => FileProgress[];
  /** Electron: the system folder picker; browser shell: null (use fs.list). */
  'fs.pickFolder': (startDir?: string) => string | null;
  /** Electron: the system file picker; browser shell: null (use fs.list). */
  'fs.pickFiles': () => string[] | null;
  /** A folder on the host, for the browser shell's own pickers. */
  'fs.list': (dir?: string) => DirListing;
  'shell.openPath': (path: string) => void;
  'shell.revealPath': (path: string) => void;
}

export type CommandName = keyof Commands;
export type CommandArgs<K extends CommandName> = Parameters<Commands[K]>;
export type CommandResult<K extends CommandName> = ReturnType<Commands[K]>;

/** Events the host pushes to the UI. */
export interface Events {
  /** Coalesced: at most every 100 ms, only files that changed. */
  'files.progress': FileProgress[];
  'receiver.status': ReceiverStatus;
}

export type EventName = keyof Events;

/** Every command name, for transports that must check names at run time. */
export const COMMAND_NAMES = {
  'host.info': true,
  'settings.get': true,
  'settings.setReceiveDir': true,
  'receiver.start': true,
  'receiver.stop': true,
  'receiver.status': true,
  'sender.send': true,
  'sender.cancel': true,
  'sender.retry': true,
  'files.list': true,
  'fs.pickFolder': true,
  'fs.pickFiles': true,
  'fs.list': true,
  'shell.openPath': true,
  'shell.revealPath': true,
} as const satisfies Record<CommandName, true>;

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
