// The sender's file reads: one open file being sent, read a chunk at a time.
import fsSync, { promises as fs } from 'node:fs';
import { promisify } from 'node:util';
import { QuickCalls } from '../util/quickCalls.js';

/** Reads up to this size are short enough to make in the sender's own thread. */
const QUICK_READ_BYTES = 1024 * 1024;
const openFd = promisify(fsSync.open);
const readFd = promisify(fsSync.read);
const closeFd = promisify(fsSync.close);

/** Shared by the walk and the reads: both look at the same disks. */
export const sourceCalls = new QuickCalls();

export class SourceFile {
  private constructor(private readonly fd: number) {}

  static async open(file: string): Promise<SourceFile> {
    return new SourceFile(await sourceCalls.run(() => fsSync.openSync(file, 'r'), () => openFd(file, 'r')));
  }

  /** Fills `data` from `offset` as far as the file goes; returns the bytes read. */
  async read(data: Uint8Array, offset: number): Promise<number> {
    let done = 0;
    while (done < data.length) {
      const at = done;
      const got =
        data.length <= QUICK_READ_BYTES
          ? await sourceCalls.run(
              () => fsSync.readSync(this.fd, data, at, data.length - at, offset + at),
              async () => (await readFd(this.fd, data, at, data.length - at, offset + at)).bytesRead,
            )
          : (await readFd(this.fd, data, at, data.length - at, offset + at)).bytesRead;
      if (got === 0) break;
      done += got;
    }
    return done;
  }

  close(): Promise<void> {
    return sourceCalls.run(() => fsSync.closeSync(this.fd), () => closeFd(this.fd)).catch(() => undefined);
  }
}

export function statFile(file: string): Promise<fsSync.Stats> {
  return sourceCalls.run(() => fsSync.statSync(file), () => fs.stat(file));
}

export function listFolder(dir: string): Promise<fsSync.Dirent[]> {
  return sourceCalls.run(() => fsSync.readdirSync(dir, { withFileTypes: true }), () => fs.readdir(dir, { withFileTypes: true }));
}
