// A receiver's record of the folders it made temporary files in, kept in the
// user's runtime folder under its stem. Once the receiver is dead, a later
// one removes exactly its leftovers (its stem, in those folders) and nothing
// of a receiver still alive; no receiver walks a whole tree to find them.
// Each folder is noted before the first temporary file is made in it, so a
// crash at any moment leaves nothing unrecorded. Only folders that hold (or
// are about to hold) a temporary file are remembered, and the file is
// written anew with just those once it has grown: a peer whose files fail
// one by one, each into a folder of its own, costs neither memory nor room in
// the runtime folder (usually a small tmpfs) beyond what is in transit.
import fsSync, { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { QuickCalls } from '../util/quickCalls.js';
import { runtimeDir } from './runtimeDir.js';

const openFd = promisify(fsSync.open);
const closeFd = promisify(fsSync.close);
const writeFd = promisify(fsSync.write);
const RECORD_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_APPEND | (constants.O_NOFOLLOW ?? 0);
/** A stem: 6 random bytes in hex. */
export const STEM = /^[0-9a-f]{12}$/;

export interface RecordContent {
  /** The receive folder, a real path. */
  root: string;
  /** For people reading the folder; proves nothing (ids are reused). */
  pid: number;
  /** Folders below the root, with `/`; '' for the root. */
  folders: string[];
}

export async function recordsDir(): Promise<string> {
  const dir = path.join(await runtimeDir(), 'receivers');
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/**
 * One JSON text a line (a name may hold any character but a control one, a
 * root anything): a line cut short by a crash is skipped.
 */
export function parseRecord(text: string): RecordContent | null {
  const lines = text.split('\n').filter(Boolean);
  const parsed = lines.map((line) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      return undefined;
    }
  });
  const head = parsed[0] as Partial<RecordContent> | undefined;
  if (!head || typeof head.root !== 'string') return null;
  return { root: head.root, pid: Number(head.pid) || 0, folders: parsed.slice(1).filter((f): f is string => typeof f === 'string') };
}

/** The record being written anew, beside it until it takes its place (a later receiver removes one left by a crash). */
export const REWRITE_SUFFIX = '.new';
/** Lines written before the record is written anew with only the folders in use (when those are fewer than half). */
export const REWRITE_AFTER_LINES = 4096;

export class TempRecord {
  /** Folders that hold (or are about to hold) temporary files, and how many. */
  private readonly inUse = new Map<string, number>();
  /** Folders with a line in the file (its write: a temporary file waits for it), until it is written anew. */
  private listed = new Map<string, Promise<void>>();
  /** Lines in the file beyond its head. */
  private lines = 0;
  /** Writes go one after another: a rewrite swaps the file under them. */
  private writing: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly file: string,
    private readonly head: string,
    private fd: number,
    private readonly calls: QuickCalls,
  ) {}

  static async create(stem: string, root: string, calls: QuickCalls): Promise<TempRecord> {
    const file = path.join(await recordsDir(), stem);
    const head = JSON.stringify({ root, pid: process.pid });
    const fd = await openFd(file, RECORD_FLAGS, 0o600);
    const record = new TempRecord(file, head, fd, calls);
    try {
      await record.write(fd, [head]);
    } catch (err) {
      await record.remove();
      throw err;
    }
    return record;
  }

  /**
   * Notes `folder` (below the root, with `/`) before a temporary file is made
   * in it; `release` it once that file is stored or removed (or was never
   * made). A folder listed once is not written again until the file is.
   */
  note(folder: string): Promise<void> {
    this.inUse.set(folder, (this.inUse.get(folder) ?? 0) + 1);
    let noted = this.listed.get(folder);
    if (!noted) {
      const line = this.append(JSON.stringify(folder));
      // A failed line is written again by the next file in that folder.
      line.catch(() => this.listed.get(folder) === line && this.listed.delete(folder));
      this.listed.set(folder, (noted = line));
    }
    return noted;
  }

  /** A temporary file in `folder` is gone: once none is, the folder need not be listed when the file is written anew. */
  release(folder: string): void {
    const count = (this.inUse.get(folder) ?? 0) - 1;
    if (count > 0) this.inUse.set(folder, count);
    else this.inUse.delete(folder);
  }

  /** Closes the record and keeps it: a later receiver removes what it lists. */
  async close(): Promise<void> {
    // Once: the number may since belong to another file or socket.
    if (this.closed) return;
    this.closed = true;
    await this.writing.catch(() => undefined);
    await closeFd(this.fd).catch(() => undefined);
  }

  /** Closes and removes the record: its receiver left no temporary file. */
  async remove(): Promise<void> {
    await this.close();
    await fs.rm(this.file, { force: true });
  }

  private append(line: string): Promise<void> {
    const appended = this.writing.then(async () => {
      if (this.lines >= REWRITE_AFTER_LINES && this.inUse.size * 2 < this.lines) await this.rewrite();
      await this.write(this.fd, [line]);
      this.lines++;
    });
    this.writing = appended.catch(() => undefined);
    return appended;
  }

  /**
   * The head and the folders in use, in a new file put in this one's place:
   * a crash before the rename leaves the old file, which lists them too.
   */
  private async rewrite(): Promise<void> {
    const next = `${this.file}${REWRITE_SUFFIX}`;
    await fs.rm(next, { force: true });
    const fd = await openFd(next, RECORD_FLAGS, 0o600);
    const written = [...this.inUse.keys()];
    try {
      await this.write(fd, [this.head, ...written.map((folder) => JSON.stringify(folder))]);
      await fs.rename(next, this.file);
    } catch (err) {
      await closeFd(fd).catch(() => undefined);
      await fs.rm(next, { force: true });
      throw err;
    }
    const old = this.fd;
    this.fd = fd;
    this.lines = written.length;
    // Written anew: listed are the folders it holds, and those noted meanwhile, whose lines follow.
    const listed = new Map<string, Promise<void>>(written.map((folder) => [folder, Promise.resolve()]));
    for (const [folder, line] of this.listed) if (!listed.has(folder) && this.inUse.has(folder)) listed.set(folder, line);
    this.listed = listed;
    await closeFd(old).catch(() => undefined);
  }

  private async write(fd: number, lines: string[]): Promise<void> {
    const data = Buffer.from(lines.map((line) => `${line}\n`).join(''));
    // O_APPEND: one write per line, so lines never interleave or split but at a crash.
    const written = await this.calls.run(
      () => fsSync.writeSync(fd, data),
      async () => (await writeFd(fd, data)).bytesWritten,
    );
    if (written !== data.length) throw new Error(`the record ${this.file} was written short`);
  }
}
