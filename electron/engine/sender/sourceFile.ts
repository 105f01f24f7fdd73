// The sender's file I/O: looking at the paths chosen, reading the files
// sent a chunk at a time, and telling whether one changed while it was read.
import fsSync, { promises as fs } from 'node:fs';
import { promisify } from 'node:util';
import { onNetworkFileSystem, QuickCalls } from '../util/quickCalls.js';

const openFd = promisify(fsSync.open);
const readFd = promisify(fsSync.read);
const closeFd = promisify(fsSync.close);
/** In nanoseconds: a change within the same millisecond still shows. */
const statNow = (fd: number): fsSync.BigIntStats => fsSync.fstatSync(fd, { bigint: true });
const statPooled = (fd: number): Promise<fsSync.BigIntStats> =>
  new Promise((resolve, reject) => fsSync.fstat(fd, { bigint: true }, (err, stats) => (err ? reject(err) : resolve(stats))));

/** Metadata calls (open, close, stat); on a network share they take a millisecond or more. */
const metaCalls = new QuickCalls(1);
/** Reads of cached data, up to 1 MiB; larger ones take long enough to go to the pool. */
const readCalls = new QuickCalls(0.25, 1024 * 1024);

/** Called for each path a person chose: files on a network file system are read on the pool. */
export async function noteSource(file: string): Promise<void> {
  if (await onNetworkFileSystem(file)) {
    metaCalls.usePoolOnly();
    readCalls.usePoolOnly();
  }
}

/**
 * What moves when a file's content is written: its size, its modification
 * time, and its change time, which also moves when a writer puts the old
 * modification time back.
 */
interface Fingerprint {
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
}

function fingerprintOf(stats: fsSync.BigIntStats): Fingerprint {
  return { size: stats.size, mtimeNs: stats.mtimeNs, ctimeNs: stats.ctimeNs };
}

export class SourceFile {
  private constructor(
    private readonly fd: number,
    private readonly opened: Fingerprint,
  ) {}

  static async open(file: string): Promise<SourceFile> {
    const fd = await metaCalls.call(fsSync.openSync, openFd, file, 'r');
    try {
      return new SourceFile(fd, fingerprintOf(await metaCalls.call(statNow, statPooled, fd)));
    } catch (err) {
      await metaCalls.call(fsSync.closeSync, closeFd, fd).catch(() => undefined);
      throw err;
    }
  }

  /** Bytes in the file when it was opened: what is sent of it. */
  get size(): number {
    return Number(this.opened.size);
  }

  /** Its modification time when opened, in nanoseconds. */
  get modifiedNs(): bigint {
    return this.opened.mtimeNs;
  }

  /**
   * How the open file differs from when it was opened, in words, or null.
   * Asked of the open descriptor, so it is this file, even if another one
   * took its path since.
   */
  async change(): Promise<string | null> {
    const now = fingerprintOf(await metaCalls.call(statNow, statPooled, this.fd));
    if (now.size !== this.opened.size) return `its size went from ${this.opened.size} to ${now.size} bytes`;
    if (now.mtimeNs !== this.opened.mtimeNs) return 'it was modified';
    if (now.ctimeNs !== this.opened.ctimeNs) return 'it was written to or its attributes changed';
    return null;
  }

  /** Fills `data` from `offset` as far as the file goes; returns the bytes read. */
  async read(data: Uint8Array, offset: number): Promise<number> {
    let done = 0;
    while (done < data.length) {
      const at = done;
      const got = await readCalls.run(
        () => fsSync.readSync(this.fd, data, at, data.length - at, offset + at),
        async () => (await readFd(this.fd, data, at, data.length - at, offset + at)).bytesRead,
        data.length - at,
      );
      if (got === 0) break;
      done += got;
    }
    return done;
  }

  close(): Promise<void> {
    return metaCalls.call(fsSync.closeSync, closeFd, this.fd).catch(() => undefined);
  }
}

export function statFile(file: string): Promise<fsSync.Stats> {
  return metaCalls.run(() => fsSync.statSync(file), () => fs.stat(file));
}

/** One call per folder, whose time grows with its entries: always on the pool. */
export function listFolder(dir: string): Promise<fsSync.Dirent[]> {
  return fs.readdir(dir, { withFileTypes: true });
}
