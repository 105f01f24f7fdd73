// Makes new names in a folder durable. Names that land while a folder sync
// is running share the next one (a group commit), so many small files cost
// a few folder syncs, not one each.
import fsSync from 'node:fs';
import { promisify } from 'node:util';
import type { QuickCalls } from '../util/quickCalls.js';
import type { Folder } from './folderTree.js';

const openFd = promisify(fsSync.open);
const closeFd = promisify(fsSync.close);
const fsyncFd = promisify(fsSync.fsync);

interface SyncState {
  running: Promise<void>;
  next: Promise<void> | null;
}

export class FolderSyncs {
  private readonly states = new Map<Folder, SyncState>();

  constructor(private readonly calls: QuickCalls) {}

  /** Resolves once a sync of `folder` that started after this call has ended; the caller holds the folder until then. */
  request(folder: Folder): Promise<void> {
    let state = this.states.get(folder);
    if (!state) this.states.set(folder, (state = { running: Promise.resolve(), next: null }));
    const s = state;
    s.next ??= s.running.then(() => {
      s.next = null;
      s.running = this.syncNow(folder).finally(() => {
        if (!s.next && this.states.get(folder) === s) this.states.delete(folder);
      });
      return s.running;
    });
    return s.next;
  }

  /** Not every system can open or sync a folder: errors are ignored. */
  private async syncNow(folder: Folder): Promise<void> {
    if (folder.fd !== null) return fsyncFd(folder.fd).catch(() => undefined);
    const fd = await this.calls.call(fsSync.openSync, openFd, folder.abs, 'r').catch(() => null);
    if (fd === null) return;
    await fsyncFd(fd).catch(() => undefined);
    await this.calls.call(fsSync.closeSync, closeFd, fd).catch(() => undefined);
  }
}
