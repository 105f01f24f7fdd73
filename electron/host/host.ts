// The host: every command of the UI contract, implemented once on top of the
// engine's actors, for Electron's main process and the browser shell alike.
// Transports hand it unchecked calls; it checks them, runs them and fans the
// actors' events out to every connected UI.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROGRESS_SLICE, type Events, type HostInfo, type Settings } from '../../shared/ipc.js';
import { hasEnded, type FileProgress, type ReceiverStatus } from '../../shared/transfer.js';
import { definedOnly } from '../../shared/definedOnly.js';
import { DEFAULT_PORT } from '../../shared/protocol.js';
import type { ReceiverActorApi, ReceiverSecurityOptions, SenderActorApi } from '../engine/actors/api.js';
import { Serial } from '../engine/util/serial.js';
import { ConsentBook } from './consentBook.js';
import { EventHub } from './eventHub.js';
import { FileBook } from './fileBook.js';
import type { HistoryLog } from './history/historyLog.js';
import { HistoryRecorder } from './history/historyRecorder.js';
import type { CommandHandlers } from './handlers.js';
import type { HostTrust } from './hostTrust.js';
import { discardPartials, listPartials } from '../engine/receiver/partialListing.js';
import { listDir } from './listDir.js';
import type { SettingsStore } from './settings.js';
import { trustCommands } from './trustCommands.js';
import { checkCall } from './validate.js';

/** What differs between Electron and the browser shell. */
export interface HostPlatform {
  shell: HostInfo['shell'];
  /** The system's folder picker, or null where there is none. */
  pickFolder(startDir?: string): Promise<string | null>;
  pickFiles(): Promise<string[] | null>;
  openPath(path: string): Promise<void>;
  revealPath(path: string): Promise<void>;
}

export interface HostParts {
  receiver: ReceiverActorApi;
  sender: SenderActorApi;
  settings: SettingsStore;
  /** Past batches, shared with the CLI (same config folder). */
  history: HistoryLog;
  /** This device's identity and trust file, in the config folder the CLI uses too. */
  trust: HostTrust;
  platform: HostPlatform;
}

export const DEFAULT_BIND = `tcp://*:${DEFAULT_PORT}`;

export class Host {
  readonly events = new EventHub<Events>();
  private readonly handlers: CommandHandlers;
  private readonly files = new FileBook();
  private readonly unsubscribes: Array<() => void>;
  private readonly receiverOrder = new Serial();
  private readonly recorder: HistoryRecorder;
  private readonly consent = new ConsentBook((pending) => this.events.emit('consent.pending', pending));

  constructor(private readonly parts: HostParts) {
    const { receiver, sender } = parts;
    this.recorder = new HistoryRecorder(parts.history, {
      recorded: (batch) => this.events.emit('history.added', batch),
      failed: (error) => console.error(`zerodrop: history: ${error.message}`),
    });
    const onProgress = (batch: Events['files.progress']) => {
      this.files.update(batch);
      this.recorder.update(batch);
      for (let start = 0; start < batch.length; start += PROGRESS_SLICE) this.events.emit('files.progress', batch.slice(start, start + PROGRESS_SLICE));
    };
    this.unsubscribes = [
      receiver.onProgress(onProgress),
      sender.onProgress(onProgress),
      receiver.onStatus((status) => {
        if (!status.listening) this.consent.clear();
        this.events.emit('receiver.status', status);
      }),
      receiver.onAsk((offer) => this.consent.asked(offer)),
      receiver.onAskEnded((batch) => this.consent.ended(batch)),
    ];
    this.handlers = this.createHandlers();
  }

  /** Runs a call from a transport; rejects (never throws) with a message for a person. */
  async call(command: unknown, args: unknown): Promise<unknown> {
    const checked = checkCall(command, args);
    // The union of checked calls cannot be narrowed per command by the
    // compiler; checkCall has paired each command with its arguments.
    const handler = this.handlers[checked.command] as (...a: unknown[]) => Promise<unknown>;
    return handler(...checked.args);
  }

  /** Stops receiving, cancels sending, ends both workers, records their last batches, writes settings. */
  async close(): Promise<void> {
    // Heard until the workers end: their last progress (files cut short) goes into the history.
    await Promise.allSettled([this.parts.receiver.close(), this.parts.sender.close()]);
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    await this.recorder.close();
    await this.parts.settings.flushed().catch(() => undefined);
  }

  private createHandlers(): CommandHandlers {
    const { receiver, sender, settings, platform, trust } = this.parts;
    return {
      'host.info': async () => ({ shell: platform.shell, platform: process.platform, homeDir: os.homedir() }),
      'settings.get': async () => settings.get(),
      'settings.setReceiveDir': async (dir) => {
        await assertFolder(dir);
        await settings.setReceiveDir(dir);
        return settings.get();
      },
      'settings.setKeepInTray': async (keep) => {
        await settings.setKeepInTray(keep);
        return settings.get();
      },
      'settings.setAccept': (accept) => this.changeReceiving(() => settings.setAccept(accept)),
      'settings.setAcceptPlain': (acceptPlain) => this.changeReceiving(() => settings.setAcceptPlain(acceptPlain)),
      'settings.setAskSeconds': (seconds) => this.changeReceiving(() => settings.setAskSeconds(seconds)),
      'receiver.start': ({ dir, bind }) =>
        this.toReceiver(
          async () => {
            await assertFolder(dir);
            // The choice is remembered even if binding fails: the folder is still right.
            await settings.setReceiveDir(dir);
          },
          // Starting replaces a running receiver, in the actor, in one step.
          () => receiver.start({ dir, bind: [bind ?? DEFAULT_BIND], security: this.security() }),
        ),
      'receiver.stop': () => this.toReceiver(async () => undefined, () => receiver.stop()),
      'receiver.status': async () => receiver.status(),
      'sender.send': async ({ endpoint, paths, chunkBytes, window, checksum, plain }) => {
        await settings.addRecentPeer(endpoint);
        // Encrypted unless the person chose plain for this send.
        return sender.send(endpoint, paths, definedOnly({ chunkBytes, window, checksum }), plain ? { plain: true } : { plain: false, configDir: trust.configDir });
      },
      'sender.cancel': async (fileId) => sender.cancel(this.sentFile(fileId)),
      'sender.retry': async (fileId) => sender.retry(this.sentFile(fileId)),
      'sender.cancelBatch': async (batch) => {
        for (const file of this.sentBatch(batch)) if (!hasEnded(file.status)) sender.cancel(file.id);
      },
      'sender.retryBatch': async (batch) => {
        // Only what failed, as the card's "Retry N failed" counts: a file the person cancelled was meant to stop.
        for (const file of this.sentBatch(batch)) if (file.status === 'failed') sender.retry(file.id);
      },
      'receiver.cancel': async (fileId) => {
        if (this.files.get(fileId)?.direction !== 'receive') throw new Error(`No file being received has the id ${fileId}.`);
        await receiver.cancel(fileId);
      },
      'receiver.partials': async () => {
        // The running receiver knows its folder's; a stopped one's folder is read as it is.
        if (receiver.status().listening) return receiver.partials();
        const dir = settings.get().receiveDir;
        return dir ? listPartials(dir) : [];
      },
      'receiver.discardPartial': async (id) => {
        if (receiver.status().listening) {
          if (!(await receiver.discardPartial(id))) throw new Error('That partial file is being received now, or is gone.');
          return;
        }
        const dir = settings.get().receiveDir;
        const removed = dir ? await discardPartials(dir, (p) => p.id === id) : 0;
        if (removed === 0) throw new Error('That partial file is gone.');
      },
      'receiver.cancelBatch': async (batch) => {
        const files = this.files.ofBatch('receive', batch);
        if (files.length === 0) throw new Error(`No batch being received has the id ${batch}.`);
        await Promise.all(files.filter((file) => !hasEnded(file.status)).map((file) => receiver.cancel(file.id)));
      },
      'files.list': async (from) => this.files.page(from),
      'history.list': () => this.parts.history.list(),
      ...trustCommands(trust, this.consent, receiver),
      'fs.pickFolder': (startDir) => platform.pickFolder(startDir),
      'fs.pickFiles': () => platform.pickFiles(),
      'fs.list': (dir) => listDir(dir ?? os.homedir()),
      'fs.makeDir': async (dir) => {
        await fs.mkdir(dir, { recursive: true });
        return dir;
      },
      'shell.openPath': async (target) => {
        if (!this.mayOpen(target)) throw new Error('Only the receive folder or the folder of a transferred file can be opened.');
        await platform.openPath(target);
      },
      'shell.revealPath': async (target) => {
        if (!this.files.knowsPath(target)) throw new Error('Only a file that was sent or received can be shown.');
        await platform.revealPath(target);
      },
    };
  }

  /**
   * Sends a start or stop to the receiver actor in the order the calls came
   * from every window, whatever their checks cost: the actor runs them one
   * at a time and the last one wins, so the order must be the callers'.
   * Only the checks wait for each other here; the actor's work does not.
   */
  private async toReceiver(check: () => Promise<void>, send: () => Promise<ReceiverStatus>): Promise<ReceiverStatus> {
    // Wrapped, so that the queue does not wait for the actor's answer.
    const { sent } = await this.receiverOrder.run(async () => {
      await check();
      return { sent: send() };
    });
    return sent;
  }

  private sentBatch(batch: string): FileProgress[] {
    const files = this.files.ofBatch('send', batch);
    if (files.length === 0) throw new Error(`No batch being sent has the id ${batch}.`);
    return files;
  }

  /** The receiver's security, from this device's settings: always encrypted in the app. */
  private security(): ReceiverSecurityOptions {
    const { accept, acceptPlain, askSeconds } = this.parts.settings.get();
    return { configDir: this.parts.trust.configDir, accept, acceptPlain, askTimeoutMs: askSeconds * 1000 };
  }

  /**
   * Changes a setting of who may send here. A running receiver starts again
   * with it at once (files in transit are interrupted): a person who turns
   * unencrypted senders off must not be left accepting them.
   */
  private async changeReceiving(change: () => Promise<void>): Promise<Settings> {
    await change();
    const { receiver } = this.parts;
    await this.toReceiver(
      async () => undefined,
      async () => {
        const { listening, dir, endpoints } = receiver.status();
        return listening && dir ? receiver.start({ dir, bind: endpoints, security: this.security() }) : receiver.status();
      },
    );
    return this.parts.settings.get();
  }

  private sentFile(fileId: string): string {
    if (this.files.get(fileId)?.direction !== 'send') throw new Error(`No file being sent has the id ${fileId}.`);
    return fileId;
  }

  /**
   * Opening runs the system's default application, so it is limited to the
   * folders the user chose or received into, never a file a peer sent.
   */
  private mayOpen(target: string): boolean {
    const folders = [this.parts.settings.get().receiveDir, this.parts.receiver.status().dir];
    if (folders.includes(target)) return true;
    // A sent file's folders are the person's own: the folder a batch was chosen from opens too.
    // Of a received file only the folder it was received into: the folders below are named by
    // its peer, and opening one named "….app" on macOS would run it.
    return this.files.some((file) => (file.direction === 'send' ? file.path !== undefined && isInside(file.path, target) : receivedInto(file) === target));
  }
}

/** The folder a received file was stored into: its path less the name it was stored as. */
function receivedInto(file: FileProgress): string | undefined {
  if (!file.path || !file.storedAs) return undefined;
  return path.resolve(file.path, ...file.storedAs.split('/').map(() => '..'));
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

async function assertFolder(dir: string): Promise<void> {
  const stat = await fs.stat(dir).catch(() => null);
  if (!stat?.isDirectory()) throw new Error(`The receive folder ${dir} does not exist or is not a folder.`);
}
