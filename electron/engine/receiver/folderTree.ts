// The folders below the receive folder, reached so that no link is ever
// followed, whatever another local user swaps in, at any moment
// (PROTOCOL.md §4, SECURITY.md).
//
// Linux: each folder is opened from its parent's open handle, one component
// at a time, as /proc/self/fd/N/<component> with O_NOFOLLOW|O_DIRECTORY,
// and every call on an entry (create, link, rename, unlink, rmdir) names it
// as /proc/self/fd/N/<name>. The only link on such a path is the kernel's
// own link to the open folder, so a component swapped for a link at any
// moment is refused, never followed, and a folder moved away stays the
// folder it was. Handles are kept while in use and a short while after
// (bounded), so that a small file costs no walk.
//
// Elsewhere (macOS, Windows: no /proc), or where /proc is not mounted,
// calls go by path after checks (pathChecks.ts), which leaves a race.
import fsSync, { constants, promises as fs } from 'node:fs';
import { promisify } from 'node:util';
import { performance } from 'node:perf_hooks';
import type { QuickCalls } from '../util/quickCalls.js';
import { quoted } from '../protocol/names.js';
import { notAFolder } from './ioError.js';
import { below, checkFolderByPath, unmovedByPath } from './pathChecks.js';

const openFd = promisify(fsSync.open);
const closeFd = promisify(fsSync.close);
const fstatFd = promisify(fsSync.fstat);
const DIR_FLAGS = constants.O_RDONLY | (constants.O_DIRECTORY ?? 0) | (constants.O_NOFOLLOW ?? 0);
/**
 * Handles of folders no transfer uses are kept this long, this many at most:
 * files sent round-robin into 140 folders reopened every folder each time
 * with 64 (measured), costing more than the checks by path did.
 */
const IDLE_MS = 2_000;
const MAX_IDLE = 256;
/** enter() without making folders found one missing. */
const MISSING = new Error('missing');

export interface Folder {
  /** Path below the root with `/`; '' for the root. */
  readonly rel: string;
  /** Absolute path: for messages, and for the calls where there is no handle. */
  readonly abs: string;
  fd: number | null;
  /** Transfers and walks using it; a folder no one uses is idle, then closed. */
  refs: number;
  /** Settles once the folder is open and checked. */
  ready: Promise<void>;
  idleSince: number;
}

/** A folder a transfer made: removed again if the transfer fails and it is empty. */
export interface MadeFolder {
  rel: string;
  dev: number;
  ino: number;
}

const codeOf = (err: unknown) => (err as NodeJS.ErrnoException).code;

export class FolderTree {
  /** Folders open or being opened, by `rel`. */
  private readonly folders = new Map<string, Folder>();
  /** The unused ones among them, least recently used first. */
  private readonly idle = new Map<string, Folder>();
  /** Folders being removed, by `rel`: a walk reaching one waits for the removal, then walks on. */
  private readonly removals = new Map<string, Promise<unknown>>();
  private idleTimer: NodeJS.Timeout | null = null;

  private constructor(
    readonly root: Folder,
    private readonly calls: QuickCalls,
    /** No handles: calls go by path, after lstat checks. */
    readonly byPath: boolean,
  ) {}

  /** `rootPath` is a real path (no link in it). `byPath` asks for the checks by path even on Linux. */
  static async open(rootPath: string, calls: QuickCalls, byPath = false): Promise<FolderTree> {
    const root: Folder = { rel: '', abs: rootPath, fd: null, refs: 1, ready: Promise.resolve(), idleSince: 0 };
    if (!byPath && process.platform === 'linux') {
      const fd = await openFd(rootPath, DIR_FLAGS);
      // /proc may be missing or hidden (a container, a chroot): used only if it leads back to this very folder.
      const [own, viaProc] = await Promise.all([fstatFd(fd), fs.stat(`/proc/self/fd/${fd}`).catch(() => null)]);
      if (viaProc && viaProc.dev === own.dev && viaProc.ino === own.ino) root.fd = fd;
      else await closeFd(fd);
    }
    return new FolderTree(root, calls, root.fd === null);
  }

  /** The path that names `name` in `folder` for a file call. */
  at(folder: Folder, name: string): string {
    if (folder.fd !== null) return `/proc/self/fd/${folder.fd}/${name}`;
    // A closed handle must never turn into a call by path.
    if (!this.byPath) throw new Error(`the folder ${quoted(folder.rel)} is no longer open`);
    return below(folder.abs, name);
  }

  /**
   * The folder `parts` below the root, open, checked and held (release()
   * it). Missing folders are made and added to `made`; with `made` null,
   * a missing folder gives null instead. A link or a file on the way is
   * refused (`denied`, `exists`); other errors are the system's.
   */
  async enter(parts: readonly string[], made: MadeFolder[] | null): Promise<Folder | null> {
    if (parts.length === 0) return this.root;
    const hit = this.byPath ? undefined : this.folders.get(parts.join('/'));
    if (hit && (await this.reuse(hit))) return hit;
    let parent = this.root;
    let rel = '';
    for (const part of parts) {
      rel = rel ? `${rel}/${part}` : part;
      let child: Folder | null;
      try {
        child = await this.child(parent, part, rel, made);
      } finally {
        this.release(parent);
      }
      if (!child) return null;
      parent = child;
    }
    return parent;
  }

  /** Done with a folder from enter(). */
  release(folder: Folder): void {
    if (folder === this.root || --folder.refs > 0) return;
    if (this.folders.get(folder.rel) !== folder || folder.fd === null) {
      if (this.folders.get(folder.rel) === folder) this.folders.delete(folder.rel);
      this.closeHandle(folder);
      return;
    }
    folder.idleSince = performance.now();
    this.idle.set(folder.rel, folder);
    this.trimIdle();
  }

  /** Forgets the open folders on `parts`' way (one was removed under a walk): the next walk opens them anew. */
  forget(parts: readonly string[]): void {
    for (let i = 1; i <= parts.length; i++) {
      const rel = parts.slice(0, i).join('/');
      const folder = this.folders.get(rel);
      if (!folder) continue;
      this.folders.delete(rel);
      if (this.idle.delete(rel)) this.closeHandle(folder);
    }
  }

  /**
   * Runs `remove` on the folder `rel` unless someone uses it (its idle
   * handle is closed first). A walk that reaches `rel` meanwhile waits for
   * the removal to end: otherwise it could open the folder just before it
   * goes and make its file in a removed folder.
   */
  async removeUnused(rel: string, remove: () => Promise<void>): Promise<void> {
    const open = this.folders.get(rel);
    if (open && open.refs > 0) return;
    if (open) {
      this.folders.delete(rel);
      this.idle.delete(rel);
      this.closeHandle(open);
    }
    const removal = remove();
    const settled = removal.catch(() => undefined);
    this.removals.set(rel, settled);
    try {
      await removal;
    } finally {
      if (this.removals.get(rel) === settled) this.removals.delete(rel);
    }
  }

  /** Removes an empty folder, named as at() names it. */
  rmdir(target: string): Promise<void> {
    return this.calls.call(fsSync.rmdirSync, fs.rmdir, target);
  }

  /** The names in `folder` (a listing may be long: on the pool). */
  list(folder: Folder): Promise<string[]> {
    return fs.readdir(folder.fd !== null ? `/proc/self/fd/${folder.fd}` : folder.abs);
  }

  lstat(file: string): Promise<fsSync.Stats> {
    return this.calls.run(
      () => fsSync.lstatSync(file),
      () => fs.lstat(file),
    );
  }

  /** See unmovedByPath(): always true with handles, which cannot be redirected. */
  unmoved(folder: Folder, name?: string, fd?: number): Promise<boolean> {
    return this.byPath ? unmovedByPath(folder, name, fd) : Promise.resolve(true);
  }

  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    for (const folder of [...this.folders.values(), this.root]) this.closeHandle(folder);
    this.folders.clear();
    this.idle.clear();
  }

  /** Takes a folder found open; false when it turns out gone (walk anew). */
  private async reuse(folder: Folder): Promise<boolean> {
    folder.refs++;
    if (this.idle.delete(folder.rel)) folder.ready = this.stillThere(folder);
    try {
      await folder.ready;
      return true;
    } catch {
      this.release(folder);
      return false;
    }
  }

  /**
   * An idle handle may outlive its folder (removed, or moved away by the
   * user): then it is dropped and the folder walked anew. Where the folder
   * is by name is only a hint here; the walk does the checks.
   */
  private async stillThere(folder: Folder): Promise<void> {
    const fd = folder.fd!;
    const [open, named] = await Promise.all([
      this.calls.run(
        () => fsSync.fstatSync(fd),
        () => fstatFd(fd),
      ),
      this.lstat(folder.abs).catch(() => null),
    ]);
    if (open.nlink > 0 && named && named.dev === open.dev && named.ino === open.ino) return;
    if (this.folders.get(folder.rel) === folder) this.folders.delete(folder.rel);
    throw MISSING;
  }

  /** The folder `part` of `parent`, held: shared with a walk already opening it. */
  private async child(parent: Folder, part: string, rel: string, made: MadeFolder[] | null): Promise<Folder | null> {
    for (let removal = this.removals.get(rel); removal; removal = this.removals.get(rel)) await removal;
    let folder = this.folders.get(rel);
    if (folder && !this.byPath && (await this.reuse(folder))) return folder;
    if (folder && this.byPath) {
      // By path, every use is checked anew; the entry only counts users.
      folder.refs++;
      folder.ready = this.checkByPath(folder, made);
    } else {
      folder = { rel, abs: below(parent.abs, part), fd: null, refs: 1, ready: Promise.resolve(), idleSince: 0 };
      folder.ready = this.byPath ? this.checkByPath(folder, made) : this.openChild(parent, folder, part, made);
      // Listed by path too: a failed transfer's clean-up must see that a folder is in use.
      this.folders.set(rel, folder);
    }
    try {
      await folder.ready;
      return folder;
    } catch (err) {
      this.release(folder);
      if (err === MISSING) return null;
      throw err;
    }
  }

  private async openChild(parent: Folder, folder: Folder, part: string, made: MadeFolder[] | null): Promise<void> {
    const target = this.at(parent, part);
    let fd: number;
    let making = false;
    try {
      fd = await this.openDir(target);
    } catch (err) {
      if (codeOf(err) !== 'ENOENT') throw await this.refusal(err, target, folder.rel);
      if (!made) throw MISSING;
      making = await this.calls.call(fsSync.mkdirSync, fs.mkdir, target).then(
        () => true,
        (mkdirErr: unknown) => {
          if (codeOf(mkdirErr) === 'EEXIST') return false;
          throw mkdirErr;
        },
      );
      fd = await this.openDir(target).catch(async (openErr: unknown) => {
        throw await this.refusal(openErr, target, folder.rel);
      });
    }
    folder.fd = fd;
    if (making && made) {
      const stat = await this.calls.run(
        () => fsSync.fstatSync(fd),
        () => fstatFd(fd),
      );
      made.push({ rel: folder.rel, dev: stat.dev, ino: stat.ino });
    }
  }

  private openDir(target: string): Promise<number> {
    return this.calls.call(fsSync.openSync, openFd, target, DIR_FLAGS);
  }

  /** O_NOFOLLOW|O_DIRECTORY fails alike on a link and a file: lstat tells which. */
  private async refusal(err: unknown, target: string, rel: string): Promise<unknown> {
    if (codeOf(err) !== 'ENOTDIR' && codeOf(err) !== 'ELOOP') return err;
    const link = await this.lstat(target).then(
      (stat) => stat.isSymbolicLink(),
      () => false,
    );
    return notAFolder(rel, link);
  }

  private async checkByPath(folder: Folder, made: MadeFolder[] | null): Promise<void> {
    if ((await checkFolderByPath(folder, made, (file) => this.lstat(file))) === 'missing') throw MISSING;
  }

  private trimIdle(): void {
    const now = performance.now();
    for (const [rel, folder] of this.idle) {
      if (this.idle.size <= MAX_IDLE && now - folder.idleSince < IDLE_MS) break;
      this.idle.delete(rel);
      if (this.folders.get(rel) === folder) this.folders.delete(rel);
      this.closeHandle(folder);
    }
    if (this.idle.size > 0 && !this.idleTimer) {
      this.idleTimer = setTimeout(() => {
        this.idleTimer = null;
        this.trimIdle();
      }, IDLE_MS).unref();
    }
  }

  private closeHandle(folder: Folder): void {
    if (folder.fd === null) return;
    const fd = folder.fd;
    folder.fd = null;
    void this.calls.call(fsSync.closeSync, closeFd, fd).catch(() => undefined);
  }
}
