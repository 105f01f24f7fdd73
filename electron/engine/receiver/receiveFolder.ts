// All file I/O of the receiver: the one place that touches the receive folder.
// Rules (PROTOCOL.md §4, §7): never write, name or delete outside the folder
// whatever links it holds or anyone swaps in (folderTree.ts), never
// overwrite, never leave a half file under a final name, and leave nothing
// behind: not a failed transfer's temporary file or the folders it made,
// not a dead receiver's leftovers (staleSweep.ts).
import { randomBytes } from 'node:crypto';
import fsSync, { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FrameData } from '../../../shared/protocol.js';
import { ProtocolError } from '../protocol/codec.js';
import { numberedName, quoted, TEMP_PREFIX, TEMP_SUFFIX } from '../protocol/names.js';
import { onNetworkFileSystem, QuickCalls } from '../util/quickCalls.js';
import { FolderLock } from './folderLock.js';
import { FolderSyncs } from './folderSyncs.js';
import { FolderTree, type Folder, type MadeFolder } from './folderTree.js';
import { removeMade } from './madeFolders.js';
import { MAX_NUMBERED, NameNumbers } from './nameNumbers.js';
import { placeNoReplace } from './placeNoReplace.js';
import { below } from './pathChecks.js';
import { ioError } from './ioError.js';
import { sweepDeadReceivers, type SweepStats } from './staleSweep.js';
import { TempRecord } from './tempRecord.js';
import { PARTIAL_REOPEN_FLAGS, PARTIALS_DIR, TEMP_FLAGS, writeWhole, type TempFile } from './tempFile.js';

/** Flushing is never quick: it waits on the disk, on the thread pool. */
const fsyncFd = promisify(fsSync.fsync);
const fdatasyncFd = promisify(fsSync.fdatasync);
const openFd = promisify(fsSync.open);
const closeFd = promisify(fsSync.close);
export interface OpenOptions {
  /** Calls by path after lstat checks even where handles work (how tests cover other systems' way). */
  byPath?: boolean;
}

export class ReceiveFolder {
  /** Temporary names: random per receiver, then counted. */
  private readonly tempStem: string;
  private tempCount = 0;
  /** Temporary files not yet stored or removed: the record is kept while any is. */
  private unsettled = 0;
  /** A temporary file could not be removed: the record is kept for the next receiver to finish. */
  private leftBehind = false;
  /** Writes into the page cache, up to 1 MiB; larger ones take long enough to go to the pool. */
  private readonly writes = new QuickCalls(0.25, 1024 * 1024);
  private readonly syncs: FolderSyncs;
  private readonly numbers = new NameNumbers();
  private closing: Promise<void> | null = null;
  /** Dead receivers' leftovers being removed, in the background; close() waits for it. */
  readonly sweep: Promise<SweepStats>;

  private constructor(
    private readonly tree: FolderTree,
    /** Metadata calls; on a network share they take a millisecond or more. */
    private readonly calls: QuickCalls,
    private readonly lock: FolderLock,
    private readonly record: TempRecord,
    stem: string,
  ) {
    this.tempStem = stem;
    this.syncs = new FolderSyncs(calls);
    // Started after the caller goes on to listen: never a delay before it.
    this.sweep = new Promise((resolve) => setImmediate(resolve))
      .then(() => sweepDeadReceivers(tree, stem))
      .catch(() => ({ dead: 0, foldersRead: 0, entriesSeen: 0, removed: 0 }));
  }

  get root(): string {
    return this.tree.root.abs;
  }

  /** Whether folders are reached through open handles (Linux with /proc), not by checked paths. */
  get throughHandles(): boolean {
    return !this.tree.byPath;
  }

  /**
   * Opens `dir` (created when missing) after checking it is a writable
   * folder, and takes its lock; a dead receiver's leftovers are then
   * removed in the background (`sweep`).
   */
  static async open(dir: string, options: OpenOptions = {}): Promise<ReceiveFolder> {
    let root: string;
    try {
      await fs.mkdir(dir, { recursive: true });
      root = await fs.realpath(dir);
      await fs.access(root, constants.W_OK);
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code === 'EACCES' ? 'no permission to write there' : (err as Error).message;
      throw new Error(`cannot receive into ${dir}: ${reason}`);
    }
    if (!(await fs.stat(root)).isDirectory()) throw new Error(`cannot receive into ${dir}: it is not a folder`);
    const calls = new QuickCalls(1);
    const stem = randomBytes(6).toString('hex');
    const lock = await FolderLock.acquire(root, stem);
    try {
      const tree = await FolderTree.open(root, calls, options.byPath);
      const record = await TempRecord.create(stem, root, calls).catch(async (err: unknown) => {
        await tree.close();
        throw err;
      });
      const folder = new ReceiveFolder(tree, calls, lock, record, stem);
      if (await onNetworkFileSystem(root)) folder.usePoolOnly();
      return folder;
    } catch (err) {
      await lock.release();
      throw err;
    }
  }

  private usePoolOnly(): void {
    this.calls.usePoolOnly();
    this.writes.usePoolOnly();
  }

  /**
   * Lets another receiver use the folder. Once only, however often called:
   * a descriptor closed twice may close another thread's (a socket's).
   */
  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private async closeOnce(): Promise<void> {
    await this.sweep;
    await (this.unsettled === 0 && !this.leftBehind ? this.record.remove() : this.record.close());
    await this.lock.release();
    await this.tree.close();
  }

  /**
   * Makes the folders of `name` (a checked wire name) below the root and a
   * hidden temporary file in the last one; no link on the way is followed.
   */
  async createTemp(name: string): Promise<TempFile> {
    const parts = name.split('/');
    parts.pop();
    for (let attempt = 0; ; attempt++) {
      const made: MadeFolder[] = [];
      try {
        return await this.createTempIn(parts, made);
      } catch (err) {
        await removeMade(this.tree, made);
        // A folder removed under the walk (by the user, another program): walked anew, once.
        if (attempt === 0 && (err as NodeJS.ErrnoException).code === 'ENOENT') {
          this.tree.forget(parts);
          continue;
        }
        throw ioError(err, `create a temporary file for ${quoted(name)}`);
      }
    }
  }

  private async createTempIn(parts: string[], made: MadeFolder[]): Promise<TempFile> {
    const folder = (await this.tree.enter(parts, made))!;
    // Until the file is stored or removed (settle), or at once if none is made.
    const noted = this.record.note(folder.rel);
    let leftBehind = false;
    try {
      await noted;
      const tempName = `${TEMP_PREFIX}${this.tempStem}${(this.tempCount++).toString(36)}${TEMP_SUFFIX}`;
      // O_EXCL|O_NOFOLLOW: the name (random per receiver, then counted) is ours alone, and never a link.
      const fd = await this.calls.call(fsSync.openSync, openFd, this.tree.at(folder, tempName), TEMP_FLAGS, 0o644);
      const temp: TempFile = { dir: folder.abs, path: below(folder.abs, tempName), fd, closed: false, folder, tempName, made, settled: false };
      this.unsettled++;
      if (!(await this.tree.unmoved(folder, tempName, fd))) {
        // Where calls go by path: the folder changed under the checks. The
        // file is not removed by a path that may lead elsewhere now.
        await this.closeTemp(temp);
        this.unsettled--;
        this.leftBehind = leftBehind = true;
        throw new ProtocolError('denied', `the folder ${quoted(folder.rel)} was replaced while a file was made in it`);
      }
      return temp;
    } catch (err) {
      // A file left behind keeps its folder in the record, for the next receiver to finish.
      if (!leftBehind) this.record.release(folder.rel);
      this.tree.release(folder);
      throw err;
    }
  }

  /**
   * A resumable transfer's data file, `<id>.part` in the partials folder:
   * made anew, or opened again to continue (never through a link).
   */
  async openPartial(id: string, create: boolean): Promise<TempFile> {
    const folder = (await this.tree.enter([PARTIALS_DIR], []))!;
    const tempName = `${id}${TEMP_SUFFIX}`;
    try {
      const fd = await this.calls.call(fsSync.openSync, openFd, this.tree.at(folder, tempName), create ? TEMP_FLAGS : PARTIAL_REOPEN_FLAGS, 0o600);
      this.unsettled++;
      return { dir: folder.abs, path: below(folder.abs, tempName), fd, closed: false, folder, tempName, made: [], settled: false, partial: true };
    } catch (err) {
      this.tree.release(folder);
      throw ioError(err, create ? 'create a resumable file' : 'open a resumable file again');
    }
  }

  /**
   * Runs `use` with the partials folder entered: `at(name)` is a name's path
   * in it. Made when missing only if `make`; otherwise a missing one gives
   * `absent` (a receiver that never kept a partial adds nothing to its folder).
   */
  async inPartials<T>(use: (at: (name: string) => string, list: () => Promise<string[]>) => Promise<T>, absent: T, make = false): Promise<T> {
    const folder = await this.tree.enter([PARTIALS_DIR], make ? [] : null);
    if (!folder) return absent;
    try {
      return await use((name) => this.tree.at(folder, name), () => this.tree.list(folder));
    } finally {
      this.tree.release(folder);
    }
  }

  /** Lets a resumable file go without removing it: it waits, closed, to be continued. */
  async keep(temp: TempFile): Promise<void> {
    await this.closeTemp(temp);
    this.settle(temp);
  }

  /** Writes a whole chunk at `offset` (tempFile.ts). */
  write(temp: TempFile, data: FrameData, offset: number): Promise<void> {
    return writeWhole(this.writes, temp.fd, data, offset);
  }

  /** Starts writing what the file holds so far to disk, so that the final fsync is short. */
  flushSoFar(temp: TempFile): Promise<void> {
    return fdatasyncFd(temp.fd);
  }

  /**
   * Flushes the temporary file to disk and gives it its final name, numbered
   * when the name is taken. Returns the name relative to the root, with `/`.
   */
  async commit(temp: TempFile, name: string): Promise<string> {
    if (temp.settled) throw new Error(`${quoted(name)} was already stored or discarded`);
    try {
      await fsyncFd(temp.fd);
    } catch (err) {
      throw ioError(err, `flush ${quoted(name)} to disk`);
    }
    // The data is durable: closing, naming and the folder sync overlap, so a
    // small file costs few waits in a row.
    const closing = this.closeTemp(temp);
    const folder = name.slice(0, name.lastIndexOf('/') + 1);
    // A resumable file goes from the partials folder to its own, made now.
    let target: Folder | null = null;
    try {
      target = temp.partial ? await this.enterFolderOf(name, temp.made) : temp.folder;
      const base = name.slice(folder.length);
      if (!(await this.tree.unmoved(temp.folder)) || !(await this.tree.unmoved(target))) {
        throw new ProtocolError('denied', `the folder of ${quoted(name)} was moved or replaced while the file arrived`);
      }
      const key = `${target.rel}/${base}`;
      for (const n of this.numbers.tries(key)) {
        const stored = n === 0 ? base : numberedName(base, n);
        const placed = await placeNoReplace(this.tree, this.calls, this.tree.at(temp.folder, temp.tempName), this.tree.at(target, stored));
        // Taken, or ours now: the next file under this name looks further on.
        this.numbers.taken(key, n);
        if (placed) {
          const [unlinked] = await Promise.all([placed === 'linked' ? this.unlink(this.tree.at(temp.folder, temp.tempName)) : true, this.syncs.request(target)]);
          // Stored either way; a temporary name that stays is left for the next receiver.
          this.settle(temp, !unlinked);
          return folder + stored;
        }
      }
      throw new ProtocolError('exists', `${quoted(name)} and ${MAX_NUMBERED} numbered names are all taken`);
    } finally {
      if (temp.partial && target) this.tree.release(target);
      await closing;
    }
  }

  /** Removes a temporary file, and the folders its HELLO made: a failed transfer leaves nothing behind. */
  async discard(temp: TempFile): Promise<void> {
    await this.closeTemp(temp);
    if (temp.settled) return;
    this.settle(temp, !(await this.unlink(this.tree.at(temp.folder, temp.tempName))));
    await removeMade(this.tree, temp.made);
  }

  private async enterFolderOf(name: string, made: MadeFolder[]): Promise<Folder> {
    const parts = name.split('/');
    parts.pop();
    try {
      return (await this.tree.enter(parts, made))!;
    } catch (err) {
      throw ioError(err, `make the folders of ${quoted(name)}`);
    }
  }

  /** Absolute path of a stored file, from the name commit() returned. */
  resolve(storedAs: string): string {
    return path.join(this.root, ...storedAs.split('/'));
  }

  /** Lets the temporary file's folder go, once; `leftBehind`: its name could not be removed. */
  private settle(temp: TempFile, leftBehind = false): void {
    if (temp.settled) return;
    temp.settled = true;
    this.unsettled--;
    this.tree.release(temp.folder);
    // Partials are never listed (no sweep removes them); a file left behind stays listed.
    if (leftBehind) this.leftBehind = true;
    else if (!temp.partial) this.record.release(temp.folder.rel);
  }

  private closeTemp(temp: TempFile): Promise<void> {
    if (temp.closed) return Promise.resolve();
    temp.closed = true;
    return this.calls.call(fsSync.closeSync, closeFd, temp.fd).catch(() => undefined);
  }

  /** Removes a name; false only when it is still there. */
  private unlink(file: string): Promise<boolean> {
    return this.calls.call(fsSync.unlinkSync, fs.unlink, file).then(
      () => true,
      (err: NodeJS.ErrnoException) => err.code === 'ENOENT',
    );
  }
}
