// The receiver's encrypted port (docs/protocol-extensions.md): a ZMQ_SERVER
// socket with CURVE, its ZAP handler, on a private context. SERVER names
// each connection by an id of its own and ignores any id a peer claims, and
// carries single-part messages: each request's frames arrive packed.
//
// libzmq names no connection of a SERVER to its reader, and closes none on
// request; its monitor counts them, and past a bound the ZAP handler
// refuses new handshakes — strangers' first, known devices' at a higher
// bound — so the connections (and the memory each may hold) are bounded.
import * as zmq from 'zeromq';
import { Server } from 'zeromq/lib/draft.js';
import { packFrames, unpackFrames } from '../protocol/packedFrames.js';
import type { Peer } from './listener.js';
import { ZapHandler } from './zapHandler.js';
import { PauseLatch } from '../util/pauseLatch.js';
import { DraftReader, type DraftSocket } from '../util/draftReader.js';

export interface SecureLimits {
  maxMessageBytes: number;
  /** Requests libzmq holds per connection: a peer that sends faster than this receiver reads waits. */
  receiveHwm: number;
  /**
   * Replies libzmq holds per connection before it refuses more (and the
   * reply is dropped): at least as many as a peer may have waiting, or a
   * burst of replies to a peer that reads is lost while the I/O thread
   * catches up (seen: one of two files timing out under load).
   */
  sendHwm: number;
  /** How long a stalled network (or a peer that does not read) keeps a connection. */
  stallMs: number;
  /** How long a connection may take over its handshake. */
  handshakeMs: number;
  /** Connections at once past which strangers' handshakes are refused, and past which anyone's are. */
  maxStrangerConnections: number;
  maxConnections: number;
}

/** Whether one more connection may finish its handshake, with `live` connections open (this one among them). */
function admits(admission: Admission, live: number, limits: Pick<SecureLimits, 'maxStrangerConnections' | 'maxConnections'>): boolean {
  if (admission === null || live > limits.maxConnections) return false;
  return admission === 'known' || live <= limits.maxStrangerConnections;
}

export interface SecurePeer extends Peer {
  readonly routingId: number;
}

/** What the receiver's policy says of a device key at the handshake: refused (null), or admitted as known or a stranger. */
export type Admission = 'known' | 'stranger' | null;

export interface SecureEvents {
  /** Whether this device key may finish its handshake, and as what. */
  allow(publicKey: Buffer): Promise<Admission> | Admission;
  message(peer: SecurePeer, frames: Buffer[]): void;
  /** A request that is not a packed message: its sender is not a ZeroDrop device. */
  malformed(peer: SecurePeer): void;
  /** A peer that does not read its replies: they are dropped from here on. */
  deaf(peer: SecurePeer): void;
}

/** A peer whose replies wait beyond this is not reading them: it is forgotten. */
const MAX_QUEUED_REPLY_BYTES = 64 * 1024;
const RETRY_BLOCKED_MS = 20;

/** One peer's replies that libzmq had no room for yet, in order. */
interface Outgoing {
  messages: Buffer[];
  bytes: number;
}

export class SecureListener {
  private readonly peers = new Map<number, SecurePeer>();
  /** Replies waiting, per peer: one reply is never dropped while later ones go (PROTOCOL.md §3). */
  private readonly out = new Map<SecurePeer, Outgoing>();
  private sending = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly latch = new PauseLatch();
  private closed = false;
  private reading: Promise<void> = Promise.resolve();
  /** Connections open (accepted, not yet gone), as the socket's monitor tells them. */
  private live = 0;
  private counting: Promise<void> = Promise.resolve();
  readonly endpoints: string[] = [];

  private constructor(
    private readonly socket: Server,
    private readonly zap: ZapHandler,
    private readonly events: SecureEvents,
  ) {
  }

  static async open(endpoints: string[], curveSecretKey: string, limits: SecureLimits, events: SecureEvents): Promise<SecureListener> {
    // A context of its own: ZAP applies per context (on the global one it
    // would judge every CURVE socket of the process), one handler each.
    const context = new zmq.Context();
    let self: SecureListener | null = null;
    const zap = await ZapHandler.open(context, async (key) => admits(await events.allow(key), self?.live ?? 0, limits));
    const socket = new Server({
      context,
      linger: 0,
      sendTimeout: 0,
      curveServer: true,
      curveSecretKey,
      zapDomain: 'zerodrop',
      maxMessageSize: limits.maxMessageBytes,
      receiveHighWaterMark: limits.receiveHwm,
      sendHighWaterMark: limits.sendHwm,
      tcpMaxRetransmitTimeout: limits.stallMs,
      handshakeInterval: limits.handshakeMs,
    });
    self = new SecureListener(socket, zap, events);
    self.counting = self.countConnections();
    try {
      for (const endpoint of endpoints) {
        await socket.bind(endpoint);
        self.endpoints.push(socket.lastEndpoint ?? endpoint);
      }
    } catch (err) {
      await self.close();
      throw err;
    }
    self.reading = self.readLoop();
    return self;
  }

  get done(): Promise<void> {
    return this.reading;
  }

  /** Queues a reply; never waits on the peer. A peer past its queue's bound is deaf. */
  send(peer: Peer, frames: ReadonlyArray<string | Uint8Array>): void {
    const target = peer as SecurePeer;
    if (this.closed || !this.peers.has(target.routingId)) return;
    const message = packFrames(frames);
    let queue = this.out.get(target);
    if (!queue) this.out.set(target, (queue = { messages: [], bytes: 0 }));
    // Deaf once replies it has not taken pass the bound; one reply may be larger on its own
    // (a HELD list of a large file's chunks is up to 1.6 MB, 16 bytes a chunk).
    if (queue.bytes > MAX_QUEUED_REPLY_BYTES) {
      this.forget(target);
      return this.events.deaf(target);
    }
    queue.messages.push(message);
    queue.bytes += message.length;
    if (!this.sending && !this.retryTimer) void this.pump();
  }

  /** Forgets a peer's name and replies (it stays connected until it leaves or its network stalls). */
  forget(peer: Peer): void {
    this.peers.delete((peer as SecurePeer).routingId);
    this.out.delete(peer as SecurePeer);
  }

  pause(): void {
    this.latch.pause();
  }

  unpause(): void {
    this.latch.unpause();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.unpause();
    // The monitor is closed, and its loop ended, before its socket: one left
    // to the socket's close could settle while the thread ends, and abort it.
    this.socket.events.close();
    await this.counting;
    this.socket.close();
    await this.zap.close();
  }

  /** Counts connections as the monitor reports them; its loop ends when the socket closes. */
  private async countConnections(): Promise<void> {
    try {
      for await (const event of this.socket.events) {
        if (event.type === 'accept') this.live++;
        else if (event.type === 'disconnect') this.live--;
      }
    } catch {
      // The socket closed under the monitor.
    }
  }

  private async readLoop(): Promise<void> {
    const messages = new DraftReader(this.socket as unknown as DraftSocket<[Buffer, { routingId: number }]>).messages();
    while (!this.closed) {
      const paused = this.latch.wait;
      if (paused) await paused;
      let received: IteratorResult<[Buffer, { routingId: number }]>;
      try {
        received = await messages.next();
      } catch (err) {
        if (this.closed) return;
        throw err;
      }
      if (received.done) return;
      const [message, { routingId }] = received.value;
      let peer = this.peers.get(routingId);
      if (!peer) this.peers.set(routingId, (peer = { key: `s${routingId}`, routingId }));
      const frames = unpackFrames(message);
      if (frames) this.events.message(peer, frames);
      else this.events.malformed(peer);
    }
  }

  /** Sends each peer's replies in order; a peer whose libzmq queue is full waits for a retry. */
  private async pump(): Promise<void> {
    this.sending = true;
    let blocked = false;
    for (const [peer, queue] of this.out) {
      while (queue.messages.length > 0 && !this.closed) {
        const message = queue.messages[0]!;
        try {
          await this.socket.send(message, { routingId: peer.routingId });
        } catch (err) {
          if ((err as { code?: string }).code === 'EAGAIN') {
            blocked = true;
            break;
          }
          // EHOSTUNREACH: it left; nothing more can reach it.
          this.forget(peer);
          break;
        }
        queue.messages.shift();
        queue.bytes -= message.length;
      }
      if (queue.messages.length === 0) this.out.delete(peer);
    }
    this.sending = false;
    if (this.closed) return;
    if (blocked) this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.pump();
    }, RETRY_BLOCKED_MS);
    else if (this.out.size > 0) void this.pump();
  }
}
