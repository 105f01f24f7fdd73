// The receiver (PROTOCOL.md §1–§8): a ROUTER that checks every request,
// writes chunks to temporary files and answers each sender in order.
import { randomUUID } from 'node:crypto';
import * as zmq from 'zeromq';
import { DEFAULT_LIMITS, RECEIVE_HWM, type ReceiverLimits, type Reply, type Request } from '../../../shared/protocol.js';
import { ChunkState, MAX_ENDED_FILES, type FileProgress } from '../../../shared/transfer.js';
import { errorReply, encodeReply, parseRequest, ProtocolError, READY_REPLY } from '../protocol/codec.js';
import { digestHex, parseChecksum } from '../protocol/checksum.js';
import { overlaps, RangeSet } from '../protocol/ranges.js';
import { ChunkTracker } from '../progress/chunkTracker.js';
import { Coalescer } from '../progress/coalescer.js';
import { SendQueue } from '../util/sendQueue.js';
import { untilPortsFree } from '../util/portsFree.js';
import { reachableAddresses } from './addresses.js';
import { ioError, ReceiveFolder, type TempFile } from './receiveFolder.js';

export interface ReceiverConfig {
  dir: string;
  bind: string[];
  limits?: Partial<ReceiverLimits>;
  onProgress?: (files: FileProgress[]) => void;
}

/** Chunk bytes received but not yet written, past which reading pauses. */
const MAX_HELD_BYTES = 256 * 1024 * 1024;
/** Written bytes after which a transfer flushes to disk in the background. */
const FLUSH_EVERY_BYTES = 32 * 1024 * 1024;

interface Transfer {
  id: string;
  name: string;
  owner: string;
  temp: Promise<TempFile>;
  done: RangeSet;
  inTransit: Array<[number, number]>;
  writes: Set<Promise<unknown>>;
  tracker: ChunkTracker;
  lastActivity: number;
  /** Its CLOSE being handled (flush, name, folder sync): no more requests for it. */
  finishing: Promise<Reply> | null;
  unflushed: number;
  flushing: Promise<void> | null;
  /** All but the chunk map, which the tracker holds. */
  progress: Omit<FileProgress, 'chunkMap'>;
}

interface SenderState {
  /** Replies are sent strictly in the order requests arrived. */
  chain: Promise<void>;
  pending: number;
  transfers: Set<string>;
}

export class Receiver {
  readonly limits: ReceiverLimits;
  private socket: zmq.Router | null = null;
  private folder: ReceiveFolder | null = null;
  private writer: SendQueue | null = null;
  private readonly transfers = new Map<string, Transfer>();
  private readonly senders = new Map<string, SenderState>();
  /** Finished files, kept so late subscribers see them. */
  private readonly finished = new Map<string, FileProgress>();
  private readonly byId = new Map<string, Transfer>();
  private readonly progress: Coalescer<FileProgress>;
  private idleTimer: NodeJS.Timeout | null = null;
  private heldBytes = 0;
  private heldWaiters: Array<() => void> = [];
  private loop: Promise<void> | null = null;
  private endpoints: string[] = [];

  constructor(private readonly config: ReceiverConfig) {
    this.limits = { ...DEFAULT_LIMITS, ...config.limits };
    this.progress = new Coalescer(
      (id) => this.snapshot(id),
      (files) => config.onProgress?.(files),
    );
  }

  get root(): string | null {
    return this.folder?.root ?? null;
  }

  get boundEndpoints(): string[] {
    return [...this.endpoints];
  }

  get addresses(): string[] {
    return this.endpoints.flatMap((e) => reachableAddresses(e));
  }

  async start(): Promise<void> {
    this.folder = await ReceiveFolder.open(this.config.dir);
    const socket = new zmq.Router({
      mandatory: true,
      receiveHighWaterMark: RECEIVE_HWM,
      sendHighWaterMark: 100_000,
      maxMessageSize: 2 * this.limits.maxChunkBytes + 64 * 1024,
      // A sender that stops reading replies must not stall every other one.
      sendTimeout: 5_000,
      linger: 0,
    });
    try {
      for (const endpoint of this.config.bind) {
        await socket.bind(endpoint);
        this.endpoints.push(socket.lastEndpoint ?? endpoint);
      }
    } catch (err) {
      socket.close();
      await this.folder.close();
      throw new Error(`cannot listen on ${this.config.bind.join(', ')}: ${(err as Error).message}`);
    }
    this.socket = socket;
    // Replies to a sender that vanished are dropped; its transfers idle out.
    this.writer = new SendQueue(socket, () => undefined);
    const sweepMs = Math.max(10, Math.min(1_000, this.limits.idleMs / 4));
    this.idleTimer = setInterval(() => this.abortIdle(), sweepMs);
    this.loop = this.receiveLoop(socket);
  }

  /** Aborts every transfer in transit (partial data removed) and unbinds. */
  async stop(): Promise<void> {
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.idleTimer = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close();
    await untilPortsFree(this.endpoints);
    await this.loop?.catch(() => undefined);
    // A file being stored is let finish (its data is all there); the others are aborted.
    await Promise.all([...this.transfers.values()].map((t) => t.finishing ?? this.abort(t, errorReply('io', 'the receiver stopped'))));
    await this.folder?.close();
    this.progress.flush();
    this.endpoints = [];
  }

  /** Snapshots of every file this receiver has seen. */
  files(): FileProgress[] {
    return [...this.finished.values(), ...[...this.transfers.values()].map((t) => this.snapshotOf(t))];
  }

  private async receiveLoop(socket: zmq.Router): Promise<void> {
    try {
      for await (const frames of socket) {
        this.handle(frames);
        if (this.heldBytes > MAX_HELD_BYTES) await new Promise<void>((resolve) => this.heldWaiters.push(resolve));
      }
    } catch (err) {
      if (this.socket) throw err;
    }
  }

  private handle(frames: Buffer[]): void {
    const routingId = frames[0]!;
    // A REQ sender puts an empty delimiter frame before the command (§1).
    const envelope = frames.length > 1 && frames[1]!.length === 0;
    const body = frames.slice(envelope ? 2 : 1);
    const key = routingId.toString('hex');
    let sender = this.senders.get(key);
    if (!sender) {
      sender = { chain: Promise.resolve(), pending: 0, transfers: new Set() };
      this.senders.set(key, sender);
    }
    const { reply, answered } = this.dispatch(key, sender, body);
    sender.pending++;
    const state = sender;
    state.chain = state.chain.then(async () => {
      const result = await reply.catch((err: unknown) => errorReply('io', `the receiver failed: ${String(err)}`));
      answered?.();
      state.pending--;
      if (state.pending === 0 && state.transfers.size === 0) this.senders.delete(key);
      this.writer?.push([routingId, ...(envelope ? [''] : []), ...encodeReply(result)]);
    });
  }

  private dispatch(key: string, sender: SenderState, body: Buffer[]): { reply: Promise<Reply>; answered?: () => void } {
    const parsed = parseRequest(body);
    if (!parsed.ok) return { reply: Promise.resolve(parsed.reply) };
    const request = parsed.request;
    try {
      switch (request.cmd) {
        case 'HELLO':
          return { reply: this.hello(key, sender, request.name) };
        case 'CHUNK':
          return this.chunk(key, request);
        case 'CLOSE':
          return { reply: this.close(key, request) };
      }
    } catch (err) {
      // A fault of this receiver is still only this request's error: it never crashes.
      const error = err instanceof ProtocolError ? err : ioError(err, `handle ${request.cmd}`);
      return { reply: Promise.resolve(errorReply(error.code, error.detail)) };
    }
  }

  private ownTransfer(key: string, name: string): Transfer {
    const transfer = this.transfers.get(name);
    if (!transfer || transfer.owner !== key || transfer.finishing) {
      throw new ProtocolError('unknown-transfer', `${JSON.stringify(name)} is not being received from you; send HELLO first`);
    }
    return transfer;
  }

  private hello(key: string, sender: SenderState, name: string): Promise<Reply> {
    if (this.transfers.has(name)) {
      throw new ProtocolError('busy', `${JSON.stringify(name)} is already being received`);
    }
    if (sender.transfers.size >= this.limits.maxTransfersPerSender) {
      throw new ProtocolError('limit', `you have ${sender.transfers.size} transfers in transit, the most this receiver allows`);
    }
    if (this.transfers.size >= this.limits.maxTransfers) {
      throw new ProtocolError('limit', `${this.transfers.size} transfers are in transit, the most this receiver allows`);
    }
    const now = Date.now();
    const temp = this.folder!.createTemp(name);
    const transfer: Transfer = {
      id: randomUUID(),
      name,
      owner: key,
      temp,
      done: new RangeSet(),
      inTransit: [],
      writes: new Set(),
      tracker: new ChunkTracker(0),
      lastActivity: now,
      finishing: null,
      unflushed: 0,
      flushing: null,
      progress: {
        id: '',
        direction: 'receive',
        name,
        size: null,
        bytes: 0,
        status: 'active',
        retries: 0,
        peer: key.slice(0, 12),
        startedAt: now,
        updatedAt: now,
      },
    };
    transfer.progress.id = transfer.id;
    this.transfers.set(name, transfer);
    this.byId.set(transfer.id, transfer);
    sender.transfers.add(name);
    this.progress.mark(transfer.id);
    return temp.then(
      () => READY_REPLY,
      (err: unknown) => {
        const error = ioError(err, `open ${JSON.stringify(name)}`);
        this.forget(transfer, 'failed', errorReply(error.code, error.detail));
        return errorReply(error.code, error.detail);
      },
    );
  }

  private chunk(key: string, request: Extract<Request, { cmd: 'CHUNK' }>): { reply: Promise<Reply>; answered: () => void } {
    const { name, offset, size, data } = request;
    const transfer = this.ownTransfer(key, name);
    transfer.lastActivity = Date.now();
    if (size !== data.length) throw new ProtocolError('bad-size', `size says ${size} bytes but the data holds ${data.length}`);
    if (size < 1) throw new ProtocolError('bad-size', 'a chunk holds at least one byte');
    if (size > this.limits.maxChunkBytes) {
      throw new ProtocolError('too-large', `a chunk of ${size} bytes is over this receiver's limit of ${this.limits.maxChunkBytes}`);
    }
    if (offset + size > this.limits.maxFileBytes) {
      throw new ProtocolError('too-large', `the file would pass this receiver's limit of ${this.limits.maxFileBytes} bytes`);
    }
    if (transfer.inTransit.length >= this.limits.maxChunksInTransitPerTransfer) {
      throw new ProtocolError('limit', `${transfer.inTransit.length} chunks of ${JSON.stringify(name)} are in transit, the most this receiver allows`);
    }
    const checksum = parseChecksum(request.checksum);
    if (!checksum) {
      throw new ProtocolError('bad-checksum', `${JSON.stringify(request.checksum.slice(0, 80))} is not crc32, sha1 or sha256 hex`);
    }
    if (digestHex(checksum.algo, data) !== checksum.hex) {
      throw new ProtocolError('bad-checksum', `the ${checksum.algo} of the chunk at ${offset} does not match; it was damaged on the way`);
    }
    const end = offset + size;
    if (transfer.inTransit.some(([s, e]) => overlaps(offset, end, s, e))) {
      throw new ProtocolError('overlap', `the chunk at ${offset}–${end} overlaps a chunk still in transit`);
    }
    const range: [number, number] = [offset, end];
    transfer.inTransit.push(range);
    transfer.tracker.setRange(offset, end, ChunkState.InFlight);
    this.hold(size);
    const write = this.write(transfer, data, offset, size).finally(() => this.release(size));
    transfer.writes.add(write);
    void write.finally(() => transfer.writes.delete(write));
    return {
      reply: write,
      answered: () => {
        transfer.inTransit.splice(transfer.inTransit.indexOf(range), 1);
      },
    };
  }

  private async write(transfer: Transfer, data: Uint8Array, offset: number, size: number): Promise<Reply> {
    let temp: TempFile;
    try {
      temp = await transfer.temp;
    } catch {
      return errorReply('unknown-transfer', `${JSON.stringify(transfer.name)} could not be opened; send HELLO again`);
    }
    try {
      await this.folder!.write(temp, data, offset);
    } catch (err) {
      const error = ioError(err, `write ${JSON.stringify(transfer.name)}`);
      transfer.tracker.setRange(offset, offset + size, ChunkState.Retrying);
      this.progress.mark(transfer.id);
      return errorReply(error.code, error.detail);
    }
    transfer.done.add(offset, offset + size);
    transfer.tracker.setRange(offset, offset + size, ChunkState.Done);
    transfer.progress.bytes = transfer.done.bytes;
    this.progress.mark(transfer.id);
    transfer.unflushed += size;
    if (transfer.unflushed >= FLUSH_EVERY_BYTES && !transfer.flushing) {
      // Flushing as we go keeps the final fsync short and the disk busy.
      transfer.unflushed = 0;
      transfer.flushing = this.folder!.flushSoFar(temp).then(
        () => void (transfer.flushing = null),
        () => void (transfer.flushing = null),
      );
    }
    return READY_REPLY;
  }

  private close(key: string, request: Extract<Request, { cmd: 'CLOSE' }>): Promise<Reply> {
    const transfer = this.ownTransfer(key, request.name);
    transfer.finishing = this.finish(transfer, request.size);
    return transfer.finishing;
  }

  private async finish(transfer: Transfer, size: number): Promise<Reply> {
    const request = { name: transfer.name, size };
    transfer.lastActivity = Date.now();
    transfer.progress.status = 'closing';
    transfer.progress.size = request.size;
    this.progress.mark(transfer.id);
    try {
      if (request.size > this.limits.maxFileBytes) {
        throw new ProtocolError('too-large', `${request.size} bytes is over this receiver's limit of ${this.limits.maxFileBytes}`);
      }
      await Promise.allSettled([...transfer.writes]);
      if (!transfer.done.coversFromZero(request.size)) {
        throw new ProtocolError('incomplete', `${JSON.stringify(request.name)} is missing bytes before ${request.size}; the transfer is aborted`);
      }
      if (transfer.done.end !== request.size) {
        throw new ProtocolError('size-mismatch', `CLOSE says ${request.size} bytes but the chunks end at ${transfer.done.end}; the transfer is aborted`);
      }
      const temp = await transfer.temp;
      await transfer.flushing;
      const storedAs = await this.folder!.commit(temp, request.name);
      transfer.progress.storedAs = storedAs;
      transfer.progress.path = this.folder!.resolve(storedAs);
      this.forget(transfer, 'done');
      return READY_REPLY;
    } catch (err) {
      const error = ioError(err, `store ${JSON.stringify(request.name)}`);
      const reply = errorReply(error.code, error.detail);
      await this.abort(transfer, reply);
      return reply;
    }
  }

  /** Ends a transfer: its partial data is removed and its name is free again. */
  private async abort(transfer: Transfer, reply: Reply): Promise<void> {
    this.forget(transfer, 'failed', reply);
    await Promise.allSettled([...transfer.writes]);
    await transfer.flushing;
    const temp = await transfer.temp.catch(() => null);
    if (temp) await this.folder!.discard(temp);
  }

  private forget(transfer: Transfer, status: 'done' | 'failed', reply?: Reply): void {
    if (this.transfers.get(transfer.name) === transfer) this.transfers.delete(transfer.name);
    this.byId.delete(transfer.id);
    const sender = this.senders.get(transfer.owner);
    sender?.transfers.delete(transfer.name);
    transfer.progress.status = status;
    if (reply && !reply.ok) transfer.progress.error = { code: reply.code, text: reply.text };
    this.finished.set(transfer.id, this.snapshotOf(transfer));
    if (this.finished.size > MAX_ENDED_FILES) this.finished.delete(this.finished.keys().next().value!);
    this.progress.mark(transfer.id);
  }

  private abortIdle(): void {
    const now = Date.now();
    for (const transfer of this.transfers.values()) {
      if (transfer.finishing || transfer.inTransit.length > 0) continue;
      if (now - transfer.lastActivity >= this.limits.idleMs) {
        const seconds = Math.round(this.limits.idleMs / 1000);
        void this.abort(transfer, errorReply('unknown-transfer', `nothing heard from the sender for ${seconds} s; the transfer was aborted`));
      }
    }
  }

  private hold(bytes: number): void {
    this.heldBytes += bytes;
  }

  private release(bytes: number): void {
    this.heldBytes -= bytes;
    if (this.heldBytes <= MAX_HELD_BYTES / 2 && this.heldWaiters.length > 0) {
      for (const wake of this.heldWaiters.splice(0)) wake();
    }
  }

  private snapshot(id: string): FileProgress | undefined {
    const finished = this.finished.get(id);
    if (finished) return finished;
    const transfer = this.byId.get(id);
    return transfer && this.snapshotOf(transfer);
  }

  private snapshotOf(transfer: Transfer): FileProgress {
    return { ...transfer.progress, chunkMap: transfer.tracker.toMap(), updatedAt: Date.now() };
  }
}
