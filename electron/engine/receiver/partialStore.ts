// What a receiver keeps of interrupted encrypted transfers, so that their
// device can resume them (docs/protocol-extensions.md §3.5): each is a data
// file `<id>.part` and a record `<id>.rec` in the partials folder. The
// record is one JSON text a line, appended with one write per line: first
// the transfer (device, name, size, file id), then, after each flush of the
// data file, the chunks that flush made durable. A line cut short by a crash
// is ignored, so the record never claims more than the disk holds. The
// receiver finds partials through this folder alone, never by walking the
// tree, and removes those past their age or beyond the disk budget.
import { randomBytes } from 'node:crypto';
import fsSync, { constants, promises as fs } from 'node:fs';
import { promisify } from 'node:util';
import { MAX_HELD_ENTRIES } from '../protocol/extensions.js';
import type { ReceiveFolder } from './receiveFolder.js';
import type { TempFile } from './tempFile.js';

const openFd = promisify(fsSync.open);
const writeFd = promisify(fsSync.write);
const closeFd = promisify(fsSync.close);
const RECORD_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | (constants.O_NOFOLLOW ?? 0);
const ID = /^[0-9a-f]{24}$/;
const RECORD_READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);
/** More than a record's first line (its header: a name of at most 4,096 bytes, a key, a size, an id). */
const HEADER_BYTES = 16 * 1024;

/** A record's first line, with its newline; '' when it cannot be read. */
async function firstLine(file: string): Promise<string> {
  const handle = await fs.open(file, RECORD_READ_FLAGS).catch(() => null);
  if (!handle) return '';
  try {
    const buffer = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEADER_BYTES, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    const end = text.indexOf('\n');
    return end < 0 ? '' : text.slice(0, end + 1);
  } catch {
    return '';
  } finally {
    await handle.close();
  }
}

export interface PartialHeader {
  /** The sending device's key text. */
  device: string;
  name: string;
  size: number;
  /** The sender's identity of its file (size, time, first and last bytes). */
  fileId: string;
}

/** One chunk the partial holds, durable: its place and its crc32 (8 hex digits). */
export interface HeldChunk {
  offset: number;
  size: number;
  crc: string;
}

export interface PartialInfo extends PartialHeader {
  id: string;
  chunks: HeldChunk[];
  heldBytes: number;
  /** When its record last grew (ms since the epoch). */
  updatedAt: number;
  /** What its data file takes on disk. */
  diskBytes: number;
}

export interface PartialLimits {
  keepMs: number;
  budgetBytes: number;
  /**
   * Partials kept at most, however small: each costs a record and a look
   * when listed, and a device's many RESUMEs of tiny files must not pile
   * them up. An interrupted send leaves as many as it had files in transit.
   */
  maxKept: number;
}

export const MAX_KEPT_PARTIALS = 1_000;

/** Parses a record; null when its first line is not a whole header. Pure. */
export function parsePartialRecord(text: string): { header: PartialHeader; chunks: HeldChunk[] } | null {
  const lines = text.split('\n');
  // The last piece has no newline yet: it was being written, or is empty.
  lines.pop();
  const parsed = lines.map((line) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      return null;
    }
  });
  const head = parsed[0];
  if (!head || typeof head.device !== 'string' || typeof head.name !== 'string' || !Number.isSafeInteger(head.size) || typeof head.fileId !== 'string') return null;
  const chunks: HeldChunk[] = [];
  for (const line of parsed.slice(1)) {
    if (!line || !Array.isArray(line.chunks)) continue;
    for (const entry of line.chunks as unknown[]) {
      // A record never lists more than a HELD reply can: the rest is ignored (sent again).
      if (chunks.length >= MAX_HELD_ENTRIES) break;
      if (!Array.isArray(entry)) continue;
      const [offset, size, crc] = entry as [unknown, unknown, unknown];
      if (Number.isSafeInteger(offset) && Number.isSafeInteger(size) && (size as number) > 0 && typeof crc === 'string' && /^[0-9a-f]{8}$/.test(crc)) {
        chunks.push({ offset: offset as number, size: size as number, crc });
      }
    }
  }
  return { header: { device: head.device, name: head.name, size: head.size as number, fileId: head.fileId }, chunks };
}

/** Appends to one partial's record. */
export class PartialRecord {
  private closed = false;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    readonly id: string,
    private readonly fd: number,
  ) {}

  /** Notes chunks made durable; lines are written in order, one write each. */
  append(chunks: HeldChunk[]): Promise<void> {
    if (chunks.length === 0 || this.closed) return this.writing;
    const line = Buffer.from(`${JSON.stringify({ chunks: chunks.map((c) => [c.offset, c.size, c.crc]) })}\n`);
    this.writing = this.writing.then(() => writeFd(this.fd, line).then(() => undefined));
    return this.writing;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writing.catch(() => undefined);
    await closeFd(this.fd).catch(() => undefined);
  }
}

export class PartialStore {
  /** Ids being made: not yet anyone's, and not orphans. */
  private readonly creating = new Set<string>();

  constructor(
    private readonly folder: ReceiveFolder,
    readonly limits: PartialLimits,
  ) {}

  /** A new partial: its data file (open) and its record, with the header written. */
  async create(header: PartialHeader): Promise<{ temp: TempFile; record: PartialRecord }> {
    const id = randomBytes(12).toString('hex');
    this.creating.add(id);
    try {
      const record = await this.openRecord(id, `${JSON.stringify(header)}\n`);
      try {
        return { temp: await this.folder.openPartial(id, true), record };
      } catch (err) {
        await record.close();
        await this.discard(id);
        throw err;
      }
    } finally {
      this.creating.delete(id);
    }
  }

  /** A partial opened again to continue. */
  async reopen(id: string): Promise<{ temp: TempFile; record: PartialRecord }> {
    const temp = await this.folder.openPartial(id, false);
    return { temp, record: await this.openRecord(id, null) };
  }

  /**
   * Every partial kept, without its chunks (one record read at a time: a
   * record may list 100,000); `headersOnly` reads no more of each record than
   * its first line (heldBytes then 0), for pruning, which needs no more.
   */
  async list(headersOnly = false): Promise<PartialInfo[]> {
    return this.folder.inPartials(async (at, list) => {
      const infos: PartialInfo[] = [];
      for (const name of await list()) {
        const id = name.slice(0, -'.rec'.length);
        if (!name.endsWith('.rec') || !ID.test(id)) continue;
        const info = await this.read(at, id, headersOnly ? 'header' : 'held');
        if (info) infos.push(info);
      }
      return infos;
    }, []);
  }

  /** One partial, with its chunks (or only its header); null when there is none whole by that id. */
  async info(id: string, headerOnly = false): Promise<PartialInfo | null> {
    if (!ID.test(id)) return null;
    return this.folder.inPartials((at) => this.read(at, id, headerOnly ? 'header' : 'chunks'), null);
  }

  /** A partial's record read to `depth`: its header, what it holds in all, or each chunk. */
  private async read(at: (name: string) => string, id: string, depth: 'header' | 'held' | 'chunks'): Promise<PartialInfo | null> {
    const [text, stat, data] = await Promise.all([
      depth === 'header' ? firstLine(at(`${id}.rec`)) : fs.readFile(at(`${id}.rec`), { encoding: 'utf8', flag: RECORD_READ_FLAGS }).catch(() => ''),
      fs.lstat(at(`${id}.rec`)).catch(() => null),
      fs.lstat(at(`${id}.part`)).catch(() => null),
    ]);
    const parsed = parsePartialRecord(text);
    if (!parsed || !stat || !data?.isFile()) return null;
    const heldBytes = parsed.chunks.reduce((sum, c) => sum + c.size, 0);
    // What it takes on disk: its data and its record.
    const diskBytes = (data.blocks + stat.blocks) * 512;
    return { id, ...parsed.header, chunks: depth === 'chunks' ? parsed.chunks : [], heldBytes, updatedAt: stat.mtimeMs, diskBytes };
  }

  /** Removes a partial's data and record (ids only: never a path from the wire). */
  async discard(id: string): Promise<void> {
    if (!ID.test(id)) return;
    await this.folder.inPartials(async (at) => {
      await Promise.all([fs.rm(at(`${id}.part`), { force: true }), fs.rm(at(`${id}.rec`), { force: true })]);
    }, undefined);
  }

  /**
   * Removes partials past their age, then the oldest until the rest fit the
   * budget and `keep` in count, and files of neither kind's pair. `inUse`
   * gives the partials being received now: asked once the records are read,
   * and again just before each removal (one may be taken up meanwhile).
   * Returns the ids removed.
   */
  async prune(inUse: () => ReadonlySet<string>, now = Date.now(), keep = this.limits.maxKept): Promise<string[]> {
    const listed = await this.list(true);
    const used = new Set([...inUse(), ...this.creating]);
    const partials = listed.filter((p) => !used.has(p.id)).sort((a, b) => a.updatedAt - b.updatedAt);
    let total = partials.reduce((sum, p) => sum + p.diskBytes, 0);
    let left = partials.length;
    const removed: string[] = [];
    for (const partial of partials) {
      if (now - partial.updatedAt <= this.limits.keepMs && total <= this.limits.budgetBytes && left <= keep) continue;
      if (inUse().has(partial.id) || this.creating.has(partial.id)) continue;
      await this.discard(partial.id);
      total -= partial.diskBytes;
      left--;
      removed.push(partial.id);
    }
    // A partial in use has both its files (one being made is in `creating`): what was read will do.
    await this.removeOrphans((id) => used.has(id) || this.creating.has(id));
    return removed;
  }

  private async removeOrphans(inUse: (id: string) => boolean): Promise<void> {
    await this.folder.inPartials(async (at, list) => {
      const names = new Set(await list());
      for (const name of names) {
        const id = name.replace(/\.(part|rec)$/, '');
        if (inUse(id)) continue;
        const pair = name.endsWith('.part') ? `${id}.rec` : `${id}.part`;
        if (!ID.test(id) || !names.has(pair)) await fs.rm(at(name), { force: true });
      }
    }, undefined);
  }

  private async openRecord(id: string, header: string | null): Promise<PartialRecord> {
    const fd = await this.folder.inPartials((at) => openFd(at(`${id}.rec`), RECORD_FLAGS, 0o600), -1, true);
    const record = new PartialRecord(id, fd);
    if (header !== null) {
      try {
        await writeFd(fd, Buffer.from(header));
      } catch (err) {
        await record.close();
        throw err;
      }
    }
    return record;
  }
}
