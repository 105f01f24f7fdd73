// A receiver's record of the folders it made temporary files in, kept in the
// user's runtime folder under its stem. Once the receiver is dead, a later
// one removes exactly its leftovers (its stem, in those folders) and nothing
// of a receiver still alive; no receiver walks a whole tree to find them.
// Each folder is noted before the first temporary file is made in it, so a
// crash at any moment leaves nothing unrecorded.
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

export class TempRecord {
  /** Folders noted, or being noted: a temporary file waits for its folder's line. */
  private readonly noted = new Map<string, Promise<void>>();
  private closed = false;

  private constructor(
    readonly file: string,
    private readonly fd: number,
    private readonly calls: QuickCalls,
  ) {}

  static async create(stem: string, root: string, calls: QuickCalls): Promise<TempRecord> {
    const file = path.join(await recordsDir(), stem);
    const fd = await openFd(file, RECORD_FLAGS, 0o600);
    const record = new TempRecord(file, fd, calls);
    try {
      await record.append(JSON.stringify({ root, pid: process.pid }));
    } catch (err) {
      await record.remove();
      throw err;
    }
    return record;
  }

  /** Notes `folder` (below the root, with `/`) before a temporary file is made in it. */
  note(folder: string): Promise<void> {
    let noting = this.noted.get(folder);
    if (!noting) {
      noting = this.append(JSON.stringify(folder));
      this.noted.set(folder, noting);
      // A failed note is tried again by the next file in that folder.
      noting.catch(() => this.noted.delete(folder));
    }
    return noting;
  }

  /** Closes the record and keeps it: a later receiver removes what it lists. */
  async close(): Promise<void> {
    // Once: the number may since belong to another file or socket.
    if (this.closed) return;
    this.closed = true;
    await closeFd(this.fd).catch(() => undefined);
  }

  /** Closes and removes the record: its receiver left no temporary file. */
  async remove(): Promise<void> {
    await this.close();
    await fs.rm(this.file, { force: true });
  }

  private async append(line: string): Promise<void> {
    const data = Buffer.from(`${line}\n`);
    // O_APPEND: one write per line, so lines never interleave or split but at a crash.
    const written = await this.calls.run(
      () => fsSync.writeSync(this.fd, data),
      async () => (await writeFd(this.fd, data)).bytesWritten,
    );
    if (written !== data.length) throw new Error(`the record ${this.file} was written short`);
  }
}
