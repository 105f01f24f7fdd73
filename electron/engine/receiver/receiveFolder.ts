// All file I/O of the receiver: the one place that touches the receive folder.
// Rules (PROTOCOL.md §4, §7): never write outside the folder whatever links
// it holds, never overwrite, never leave a half file under a final name.
import { randomBytes } from 'node:crypto';
import fsSync, { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ProtocolError } from '../protocol/codec.js';
import { isTempName, numberedName, TEMP_PREFIX, TEMP_SUFFIX } from '../protocol/names.js';
import { onNetworkFileSystem, QuickCalls } from '../util/quickCalls.js';
import { FolderLock } from './folderLock.js';

const MAX_NUMBERED = 10_000;
/** Flushing is never quick: it waits on the disk, on the thread pool. */
const fsyncFd = promisify(fsSync.fsync);
const fdatasyncFd = promisify(fsSync.fdatasync);
const writeFd = promisify(fsSync.write);
const openFd = promisify(fsSync.open);
const closeFd = promisify(fsSync.close);
const TEMP_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** Maps an fs error to the protocol's error codes. */
export function ioError(err: unknown, what: string): ProtocolError {
  if (err instanceof ProtocolError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new ProtocolError('no-space', `the receiver's disk is full (${what})`);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new ProtocolError('denied', `no permission to ${what}`);
    case 'ELOOP':
      return new ProtocolError('denied', `a link is on the path (${what})`);
    case 'ENOTDIR':
      return new ProtocolError('exists', `a file stands where a folder is needed (${what})`);
    default:
      return new ProtocolError('io', `${what} failed (${code ?? String(err)})`);
  }
}

export interface TempFile {
  /** Absolute folder the file will be stored in. */
  dir: string;
  path: string;
  fd: number;
  /**
   * Set as the fd is closed: a number is reused by the next open, so a
   * second close (a commit that failed after closing, then a discard)
   * would close another file.
   */
  closed: boolean;
}

/**
 * A path one component below `dir`. Components here are parts of checked
 * wire names (no separator, no `..`), so no normalising is needed, which
 * path.join would spend time on for every file.
 */
function below(dir: string, component: string): string {
  return dir.endsWith(path.sep) ? dir + component : dir + path.sep + component;
}

export class ReceiveFolder {
  /** Temporary names: random per receiver (its lock answers with it), then counted. */
  private tempCount = 0;
  /** Metadata calls; on a network share they take a millisecond or more. */
  private readonly calls = new QuickCalls(1);
  /** Writes into the page cache, up to 1 MiB; larger ones take long enough to go to the pool. */
  private readonly writes = new QuickCalls(0.25, 1024 * 1024);

  private constructor(
    readonly root: string,
    private readonly lock: FolderLock,
    private readonly tempStem: string,
  ) {}

  /**
   * Opens `dir` (created when missing) after checking it is a writable folder,
   * and removes temporary files a stopped receiver left behind.
   */
  static async open(dir: string): Promise<ReceiveFolder> {
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
    const stem = randomBytes(6).toString('hex');
    const folder = new ReceiveFolder(root, await FolderLock.acquire(root, stem), stem);
    if (await onNetworkFileSystem(root)) folder.usePoolOnly();
    await folder.removeStaleTemps(root);
    return folder;
  }

  private usePoolOnly(): void {
    this.calls.usePoolOnly();
    this.writes.usePoolOnly();
  }

  /** Lets another receiver use the folder. */
  close(): Promise<void> {
    return this.lock.release();
  }

  private async removeStaleTemps(dir: string): Promise<void> {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      // Dirent reports links as links: a link is never followed here.
      if (entry.isDirectory()) await this.removeStaleTemps(full);
      else if (entry.isFile() && isTempName(entry.name)) await fs.unlink(full).catch(() => undefined);
    }
  }

  /**
   * Creates the folders of `name` (a checked wire name) below the root and a
   * hidden temporary file in the last one. Every existing component is
   * checked with lstat, so a link planted in the folder is refused, not followed.
   */
  async createTemp(name: string): Promise<TempFile> {
    const parts = name.split('/');
    parts.pop();
    let dir = this.root;
    for (const part of parts) {
      dir = below(dir, part);
      await this.ensurePlainFolder(dir, name);
    }
    const tempPath = below(dir, `${TEMP_PREFIX}${this.tempStem}${(this.tempCount++).toString(36)}${TEMP_SUFFIX}`);
    try {
      // O_EXCL|O_NOFOLLOW: the name (random per receiver, then counted) is
      // ours alone, and never a link.
      const fd = await this.calls.call(fsSync.openSync, openFd, tempPath, TEMP_FLAGS, 0o644);
      return { dir, path: tempPath, fd, closed: false };
    } catch (err) {
      throw ioError(err, `create a temporary file for ${JSON.stringify(name)}`);
    }
  }

  /** Writes a whole chunk at `offset`; a short write (a disk filling up) goes on until it fails. */
  async write(temp: TempFile, data: Uint8Array, offset: number): Promise<void> {
    for (let done = 0; done < data.length; ) {
      const at = done;
      done += await this.writes.run(
        () => fsSync.writeSync(temp.fd, data, at, data.length - at, offset + at),
        async () => (await writeFd(temp.fd, data, at, data.length - at, offset + at)).bytesWritten,
        data.length - at,
      );
    }
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
    try {
      await fsyncFd(temp.fd);
    } catch (err) {
      throw ioError(err, `flush ${JSON.stringify(name)} to disk`);
    }
    // The data is durable: closing, naming and the folder sync overlap, so a
    // small file costs few waits in a row.
    const closing = this.closeTemp(temp);
    try {
      const folder = name.slice(0, name.lastIndexOf('/') + 1);
      const base = name.slice(folder.length);
      for (let n = 0; n <= MAX_NUMBERED; n++) {
        const stored = n === 0 ? base : numberedName(base, n);
        const placed = await this.placeNoReplace(temp.path, below(temp.dir, stored));
        if (placed) {
          await Promise.all([placed === 'linked' ? this.unlink(temp.path) : null, syncFolder(temp.dir, this.calls)]);
          return folder + stored;
        }
      }
      throw new ProtocolError('exists', `${JSON.stringify(name)} and ${MAX_NUMBERED} numbered names are all taken`);
    } finally {
      await closing;
    }
  }

  /** Removes a temporary file; a transfer that failed leaves nothing behind. */
  async discard(temp: TempFile): Promise<void> {
    await this.closeTemp(temp);
    await this.unlink(temp.path);
  }

  /** Absolute path of a stored file, from the name commit() returned. */
  resolve(storedAs: string): string {
    return path.join(this.root, ...storedAs.split('/'));
  }

  private closeTemp(temp: TempFile): Promise<void> {
    if (temp.closed) return Promise.resolve();
    temp.closed = true;
    return this.calls.call(fsSync.closeSync, closeFd, temp.fd).catch(() => undefined);
  }

  private unlink(file: string): Promise<void> {
    return this.calls.call(fsSync.unlinkSync, fs.unlink, file).catch(() => undefined);
  }

  private lstat(file: string): Promise<fsSync.Stats> {
    return this.calls.run(() => fsSync.lstatSync(file), () => fs.lstat(file));
  }

  private async ensurePlainFolder(dir: string, name: string): Promise<void> {
    let stat;
    try {
      stat = await this.lstat(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError(err, `look at a folder of ${JSON.stringify(name)}`);
      try {
        await fs.mkdir(dir);
      } catch (mkdirErr) {
        if ((mkdirErr as NodeJS.ErrnoException).code !== 'EEXIST') throw ioError(mkdirErr, `create a folder for ${JSON.stringify(name)}`);
      }
      stat = await this.lstat(dir);
    }
    if (stat.isSymbolicLink()) throw new ProtocolError('denied', `a link is on the path of ${JSON.stringify(name)}`);
    if (!stat.isDirectory()) throw new ProtocolError('exists', `a file stands where ${JSON.stringify(name)} needs a folder`);
  }

  /**
   * Gives `from` the name `to` only if `to` is free (a dangling link counts as
   * taken). A hard link fails when the name is taken, atomically; the caller
   * then removes `from`. File systems without hard links fall back to a
   * checked rename. Returns how the file was placed, or false when `to` is taken.
   */
  private async placeNoReplace(from: string, to: string): Promise<'linked' | 'renamed' | false> {
    try {
      await this.calls.call(fsSync.linkSync, fs.link, from, to);
      return 'linked';
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV' && code !== 'ENOSYS') {
        throw ioError(err, `store ${path.basename(to)}`);
      }
    }
    if (await this.lstat(to).then(() => true, () => false)) return false;
    try {
      await fs.rename(from, to);
    } catch (err) {
      throw ioError(err, `store ${path.basename(to)}`);
    }
    return 'renamed';
  }
}

/**
 * Makes renames in `dir` durable. Renames that land while a folder sync is
 * running share the next one (a group commit), so many small files cost a
 * few folder syncs, not one each. Not every platform can open a folder, so
 * errors are ignored.
 */
const folderSyncs = new Map<string, { running: Promise<void>; next: Promise<void> | null }>();

function syncFolder(dir: string, calls: QuickCalls): Promise<void> {
  let state = folderSyncs.get(dir);
  if (!state) folderSyncs.set(dir, (state = { running: Promise.resolve(), next: null }));
  const s = state;
  s.next ??= s.running.then(() => {
    s.next = null;
    s.running = fsyncFolder(dir, calls).finally(() => {
      if (!s.next && folderSyncs.get(dir) === s) folderSyncs.delete(dir);
    });
    return s.running;
  });
  return s.next;
}

async function fsyncFolder(dir: string, calls: QuickCalls): Promise<void> {
  const fd = await calls.call(fsSync.openSync, openFd, dir, 'r').catch(() => null);
  if (fd === null) return;
  await fsyncFd(fd).catch(() => undefined);
  await calls.call(fsSync.closeSync, closeFd, fd).catch(() => undefined);
}
