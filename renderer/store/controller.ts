// Binds a host connection to the store: events flow in, commands flow out,
// and a failed command becomes a notice instead of an exception.
import { safeText } from '../../shared/safeText.js';
import type { DirListing, SendRequest } from '../../shared/ipc.js';
import type { PartialListing } from '../../shared/transfer.js';
import type { HostConnection } from '../api/connection.js';
import type { AppStore } from './appStore.js';
import { messageOf } from '../../shared/format.js';

export interface AppCommands {
  /** 'missing': the folder does not exist (offer to make it). */
  startReceiving(dir: string, bind: string): Promise<'started' | 'missing' | 'failed'>;
  /** Makes a folder on the host; true when it exists now. */
  makeDir(dir: string): Promise<boolean>;
  stopReceiving(): Promise<void>;
  /** Remembers a folder chosen with a picker. */
  saveReceiveDir(dir: string): Promise<void>;
  /** Electron: whether closing the window leaves the app receiving, in the tray. */
  keepInTray(keep: boolean): Promise<void>;
  /** True when the files were queued. */
  send(request: SendRequest): Promise<boolean>;
  cancel(fileId: string): Promise<void>;
  retry(fileId: string): Promise<void>;
  /** Cancels what is left of a batch being sent. */
  cancelBatch(batch: string): Promise<void>;
  /** Receiving: cancels a file, or what is left of a batch; their senders are told. */
  cancelReceiving(fileId: string): Promise<void>;
  cancelReceivingBatch(batch: string): Promise<void>;
  /** What the receive folder keeps for resuming (none when it cannot be read). */
  listPartials(): Promise<PartialListing[]>;
  discardPartial(id: string): Promise<void>;
  /** Sends a batch's failed and cancelled files again. */
  retryBatch(batch: string): Promise<void>;
  openPath(path: string): Promise<void>;
  revealPath(path: string): Promise<void>;
  /** The system pickers (Electron); null when cancelled. */
  pickFolder(startDir?: string): Promise<string | null>;
  pickFiles(): Promise<string[] | null>;
  /** The host's folders, for the browser shell's own pickers; throws. */
  listDir(dir?: string): Promise<DirListing>;
}

export function bindHost(connection: HostConnection, store: AppStore): { commands: AppCommands; dispose(): void } {
  const { api } = connection;
  const app = store.getState();
  let firstLoad = true;

  /** Runs a command; on failure shows why and resolves with `fallback`. */
  const attempt = async <T>(what: string, run: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      app.notify({ kind: 'error', text: `${what}: ${messageOf(error)}` });
      return fallback;
    }
  };

  // Everything the host knows, on every (re)connect, so a tab opened late or
  // a host restarted shows the whole session.
  const loadState = async () => {
    const [info, settings, receiver, files] = await Promise.all([
      api['host.info'](),
      api['settings.get'](),
      api['receiver.status'](),
      api['files.list'](),
    ]);
    app.setHostInfo(info);
    app.setSettings(settings);
    app.setReceiver(receiver);
    if (firstLoad && receiver.listening) app.setMode('receive');
    firstLoad = false;
    // Up to a quarter of a million files, a page at a time, each taken as a
    // task of its own (one list of 100,000 took a second). Events heard
    // meanwhile are newer and stay: the store keeps each file's newest
    // snapshot.
    for (let page = files; ; page = await api['files.list'](page.next)) {
      app.progress(page.files);
      if (!page.next) break;
    }
  };
  const load = async () => {
    try {
      await loadState();
    } catch (error) {
      // Cut off by a lost connection: the state says so, and the reconnect loads again.
      if (connection.state() === 'open') app.notify({ kind: 'error', text: `Cannot load the state of the host: ${messageOf(error)}` });
    }
  };

  const refreshSettings = async () => app.setSettings(await api['settings.get']());

  const unsubscribes = [
    api.on('files.progress', (batch) => app.progress(batch)),
    api.on('receiver.status', (status) => app.setReceiver(status)),
    // Files the app was started with (Electron): ready to send.
    api.on('files.staged', (paths) => {
      app.setMode('send');
      app.stage(paths);
    }),
    connection.onState((state) => {
      app.setConnection(state);
      if (state === 'open') void load();
    }),
  ];
  app.setConnection(connection.state());
  if (connection.state() === 'open') void load();

  const commands: AppCommands = {
    startReceiving: async (dir, bind) => {
      try {
        app.setReceiver(await api['receiver.start']({ dir, bind }));
        await refreshSettings().catch(() => undefined);
        return 'started';
      } catch (error) {
        // A folder that is not there is offered to be made, not reported.
        const exists = await api['fs.list'](dir).then(
          () => true,
          () => false,
        );
        if (!exists) return 'missing';
        // A receiver that could not bind says why in its status, shown with
        // the port: once is enough. Other failures are news.
        const status = await api['receiver.status']().catch(() => null);
        if (status) app.setReceiver(status);
        if (!status?.error) app.notify({ kind: 'error', text: `Cannot start receiving: ${messageOf(error)}` });
        return 'failed';
      }
    },
    makeDir: (dir) =>
      attempt(
        'Cannot make the folder',
        async () => {
          await api['fs.makeDir'](dir);
          return true;
        },
        false,
      ),
    saveReceiveDir: (dir) => attempt('Cannot remember the receive folder', async () => app.setSettings(await api['settings.setReceiveDir'](dir)), undefined),
    keepInTray: (keep) => attempt('Cannot change the setting', async () => app.setSettings(await api['settings.setKeepInTray'](keep)), undefined),
    stopReceiving: () => attempt('Cannot stop receiving', async () => app.setReceiver(await api['receiver.stop']()), undefined),
    send: (request) =>
      attempt('Cannot send', async () => {
        const { skipped } = await api['sender.send'](request);
        if (skipped.length > 0) {
          const first = skipped[0]!;
          const more = skipped.length > 1 ? ` (and ${skipped.length - 1} more)` : '';
          app.notify({ kind: 'error', text: `Not sent: ${safeText(first.path)}: ${first.reason}${more}` });
        }
        await refreshSettings();
        return true;
      }, false),
    cancel: (fileId) => attempt('Cannot cancel', () => api['sender.cancel'](fileId), undefined),
    retry: (fileId) => attempt('Cannot retry', () => api['sender.retry'](fileId), undefined),
    cancelBatch: (batch) => attempt('Cannot cancel', () => api['sender.cancelBatch'](batch), undefined),
    cancelReceiving: (fileId) => attempt('Cannot cancel', () => api['receiver.cancel'](fileId), undefined),
    cancelReceivingBatch: (batch) => attempt('Cannot cancel', () => api['receiver.cancelBatch'](batch), undefined),
    listPartials: () => attempt('Cannot list the files kept for resuming', () => api['receiver.partials'](), []),
    discardPartial: (id) => attempt('Cannot discard', () => api['receiver.discardPartial'](id), undefined),
    retryBatch: (batch) => attempt('Cannot retry', () => api['sender.retryBatch'](batch), undefined),
    openPath: (path) => attempt('Cannot open the folder', () => api['shell.openPath'](path), undefined),
    revealPath: (path) => attempt('Cannot show the file', () => api['shell.revealPath'](path), undefined),
    pickFolder: (startDir) => attempt('Cannot open the folder picker', () => api['fs.pickFolder'](startDir), null),
    pickFiles: () => attempt('Cannot open the file picker', () => api['fs.pickFiles'](), null),
    listDir: (dir) => api['fs.list'](dir),
  };
  return { commands, dispose: () => unsubscribes.forEach((unsubscribe) => unsubscribe()) };
}
