// The receiver (PROTOCOL.md §1–§8): it checks every request, hands chunks to
// their transfers and answers each peer in order. Its network side is its
// ports (receiverPorts.ts: one connection = one peer); the file side is
// ReceiveFolder.
// The rules that keep one peer from hurting the others live here: limits
// per peer and in all, fair eviction of stalled work, and one memory budget.
import { randomUUID } from 'node:crypto';
import { DEFAULT_LIMITS, type FrameData, type ReceiverLimits, type Reply } from '../../../shared/protocol.js';
import { keyAddress } from '../../../shared/peerAddress.js';
import { RECEIVER_CANCELLED_TEXT, RECEIVER_STOPPED_TEXT, type FileProgress, type PartialListing, type ReceiverEncryption } from '../../../shared/transfer.js';
import { fingerprint, keyText } from '../trust/deviceIdentity.js';
import { errorReply } from '../protocol/codec.js';
import { joined, piecesOf } from '../protocol/pieces.js';
import { Coalescer } from '../progress/coalescer.js';
import { blockBytesOf } from '../zmtp/blockPool.js';
import { reachableAddresses } from './addresses.js';
import { RECEIVER_BUDGET } from './budget.js';
import { DeviceGate, type GateConfig } from './deviceGate.js';
import type { Peer } from './listener.js';
import { PartialKeeper } from './partialKeeper.js';
import type { PartialLimits } from './partialStore.js';
import { isChunk, ReceiverPorts } from './receiverPorts.js';
import { ReceiveFolder } from './receiveFolder.js';
import { MAX_PENDING_PER_PEER, ReplyChannel } from './replyChannel.js';
import { Transfer } from './transfer.js';
import { leastMoving, MIN_PROGRESS_BYTES, quietTransfers, TransferBook } from './transferBook.js';
import { TransferDesk } from './transferDesk.js';
import { RequestRouter } from './requestRouter.js';

export interface ReceiverConfig {
  dir: string;
  bind: string[];
  limits?: Partial<ReceiverLimits>;
  onProgress?: (files: FileProgress[]) => void;
  /** Encryption and consent; without it the receiver is plain PROTOCOL.md v1, open to anyone. */
  security?: ReceiverSecurity;
}

export interface ReceiverSecurity extends GateConfig {
  /** Whether plain v1 senders are served too (unencrypted, no device identity). */
  acceptPlain: boolean;
  /** How long and within how much disk interrupted encrypted transfers are kept for resuming. */
  partials?: Partial<PartialLimits>;
}


export class Receiver {
  readonly limits: ReceiverLimits;
  private ports: ReceiverPorts | null = null;
  /** Interrupted encrypted transfers kept for their devices (encrypted mode only). */
  private partials: PartialKeeper | null = null;
  private readonly gate: DeviceGate | null;
  private folder: ReceiveFolder | null = null;
  private readonly transfers = new TransferBook(() => this.progress.flush());
  private readonly desk: TransferDesk;
  private readonly router: RequestRouter;
  private readonly peers = new Map<string, ReplyChannel>();
  private readonly progress: Coalescer<FileProgress>;
  private idleTimer: NodeJS.Timeout | null = null;
  private heldBytes = 0;
  /** Tells this run's connections from an earlier run's, whose names count again from the start. */
  private readonly run = randomUUID().slice(0, 8);

  constructor(private readonly config: ReceiverConfig) {
    this.limits = { ...DEFAULT_LIMITS, ...config.limits };
    this.gate = config.security ? new DeviceGate(config.security) : null;
    this.desk = new TransferDesk({
      limits: this.limits,
      transfers: this.transfers,
      gate: this.gate,
      hooks: { changed: (t) => this.changed(t), ended: (t, status, reply) => this.forget(t, status, reply) },
      folder: () => this.folder!,
      partials: () => this.partials,
      channel: (key) => this.peers.get(key),
      makeRoom: () => this.makeRoom(),
    });
    this.router = new RequestRouter({
      limits: this.limits,
      gate: this.gate,
      security: config.security,
      desk: this.desk,
      secureEndpoints: () => this.secureEndpoints,
      moved: (transfer) => this.changed(transfer),
    });
    this.progress = new Coalescer(
      (id) => this.snapshot(id),
      (files) => config.onProgress?.(files),
    );
  }

  get root(): string | null {
    return this.folder?.root ?? null;
  }

  get boundEndpoints(): string[] {
    return this.ports?.plainEndpoints ?? [];
  }

  /** The encrypted port's endpoints (none in plain mode). */
  get secureEndpoints(): string[] {
    return this.ports?.secureEndpoints ?? [];
  }

  get addresses(): string[] {
    const plain = this.boundEndpoints.flatMap((e) => reachableAddresses(e));
    const identity = this.config.security?.identity;
    return identity ? plain.filter((a) => a.startsWith('tcp://')).map((a) => keyAddress(keyText(identity.publicKey), a)) : plain;
  }

  /** This receiver's device and policy, when it encrypts. */
  get encryption(): ReceiverEncryption | undefined {
    const security = this.config.security;
    if (!security || !this.ports?.encrypted) return undefined;
    const { identity, accept, acceptPlain } = security;
    return { name: identity.name, key: keyText(identity.publicKey), fingerprint: fingerprint(identity.publicKey), accept, acceptPlain, endpoints: this.secureEndpoints };
  }

  async start(): Promise<void> {
    this.folder = await ReceiveFolder.open(this.config.dir);
    if (this.gate) this.partials = new PartialKeeper(this.folder, this.config.security!.partials, () => this.transfers.values());
    try {
      this.ports = await ReceiverPorts.open(this.config.bind, this.limits, this.gate ? this.config.security!.identity : null, {
        request: (peer, frames, count, secure, sizes) => this.take(peer, frames, count, secure, sizes),
        gone: (peer, why) => this.gone(peer, why),
        busy: (peer) => this.busy(peer),
        allow: (key) => this.gate!.allow(key),
        malformed: (peer) => this.channel(peer, true).answer(Promise.resolve(errorReply('bad-request', 'not a packed message (docs/protocol-extensions.md §2)')), false),
        deaf: (peer) => this.secureGone(peer),
      });
    } catch (err) {
      // Its prune timer would keep the thread alive (a failed start left it running).
      await this.partials?.close();
      this.partials = null;
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
    this.gate?.close();
    const ports = this.ports;
    this.ports = null;
    await ports?.close();
    // A file being stored is let finish (its data is all there); the others
    // are aborted, or kept for resuming when encrypted. Either way the sender is told it was a stop.
    await Promise.all([...this.transfers.values()].map((t) => t.finishing ?? t.interrupt(errorReply('io', RECEIVER_STOPPED_TEXT))));
    await this.partials?.close();
    // Aborts begun before (a peer gone, an idle transfer) still use the folder.
    await this.transfers.abortsDone();
    await this.folder?.close();
    this.progress.flush();
  }

  /** Snapshots of every file this receiver has seen. */
  files(): FileProgress[] {
    return this.transfers.files();
  }

  /**
   * The person at this receiver cancelled a file in transit: its partial
   * data is removed, and its sender hears `denied` at its next request for
   * it. False if it is not in transit (or already being stored).
   */
  cancel(id: string): boolean {
    const transfer = this.transfers.byIdInTransit(id);
    if (!transfer || transfer.finishing) return false;
    this.peers.get(transfer.via)?.refuse(transfer.name, RECEIVER_CANCELLED_TEXT);
    this.transfers.abortLater(transfer, errorReply('denied', RECEIVER_CANCELLED_TEXT));
    return true;
  }

  /** What this receiver keeps for resuming (encrypted mode). */
  async keptPartials(): Promise<PartialListing[]> {
    return (await this.partials?.list()) ?? [];
  }

  /** Discards a kept partial; false when there is none by that id or it is being received now. */
  discardPartial(id: string): Promise<boolean> {
    return this.partials?.discard(id) ?? Promise.resolve(false);
  }

  /** Peers connected now. */
  get connections(): number {
    return this.ports?.connections ?? 0;
  }

  /** Connections still open, those of dropped peers not yet closed included. */
  get openConnections(): number {
    return this.ports?.openConnections ?? 0;
  }

  /** One request from the plain port or (`secure`) the encrypted one; `sizes` are its frames' true sizes. */
  private take(peer: Peer, frames: FrameData[], frameCount: number, secure: boolean, sizes: number[]): void {
    const channel = this.channel(peer, secure);
    if (channel.pending >= MAX_PENDING_PER_PEER) return secure ? this.secureGone(peer) : this.ports?.drop(peer, 'too many requests waiting for replies');
    channel.lastHeard = Date.now();
    // A REQ sender puts an empty delimiter frame before the command (§1).
    const envelope = !secure && frames.length > 1 && frames[0]!.length === 0;
    const body = envelope ? frames.slice(1) : frames;
    const { reply, answered } = this.router.route(channel, body, frameCount - (envelope ? 1 : 0), secure, sizes[envelope ? 6 : 5] ?? 0);
    if (!(reply instanceof Promise)) return channel.answer(reply, envelope, answered);
    // Work under way holds the request's bytes (a chunk's data, its blocks in full) until it is answered.
    const held = frames.reduce((sum, f) => sum + blockBytesOf(piecesOf(f)), 0);
    this.hold(held);
    channel.answer(
      reply.finally(() => this.release(held)),
      envelope,
      answered,
    );
  }

  private channel(peer: Peer, secure: boolean): ReplyChannel {
    let channel = this.peers.get(peer.key);
    if (!channel) {
      const send = (p: Peer, reply: Array<string | Uint8Array>, refused: boolean) => this.ports?.send(p, reply, secure, refused);
      this.peers.set(peer.key, (channel = new ReplyChannel(peer, send, `${this.run}.${peer.key}`)));
    }
    return channel;
  }

  /** At the limit of transfers in all: the one that moved least goes, if it barely moved (transferBook.ts). */
  private makeRoom(): boolean {
    const victim = leastMoving(this.transfers.values(), Date.now(), (t) => this.arriving(t));
    if (victim) this.transfers.abortLater(victim, errorReply('unknown-transfer', 'it made no progress while others waited; the transfer was aborted'));
    return victim !== null;
  }

  /**
   * Bytes of a chunk of `transfer` that its sender is sending now: a chunk
   * that takes long to arrive, on a busy receiver, is progress all the same.
   */
  private arriving(transfer: Transfer): number {
    const channel = this.peers.get(transfer.via);
    if (!channel || !this.ports) return 0;
    const { frames, bytes } = this.ports.unfinished(channel.peer);
    const at = frames[0]?.length === 0 ? 1 : 0;
    const chunk = frames.length > at + 1 && isChunk(frames[at]!) && joined(frames[at + 1]!).equals(Buffer.from(transfer.name));
    return chunk ? bytes : 0;
  }

  /** Whether a peer has work under way: replies owed, or a transfer that is moving. */
  private busy(peer: Peer): boolean {
    const channel = this.peers.get(peer.key);
    if (!channel) return false;
    if (channel.pending > 0) return true;
    const now = Date.now();
    return [...channel.transfers].some((name) => (this.transfers.get(name)?.recentBytes(now) ?? 0) >= MIN_PROGRESS_BYTES);
  }

  /**
   * An encrypted connection flooding requests: its replies are dropped and
   * its name forgotten. Its transfers belong to its device, not to it: they
   * go on over another connection, or end when idle.
   */
  private secureGone(peer: Peer): void {
    const channel = this.peers.get(peer.key);
    if (channel) channel.gone = true;
    this.peers.delete(peer.key);
    this.ports?.forgetSecure(peer);
  }

  /** A peer that disconnected or was dropped: its transfers end, its replies are dropped. */
  private gone(peer: Peer, why: string): void {
    const channel = this.peers.get(peer.key);
    if (!channel) return;
    this.peers.delete(peer.key);
    channel.gone = true;
    for (const name of channel.transfers) {
      const transfer = this.transfers.get(name);
      if (transfer && transfer.via === peer.key && !transfer.finishing) this.transfers.abortLater(transfer, errorReply('unknown-transfer', `the sender's connection ended (${why}); the transfer was aborted`));
    }
  }

  private forget(transfer: Transfer, status: 'done' | 'failed', reply?: Reply): void {
    if (!this.transfers.ended(transfer, status, reply)) return;
    // Its connection's count of transfers in transit (an encrypted transfer's owner is its device, not the connection).
    this.peers.get(transfer.via)?.ended(transfer.name);
    this.progress.mark(transfer.id);
  }

  /** `updatedAt` is when the file last changed, not when its progress was sent: a done file's is when it ended. */
  private changed(transfer: Transfer): void {
    transfer.progress.updatedAt = Date.now();
    this.progress.mark(transfer.id);
  }

  private abortIdle(): void {
    const now = Date.now();
    // libzmq tells nothing of encrypted connections that end: quiet ones are forgotten.
    if (this.gate) {
      this.gate.sweep(this.limits.idleMs);
      for (const channel of this.peers.values()) {
        if (channel.peer.key.startsWith('s') && channel.pending === 0 && now - channel.lastHeard >= this.limits.idleMs) this.secureGone(channel.peer);
      }
    }
    const seconds = Math.round(this.limits.idleMs / 1000);
    for (const transfer of quietTransfers(this.transfers.values(), now, this.limits.idleMs)) {
      const outcome = transfer.resumable ? 'what arrived is kept for the sender to resume' : 'the transfer was aborted';
      this.transfers.abortLater(transfer, errorReply('unknown-transfer', `nothing heard from the sender for ${seconds} s; ${outcome}`));
    }
  }

  private hold(bytes: number): void {
    this.heldBytes += bytes;
    if (this.heldBytes <= RECEIVER_BUDGET.maxHeldBytes) return;
    // Both ports: the encrypted one's chunks are held as the plain one's are.
    this.ports?.pause();
  }

  private release(bytes: number): void {
    this.heldBytes -= bytes;
    if (this.heldBytes > RECEIVER_BUDGET.maxHeldBytes / 2) return;
    this.ports?.unpause();
  }

  private snapshot(id: string): FileProgress | undefined {
    return this.transfers.snapshot(id);
  }
}
