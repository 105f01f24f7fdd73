// The receiver (PROTOCOL.md §1–§8): it checks every request, hands chunks to
// their transfers and answers each peer in order. Its network side is the
// listener (one ZMTP connection = one peer); the file side is ReceiveFolder.
// The rules that keep one peer from hurting the others live here: limits
// per peer and in all, fair eviction of stalled work, and one memory budget.
import { DEFAULT_LIMITS, type ReceiverLimits, type Reply, type Request } from '../../../shared/protocol.js';
import { MAX_ENDED_FILES, type FileProgress } from '../../../shared/transfer.js';
import { errorReply, parseRequest, ProtocolError } from '../protocol/codec.js';
import { digestHex, parseChecksum } from '../protocol/checksum.js';
import { quoted } from '../protocol/names.js';
import { overlaps } from '../protocol/ranges.js';
import { Coalescer } from '../progress/coalescer.js';
import { untilPortsFree } from '../util/portsFree.js';
import { reachableAddresses } from './addresses.js';
import { RECEIVER_BUDGET } from './budget.js';
import { Listener, type Peer } from './listener.js';
import { ioError, ReceiveFolder } from './receiveFolder.js';
import { ReplyChannel } from './replyChannel.js';
import { PROGRESS_WINDOW_MS, Transfer } from './transfer.js';

export interface ReceiverConfig {
  dir: string;
  bind: string[];
  limits?: Partial<ReceiverLimits>;
  onProgress?: (files: FileProgress[]) => void;
}

/** Separate byte ranges one transfer may hold: a sender writing in order makes one. */
const MAX_RANGES_PER_TRANSFER = 100_000;
/** Requests of one peer waiting for their replies; a peer past it is flooding. */
const MAX_PENDING_PER_PEER = 8_192;
/** A transfer or a peer that moved less than this in a progress window is stalled: the first to go at a limit. */
const MIN_PROGRESS_BYTES = 64 * 1024;
const CHUNK = Buffer.from('CHUNK');

export class Receiver {
  readonly limits: ReceiverLimits;
  private listener: Listener | null = null;
  private folder: ReceiveFolder | null = null;
  private readonly transfers = new Map<string, Transfer>();
  private readonly peers = new Map<string, ReplyChannel>();
  /** Finished files, kept so late subscribers see them. */
  private readonly finished = new Map<string, FileProgress>();
  private readonly byId = new Map<string, Transfer>();
  private readonly progress: Coalescer<FileProgress>;
  private idleTimer: NodeJS.Timeout | null = null;
  private heldBytes = 0;
  /** Transfers being aborted in the background (abortLater). */
  private readonly aborting = new Set<Promise<void>>();

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
    return [...(this.listener?.endpoints ?? [])];
  }

  get addresses(): string[] {
    return this.boundEndpoints.flatMap((e) => reachableAddresses(e));
  }

  async start(): Promise<void> {
    this.folder = await ReceiveFolder.open(this.config.dir);
    try {
      this.listener = await Listener.open(
        this.config.bind,
        { ...RECEIVER_BUDGET, maxMessageBytes: 2 * this.limits.maxChunkBytes + 64 * 1024 },
        {
          // A CHUNK's data, unless it is over the limit: refused then, it is not worth holding.
          keepWhole: (index, kept, size) =>
            index === 5 + (kept[0]?.length === 0 ? 1 : 0) && CHUNK.equals(kept[index - 5]!) && size <= this.limits.maxChunkBytes,
          message: (peer, frames, count, sizes) => this.message(peer, frames, count, sizes),
          gone: (peer, why) => this.gone(peer, why),
          busy: (peer) => this.busy(peer),
        },
      );
    } catch (err) {
      await this.folder.close();
      throw new Error(`cannot listen on ${this.config.bind.join(', ')}: ${(err as Error).message}`);
    }
    const sweepMs = Math.max(10, Math.min(1_000, this.limits.idleMs / 4));
    this.idleTimer = setInterval(() => this.abortIdle(), sweepMs);
  }

  /** Aborts every transfer in transit (partial data removed) and unbinds. */
  async stop(): Promise<void> {
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.idleTimer = null;
    const listener = this.listener;
    this.listener = null;
    listener?.close();
    await untilPortsFree(listener?.endpoints ?? []);
    await listener?.done.catch(() => undefined);
    // A file being stored is let finish (its data is all there); the others are aborted.
    await Promise.all([...this.transfers.values()].map((t) => t.finishing ?? t.abort(errorReply('io', 'the receiver stopped'))));
    // Aborts begun before (a peer gone, an idle transfer) still use the folder.
    await Promise.all([...this.aborting]);
    await this.folder?.close();
    this.progress.flush();
  }

  /** Snapshots of every file this receiver has seen. */
  files(): FileProgress[] {
    return [...this.finished.values(), ...[...this.transfers.values()].map((t) => t.snapshot())];
  }

  /** Peers connected now. */
  get connections(): number {
    return this.listener?.connectionCount ?? 0;
  }

  /** Connections still open, those of dropped peers not yet closed included. */
  get openConnections(): number {
    return this.listener?.openCount ?? 0;
  }

  private message(peer: Peer, frames: Buffer[], frameCount: number, sizes: number[]): void {
    let channel = this.peers.get(peer.key);
    if (!channel) this.peers.set(peer.key, (channel = new ReplyChannel(peer, (p, reply) => this.listener?.send(p, reply))));
    if (channel.pending >= MAX_PENDING_PER_PEER) return this.listener?.drop(peer, 'too many requests waiting for replies');
    channel.lastHeard = Date.now();
    // A REQ sender puts an empty delimiter frame before the command (§1).
    const envelope = frames.length > 1 && frames[0]!.length === 0;
    const body = envelope ? frames.slice(1) : frames;
    const { reply, answered } = this.dispatch(channel, body, frameCount - (envelope ? 1 : 0), sizes[envelope ? 6 : 5] ?? 0);
    if (!(reply instanceof Promise)) return channel.answer(reply, envelope, answered);
    // Work under way holds the request's bytes (a chunk's data) until it is answered.
    const held = frames.reduce((sum, f) => sum + f.length, 0);
    this.hold(held);
    channel.answer(
      reply.finally(() => this.release(held)),
      envelope,
      answered,
    );
  }

  /**
   * The reply to one request: known at once when it is refused, a promise
   * when work is under way. `dataBytes` is a CHUNK's true data size.
   */
  private dispatch(channel: ReplyChannel, body: Buffer[], frameCount: number, dataBytes: number): { reply: Reply | Promise<Reply>; answered?: () => void } {
    const parsed = parseRequest(body, frameCount);
    if (!parsed.ok) return { reply: parsed.reply };
    const request = parsed.request;
    try {
      switch (request.cmd) {
        case 'HELLO':
          return { reply: this.hello(channel, request.name) };
        case 'CHUNK':
          return this.chunk(channel, request, dataBytes);
        case 'CLOSE':
          return { reply: this.ownTransfer(channel, request.name).finish(request.size, this.limits.maxFileBytes) };
      }
    } catch (err) {
      // A fault of this receiver is still only this request's error: it never crashes.
      const error = err instanceof ProtocolError ? err : ioError(err, `handle ${request.cmd}`);
      return { reply: errorReply(error.code, error.detail) };
    }
  }

  private ownTransfer(channel: ReplyChannel, name: string): Transfer {
    const transfer = this.transfers.get(name);
    if (!transfer || transfer.owner !== channel.peer.key || transfer.finishing) {
      throw new ProtocolError('unknown-transfer', `${quoted(name)} is not being received from you; send HELLO first`);
    }
    return transfer;
  }

  private hello(channel: ReplyChannel, name: string): Promise<Reply> {
    if (this.transfers.has(name)) throw new ProtocolError('busy', `${quoted(name)} is already being received`);
    if (channel.transfers.size >= this.limits.maxTransfersPerSender) {
      throw new ProtocolError('limit', `you have ${channel.transfers.size} transfers in transit, the most this receiver allows`);
    }
    if (this.transfers.size >= this.limits.maxTransfers && !this.makeRoom()) {
      throw new ProtocolError('limit', `${this.transfers.size} transfers are in transit, the most this receiver allows`);
    }
    const transfer = new Transfer(name, channel.peer.key, this.folder!, {
      changed: (t) => this.progress.mark(t.id),
      ended: (t, status, reply) => this.forget(t, status, reply),
    });
    this.transfers.set(name, transfer);
    this.byId.set(transfer.id, transfer);
    channel.transfers.add(name);
    this.progress.mark(transfer.id);
    return transfer.opened();
  }

  /** `dataBytes`: the data frame's size (its bytes are kept only up to the chunk limit). */
  private chunk(channel: ReplyChannel, request: Extract<Request, { cmd: 'CHUNK' }>, dataBytes: number): { reply: Promise<Reply>; answered: () => void } {
    const { name, offset, size, data } = request;
    const transfer = this.ownTransfer(channel, name);
    if (size !== dataBytes) throw new ProtocolError('bad-size', `size says ${size} bytes but the data holds ${dataBytes}`);
    if (size < 1) throw new ProtocolError('bad-size', 'a chunk holds at least one byte');
    if (size > this.limits.maxChunkBytes) {
      throw new ProtocolError('too-large', `a chunk of ${size} bytes is over this receiver's limit of ${this.limits.maxChunkBytes}`);
    }
    if (offset + size > this.limits.maxFileBytes) {
      throw new ProtocolError('too-large', `the file would pass this receiver's limit of ${this.limits.maxFileBytes} bytes`);
    }
    if (transfer.inTransit.length >= this.limits.maxChunksInTransitPerTransfer) {
      throw new ProtocolError('limit', `${transfer.inTransit.length} chunks of ${quoted(name)} are in transit, the most this receiver allows`);
    }
    if (transfer.done.count >= MAX_RANGES_PER_TRANSFER) {
      throw new ProtocolError('limit', `${quoted(name)} is in ${transfer.done.count} separate pieces, the most this receiver allows`);
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
    const { reply, range } = transfer.write(data, offset);
    this.progress.mark(transfer.id);
    return { reply, answered: () => transfer.settle(range) };
  }

  /**
   * At the limit of transfers in all: the transfer that made the least
   * progress goes, if it made almost none, so that a few peers that keep
   * many transfers barely alive cannot lock every other sender out.
   */
  private makeRoom(): boolean {
    const now = Date.now();
    let victim: Transfer | null = null;
    let least = MIN_PROGRESS_BYTES;
    for (const transfer of this.transfers.values()) {
      if (transfer.finishing || transfer.inTransit.length > 0 || transfer.age < PROGRESS_WINDOW_MS) continue;
      const moved = transfer.recentBytes(now) + this.arriving(transfer);
      if (moved < least) [victim, least] = [transfer, moved];
    }
    if (!victim) return false;
    this.abortLater(victim, errorReply('unknown-transfer', 'it made no progress while others waited; the transfer was aborted'));
    return true;
  }

  /**
   * Bytes of a chunk of `transfer` that its sender is sending now: a chunk
   * that takes long to arrive, on a busy receiver, is progress all the same.
   */
  private arriving(transfer: Transfer): number {
    const channel = this.peers.get(transfer.owner);
    if (!channel || !this.listener) return 0;
    const { frames, bytes } = this.listener.unfinished(channel.peer);
    const at = frames[0]?.length === 0 ? 1 : 0;
    const isChunk = frames.length > at + 1 && CHUNK.equals(frames[at]!) && frames[at + 1]!.equals(Buffer.from(transfer.name));
    return isChunk ? bytes : 0;
  }

  /** Whether a peer has work under way: replies owed, or a transfer that is moving. */
  private busy(peer: Peer): boolean {
    const channel = this.peers.get(peer.key);
    if (!channel) return false;
    if (channel.pending > 0) return true;
    const now = Date.now();
    return [...channel.transfers].some((name) => (this.transfers.get(name)?.recentBytes(now) ?? 0) >= MIN_PROGRESS_BYTES);
  }

  /** A peer that disconnected or was dropped: its transfers end, its replies are dropped. */
  private gone(peer: Peer, why: string): void {
    const channel = this.peers.get(peer.key);
    if (!channel) return;
    this.peers.delete(peer.key);
    channel.gone = true;
    for (const name of channel.transfers) {
      const transfer = this.transfers.get(name);
      if (transfer && !transfer.finishing) this.abortLater(transfer, errorReply('unknown-transfer', `the sender's connection ended (${why}); the transfer was aborted`));
    }
  }

  /** Aborts in the background: stop() waits for it before closing the folder; if it fails, the next start removes the temporary file. */
  private abortLater(transfer: Transfer, reply: Reply): void {
    const aborted = transfer.abort(reply).catch(() => undefined);
    this.aborting.add(aborted);
    void aborted.then(() => this.aborting.delete(aborted));
  }

  private forget(transfer: Transfer, status: 'done' | 'failed', reply?: Reply): void {
    if (this.transfers.get(transfer.name) === transfer) this.transfers.delete(transfer.name);
    if (!this.byId.delete(transfer.id)) return;
    this.peers.get(transfer.owner)?.transfers.delete(transfer.name);
    transfer.progress.status = status;
    if (reply && !reply.ok) transfer.progress.error = { code: reply.code, text: reply.text };
    this.finished.set(transfer.id, transfer.snapshot());
    if (this.finished.size > MAX_ENDED_FILES) this.finished.delete(this.finished.keys().next().value!);
    this.progress.mark(transfer.id);
  }

  private abortIdle(): void {
    const now = Date.now();
    for (const transfer of this.transfers.values()) {
      if (transfer.finishing || transfer.opening || transfer.inTransit.length > 0) continue;
      if (now - transfer.lastActivity >= this.limits.idleMs) {
        const seconds = Math.round(this.limits.idleMs / 1000);
        this.abortLater(transfer, errorReply('unknown-transfer', `nothing heard from the sender for ${seconds} s; the transfer was aborted`));
      }
    }
  }

  private hold(bytes: number): void {
    this.heldBytes += bytes;
    if (this.heldBytes > RECEIVER_BUDGET.maxHeldBytes) this.listener?.pause();
  }

  private release(bytes: number): void {
    this.heldBytes -= bytes;
    if (this.heldBytes <= RECEIVER_BUDGET.maxHeldBytes / 2) this.listener?.unpause();
  }

  private snapshot(id: string): FileProgress | undefined {
    return this.finished.get(id) ?? this.byId.get(id)?.snapshot();
  }
}
