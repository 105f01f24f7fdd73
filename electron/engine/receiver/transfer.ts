// One file in transit on the receiving side (PROTOCOL.md §5): it owns its
// temporary file, the ranges it holds and has in transit, its writes and
// flushes, and its progress. The receiver decides who may act on it.
import { randomUUID } from 'node:crypto';
import type { FrameData, Reply } from '../../../shared/protocol.js';
import type { FileProgress } from '../../../shared/transfer.js';
import { errorReply, ProtocolError, READY_REPLY } from '../protocol/codec.js';
import { quoted } from '../protocol/names.js';
import { MAX_HELD_ENTRIES } from '../protocol/extensions.js';
import { piecesOf } from '../protocol/pieces.js';
import { RangeSet } from '../protocol/ranges.js';
import { receivedChunkMap } from '../progress/receivedMap.js';
import { giveBlocks } from '../zmtp/blockPool.js';
import type { HeldChunk, PartialRecord } from './partialStore.js';
import { ioError } from './ioError.js';
import type { ReceiveFolder } from './receiveFolder.js';
import type { TempFile } from './tempFile.js';

/**
 * Written bytes after which a transfer flushes to disk in the background.
 * It is also the bound on what a transfer holds written but not yet on its
 * way to disk: a chunk that finds this much unflushed while a flush still
 * runs is answered once that flush is done, and the next one starts. So at
 * most twice this, plus the chunks in transit, can be lost to a power cut.
 */
const FLUSH_EVERY_BYTES = 32 * 1024 * 1024;
/** How long a window of progress is, for telling a stalled transfer from a live one. */
export const PROGRESS_WINDOW_MS = 10_000;

/** A resumable transfer's partial: its id, record and store (partialStore.ts). */
export interface PartialHandle {
  id: string;
  /** Removes its data and record, and forgets it (stored, or aborted). */
  discard(): Promise<void>;
  record: PartialRecord;
  /** Its size and file id, as the sender's RESUME gave them. */
  size: number;
  fileId: string;
}

/**
 * Resume entries kept in memory by all transfers of this process, at most:
 * about 90 bytes each, and a peer of one-byte chunks could otherwise keep
 * 100,000 in each of 1,024 transfers.
 */
const MAX_KEPT_ENTRIES = 1_000_000;
let keptEntries = 0;

export interface TransferHooks {
  changed(transfer: Transfer): void;
  ended(transfer: Transfer, status: 'done' | 'failed', reply?: Reply): void;
}

export class Transfer {
  readonly id = randomUUID();
  readonly done = new RangeSet();
  readonly inTransit: Array<[number, number]> = [];
  readonly temp: Promise<TempFile>;
  private readonly writes = new Set<Promise<unknown>>();
  private unflushed = 0;
  private flushing: Promise<void> | null = null;
  /** Its CLOSE being handled (flush, name, folder sync): no more requests for it. */
  finishing: Promise<Reply> | null = null;
  lastActivity = Date.now();
  /** The first chunk's size: the sender's chunk size, the map's cell. */
  private chunkSize = 0;
  private windowStart = Date.now();
  private windowBytes = 0;
  private previousWindowBytes = 0;
  readonly progress: Omit<FileProgress, 'chunkMap'>;
  /** Its temporary file (and the folders on its path) still being made: not idle, however long that takes. */
  opening = true;
  /** Resumable: every chunk it holds (for a takeover), and those written since the last record line. */
  readonly chunks: HeldChunk[] = [];
  private unrecorded: HeldChunk[] = [];
  private endedAs: 'done' | 'failed' | null = null;

  /**
   * `resumable`: a resumable transfer's partial, made or opened again (its
   * chunks already held in `held`); without it, a temporary file as PROTOCOL.md §7 has it.
   */
  constructor(
    readonly name: string,
    readonly owner: string,
    batch: string,
    private readonly folder: ReceiveFolder,
    private readonly hooks: TransferHooks,
    peerLabel = owner.slice(0, 12),
    resumable?: Promise<{ temp: TempFile; partial: PartialHandle; held: HeldChunk[] }>,
  ) {
    const now = Date.now();
    this.resumable = resumable !== undefined;
    // What a partial holds counts as done before any chunk is taken: each CHUNK waits for the file.
    this.temp = resumable ? resumable.then((o) => this.hold(o.partial, o.held, o.temp)) : folder.createTemp(name);
    const opened = (): void => {
      this.opening = false;
      this.lastActivity = Date.now();
    };
    this.temp.then(opened, opened);
    this.progress = { id: this.id, direction: 'receive', name, size: null, bytes: 0, status: 'active', retries: 0, peer: peerLabel, batch, startedAt: now, updatedAt: now };
  }

  private hold(partial: PartialHandle, held: HeldChunk[], temp: TempFile): TempFile {
    this.partial = partial;
    for (const chunk of held) this.done.add(chunk.offset, chunk.offset + chunk.size);
    // Ended while its partial opened (another version resumed, the receiver stopping): nothing kept.
    if (!this.endedAs) {
      for (const chunk of held) this.chunks.push(chunk);
      keptEntries += held.length;
    }
    if (held.length > 0) {
      this.chunkSize = held[0]!.size;
      this.progress.bytes = this.progress.resumedBytes = this.done.bytes;
      this.heldRanges = this.done.ranges();
      this.hooks.changed(this);
    }
    return temp;
  }

  /** READY once its temporary file is open. */
  async opened(): Promise<Reply> {
    try {
      await this.temp;
      return READY_REPLY;
    } catch (err) {
      const error = ioError(err, `open ${quoted(this.name)}`);
      const reply = errorReply(error.code, error.detail);
      this.endAs('failed', reply);
      return reply;
    }
  }

  /** The accepted batch it belongs to (encrypted port): kept alive while the file moves. */
  wireBatch: string | null = null;
  /** The connection that carries it now (its peer key): the one that opened it, or took it over by RESUME. */
  via = '';
  /** Kept when interrupted, for its device to resume (encrypted transfers started by RESUME). */
  readonly resumable: boolean;
  /** Set once a resumable transfer's partial is open. */
  partial: PartialHandle | null = null;
  /** What it held when resumed, for the chunk map's own colour. */
  private heldRanges: Array<[number, number]> = [];

  /** Takes a chunk into transit and writes it; the range stays in transit until `settle`. `crc` (hex) is kept for resuming. */
  write(data: FrameData, offset: number, crc?: string): { reply: Promise<Reply>; range: [number, number] } {
    const range: [number, number] = [offset, offset + data.length];
    this.inTransit.push(range);
    if (this.chunkSize === 0) this.chunkSize = data.length;
    this.touch(data.length);
    const write = this.store(data, offset, crc);
    this.writes.add(write);
    void write.finally(() => this.writes.delete(write));
    return { reply: write, range };
  }

  settle(range: [number, number]): void {
    this.inTransit.splice(this.inTransit.indexOf(range), 1);
  }

  private async store(data: FrameData, offset: number, crc?: string): Promise<Reply> {
    let temp: TempFile;
    try {
      temp = await this.temp;
    } catch {
      return errorReply('unknown-transfer', `${quoted(this.name)} could not be opened; send HELLO again`);
    }
    try {
      await this.folder.write(temp, data, offset);
    } catch (err) {
      const error = ioError(err, `write ${quoted(this.name)}`);
      return errorReply(error.code, error.detail);
    } finally {
      // Nothing reads the data once its write has ended: its blocks take the next chunk's.
      giveBlocks(piecesOf(data));
    }
    const before = this.done.bytes;
    this.done.add(offset, offset + data.length);
    this.progress.bytes = this.done.bytes;
    // What a resume can list is bounded (HELD holds at most MAX_HELD_ENTRIES, and all transfers
    // together keep MAX_KEPT_ENTRIES): chunks past it are still stored, only not kept for resuming,
    // and neither is one that added no byte (written over), so a peer of tiny chunks costs no more memory.
    if (this.partial && crc && this.done.bytes > before && this.chunks.length < MAX_HELD_ENTRIES && keptEntries < MAX_KEPT_ENTRIES) {
      const chunk = { offset, size: data.length, crc };
      // Recorded on disk however it ended (an interrupted one keeps what arrived); kept in
      // memory, for answering a RESUME while in transit, only until it ends.
      this.unrecorded.push(chunk);
      if (!this.endedAs) {
        this.chunks.push(chunk);
        keptEntries++;
      }
    }
    this.hooks.changed(this);
    this.unflushed += data.length;
    // The disk slower than the network: wait for the flush under way.
    if (this.unflushed >= FLUSH_EVERY_BYTES) await this.flushing;
    if (this.unflushed >= FLUSH_EVERY_BYTES && !this.flushing) {
      // Flushing as we go keeps the final fsync short and the disk busy; a
      // resumable transfer's record then notes what the flush made durable.
      this.unflushed = 0;
      this.flushing = this.flushAndRecord(temp).then(
        () => void (this.flushing = null),
        () => void (this.flushing = null),
      );
    }
    return READY_REPLY;
  }

  /** Flushes the data, then (resumable) records the chunks written before the flush began: a record never runs ahead of the disk. */
  private async flushAndRecord(temp: TempFile): Promise<void> {
    const written = this.unrecorded;
    this.unrecorded = [];
    await this.folder.flushSoFar(temp);
    await this.partial?.record.append(written);
  }

  /**
   * Interrupted (its sender gone quiet, the receiver stopping): a resumable
   * transfer keeps its data and record for its device to resume; any other
   * is aborted as PROTOCOL.md has it.
   */
  async interrupt(reply: Reply): Promise<void> {
    if (!this.partial) return this.abort(reply);
    this.endAs('failed', reply);
    await Promise.allSettled([...this.writes]);
    await this.flushing;
    const temp = await this.temp.catch(() => null);
    if (!temp) return;
    await this.flushAndRecord(temp).catch(() => undefined);
    await this.partial.record.close();
    await this.folder.keep(temp);
  }

  /** Handles CLOSE (PROTOCOL.md §5.3): READY once the file is durable under its final name. */
  finish(size: number, maxFileBytes: number): Promise<Reply> {
    this.finishing = this.storeFinal(size, maxFileBytes);
    return this.finishing;
  }

  private async storeFinal(size: number, maxFileBytes: number): Promise<Reply> {
    // A HELLO that failed set up no transfer (§5.1): its CLOSE names none.
    const opened = await this.temp.then(
      () => true,
      () => false,
    );
    if (!opened) return errorReply('unknown-transfer', `${quoted(this.name)} could not be opened; send HELLO again`);
    this.touch(0);
    this.progress.status = 'closing';
    this.progress.size = size;
    this.hooks.changed(this);
    try {
      if (size > maxFileBytes) throw new ProtocolError('too-large', `${size} bytes is over this receiver's limit of ${maxFileBytes}`);
      await Promise.allSettled([...this.writes]);
      if (!this.done.coversFromZero(size)) {
        throw new ProtocolError('incomplete', `${quoted(this.name)} is missing bytes before ${size}; the transfer is aborted`);
      }
      if (this.done.end !== size) {
        throw new ProtocolError('size-mismatch', `CLOSE says ${size} bytes but the chunks end at ${this.done.end}; the transfer is aborted`);
      }
      const temp = await this.temp;
      await this.flushing;
      const storedAs = await this.folder.commit(temp, this.name);
      if (this.partial) await this.forgetPartial();
      this.progress.storedAs = storedAs;
      this.progress.path = this.folder.resolve(storedAs);
      this.endAs('done');
      return READY_REPLY;
    } catch (err) {
      const error = ioError(err, `store ${quoted(this.name)}`);
      const reply = errorReply(error.code, error.detail);
      await this.abort(reply);
      return reply;
    }
  }

  /** Ends it: its partial data is removed and its name is free again. */
  async abort(reply: Reply): Promise<void> {
    this.endAs('failed', reply);
    await Promise.allSettled([...this.writes]);
    await this.flushing;
    const temp = await this.temp.catch(() => null);
    if (temp) await this.folder.discard(temp);
    if (this.partial) await this.forgetPartial();
  }

  /** Its record goes once its data is stored or discarded. */
  private async forgetPartial(): Promise<void> {
    await this.partial!.record.close();
    await this.partial!.discard();
  }

  /** Tells how it ended; what it kept for answering a RESUME goes (it ends once only). */
  private endAs(status: 'done' | 'failed', reply?: Reply): void {
    this.endedAs = status;
    keptEntries -= this.chunks.length;
    this.chunks.length = 0;
    this.hooks.ended(this, status, reply);
  }

  /** Bytes it moved in the last one to two progress windows. */
  recentBytes(now = Date.now()): number {
    this.roll(now);
    return this.windowBytes + this.previousWindowBytes;
  }

  get age(): number {
    return Date.now() - this.progress.startedAt;
  }

  /** `maxRuns`: fewer for an ended file, whose snapshot is kept (receivedMap.ts). */
  snapshot(maxRuns?: number): FileProgress {
    const map = receivedChunkMap(this.chunkSize, this.done.ranges(), this.inTransit, this.progress.size, this.heldRanges, maxRuns);
    return { ...this.progress, chunkMap: map };
  }

  private touch(bytes: number): void {
    this.lastActivity = Date.now();
    this.roll(this.lastActivity);
    this.windowBytes += bytes;
  }

  private roll(now: number): void {
    const windows = Math.floor((now - this.windowStart) / PROGRESS_WINDOW_MS);
    if (windows <= 0) return;
    this.previousWindowBytes = windows === 1 ? this.windowBytes : 0;
    this.windowBytes = 0;
    this.windowStart += windows * PROGRESS_WINDOW_MS;
  }
}
