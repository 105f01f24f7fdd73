// The sender's file I/O: looking at the paths chosen, and reading the files sent, a chunk at a time.
import fsSync, { promises as fs } from 'node:fs';
import { promisify } from 'node:util';
import { onNetworkFileSystem, QuickCalls } from '../util/quickCalls.js';

const openFd = promisify(fsSync.open);
const readFd = promisify(fsSync.read);
const closeFd = promisify(fsSync.close);

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

export class SourceFile {
  private constructor(private readonly fd: number) {}

  static async open(file: string): Promise<SourceFile> {
    return new SourceFile(await metaCalls.call(fsSync.openSync, openFd, file, 'r'));
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
