// Every command of the UI contract, declared once: its name, the argument it
// takes and what it returns. The TypeScript types, the method lists of the
// preload and of the browser connection, and the host's argument checks all
// derive from this table, so adding a command is one entry here (and its
// handler in electron/host/host.ts, which the compiler then demands).
import type { HistoryBatch } from '../history.js';
import type { PartialListing, ReceiverStatus } from '../transfer.js';
import type { BatchOffer } from '../trust.js';
import type { ArgumentOf } from './arguments.js';
import { mayTake, returns, takes, type Argument, type CommandSpec, type Returns } from './declare.js';
import type { DeviceInfo, DirListing, FilesPage, HostInfo, SendResult, Settings, TrustList } from './results.js';

export const COMMANDS = {
  'host.info': { takes: null, returns: returns<HostInfo>() },
  'settings.get': { takes: null, returns: returns<Settings>() },
  /** Remembers the receive folder a person chose, before receiving starts. */
  'settings.setReceiveDir': { takes: takes('dir', 'hostPath'), returns: returns<Settings>() },
  /** Electron: whether closing the window leaves the app receiving, in the tray. */
  'settings.setKeepInTray': { takes: takes('keep', 'flag'), returns: returns<Settings>() },
  /** Who may send here; a running receiver starts again with it (at once: it is about safety). */
  'settings.setAccept': { takes: takes('accept', 'acceptPolicy'), returns: returns<Settings>() },
  /** "Accept unencrypted senders"; a running receiver starts again with it. */
  'settings.setAcceptPlain': { takes: takes('acceptPlain', 'flag'), returns: returns<Settings>() },
  /** How long a question about a batch waits; a running receiver starts again with it. */
  'settings.setAskSeconds': { takes: takes('seconds', 'askSeconds'), returns: returns<Settings>() },
  'receiver.start': { takes: takes('request', 'startRequest'), returns: returns<ReceiverStatus>() },
  'receiver.stop': { takes: null, returns: returns<ReceiverStatus>() },
  'receiver.status': { takes: null, returns: returns<ReceiverStatus>() },
  'sender.send': { takes: takes('request', 'sendRequest'), returns: returns<SendResult>() },
  'sender.cancel': { takes: takes('fileId', 'fileId'), returns: returns<void>() },
  'sender.retry': { takes: takes('fileId', 'fileId'), returns: returns<void>() },
  /** Cancels every file of a batch (FileProgress.batch) still queued or in transit. */
  'sender.cancelBatch': { takes: takes('batch', 'batchId'), returns: returns<void>() },
  /** Sends the failed files of a batch again; the others (done, cancelled by the person) are left as they are. */
  'sender.retryBatch': { takes: takes('batch', 'batchId'), returns: returns<void>() },
  /** Cancels a file being received: its partial data is removed and its sender is told. */
  'receiver.cancel': { takes: takes('fileId', 'fileId'), returns: returns<void>() },
  /** What the receive folder keeps of interrupted encrypted transfers, for their devices to resume; newest first. */
  'receiver.partials': { takes: null, returns: returns<PartialListing[]>() },
  /** Discards one of them (the running receiver does it; one being received now is not). */
  'receiver.discardPartial': { takes: takes('id', 'partialId'), returns: returns<void>() },
  /** Cancels every file of a batch (FileProgress.batch) still being received. */
  'receiver.cancelBatch': { takes: takes('batch', 'batchId'), returns: returns<void>() },
  /**
   * The files the host knows of, for a UI that (re)connects: a page at a
   * time (`from`: the last page's `next`), each taken as a task of its own.
   */
  'files.list': { takes: mayTake('from', 'filesCursor'), returns: returns<FilesPage>() },
  /** Past batches, both directions, the CLI's too, newest first; kept across restarts. */
  'history.list': { takes: null, returns: returns<HistoryBatch[]>() },
  /** This device: name, fingerprint, key, and the receiver's key-carrying addresses. */
  'trust.identity': { takes: null, returns: returns<DeviceInfo>() },
  /** Known and blocked devices, and the receiver keys pinned per address. */
  'trust.list': { takes: null, returns: returns<TrustList>() },
  /** Marks a device known or blocked (adding it if new). */
  'trust.setDevice': { takes: takes('device', 'deviceStatus'), returns: returns<TrustList>() },
  'trust.rename': { takes: takes('device', 'deviceRename'), returns: returns<TrustList>() },
  /** Forgets a device: it is neither known nor blocked any more. */
  'trust.remove': { takes: takes('key', 'deviceKey'), returns: returns<TrustList>() },
  /** Lets the next send to this address learn the receiver's key afresh. */
  'trust.forgetPin': { takes: takes('address', 'pinAddress'), returns: returns<TrustList>() },
  /** Batches the receiving person is being asked about, oldest first. */
  'consent.list': { takes: null, returns: returns<BatchOffer[]>() },
  /** The person's answer about a batch; the question is then withdrawn everywhere. */
  'consent.answer': { takes: takes('answer', 'consentAnswer'), returns: returns<void>() },
  /** Electron: the system folder picker; browser shell: null (use fs.list). */
  'fs.pickFolder': { takes: mayTake('startDir', 'hostPath'), returns: returns<string | null>() },
  /** Electron: the system file picker; browser shell: null (use fs.list). */
  'fs.pickFiles': { takes: null, returns: returns<string[] | null>() },
  /** A folder on the host (default: the home folder), for the browser shell's own pickers. */
  'fs.list': { takes: mayTake('dir', 'hostPath'), returns: returns<DirListing>() },
  /** Makes a folder on the host (and the folders above it), for a receive folder that does not exist yet; returns its path. */
  'fs.makeDir': { takes: takes('dir', 'hostPath'), returns: returns<string>() },
  'shell.openPath': { takes: takes('path', 'hostPath'), returns: returns<void>() },
  'shell.revealPath': { takes: takes('path', 'hostPath'), returns: returns<void>() },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

/** The arguments of a call, as a UI passes them and as the host's handler receives them once checked. */
export type CommandArgs<K extends CommandName> = ArgumentList<(typeof COMMANDS)[K]['takes']>;
export type CommandResult<K extends CommandName> = (typeof COMMANDS)[K]['returns'] extends Returns<infer R> ? R : never;

type ArgumentList<A> =
  A extends Argument<infer K, infer Optional> ? (Optional extends true ? [ArgumentOf<K>?] : [ArgumentOf<K>]) : [];

/** Every command name, for transports that build one method per command. */
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];
