// The receiver's encrypted port (docs/protocol-extensions.md): a ZMQ_SERVER
// socket with CURVE, its ZAP handler, on a private context. SERVER names
// each connection by an id of its own and ignores any id a peer claims, and
// carries single-part messages: each request's frames arrive packed.
//
// libzmq tells nothing of who connects or leaves a SERVER, but its monitor
// counts accepted and ended connections: past the connection limit, ZAP
// refuses new handshakes, which bounds what connections can hold.
import * as zmq from 'zeromq';
import { Server } from 'zeromq/lib/draft.js';
import { packFrames, unpackFrames } from '../protocol/packedFrames.js';
import type { Peer } from './listener.js';
import { ZapHandler, type ZapVerdict } from './zapHandler.js';

export interface SecureLimits {
  maxConnections: number;
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
}

export interface SecurePeer extends Peer {
  readonly routingId: number;
}

export interface SecureEvents {
  /** Whether this device key may finish its handshake. */
  allow: ZapVerdict;
  message(peer: SecurePeer, frames: Buffer[]): void;
  /** A request that is not a packed message: its sender is not a ZeroDrop device. */
  malformed(peer: SecurePeer): void;
}

interface Outgoing {
  routingId: number;
  message: Buffer;
}

export class SecureListener {
  private readonly peers = new Map<number, SecurePeer>();
  private readonly out: Outgoing[] = [];
  private sending = false;
  private open = 0;
  private paused: Promise<void> | null = null;
  private resume: (() => void) | null = null;
  private closed = false;
  private reading: Promise<void> = Promise.resolve();
  readonly endpoints: string[] = [];

  private constructor(
    private readonly socket: Server,
    private readonly zap: ZapHandler,
    private readonly events: SecureEvents,
  ) {
    socket.events.on('accept', () => this.open++);
    socket.events.on('disconnect', () => (this.open = Math.max(0, this.open - 1)));
  }

  static async open(endpoints: string[], curveSecretKey: string, limits: SecureLimits, events: SecureEvents): Promise<SecureListener> {
    const context = new zmq.Context();
    let self: SecureListener | null = null;
    const zap = await ZapHandler.open(context, (key) => (self !== null && self.open <= limits.maxConnections ? events.allow(key) : false));
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
    });
    self = new SecureListener(socket, zap, events);
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

  /** Connections open now (accepted and not yet ended). */
  get connectionCount(): number {
    return this.open;
  }

  /** Queues a reply; one the peer's queue has no room for is dropped (the peer is not reading). */
  send(peer: Peer, frames: ReadonlyArray<string | Uint8Array>): void {
    if (this.closed) return;
    this.out.push({ routingId: (peer as SecurePeer).routingId, message: packFrames(frames) });
    if (!this.sending) void this.pump();
  }

  /** Forgets a peer's name (it stays connected until it leaves or its network stalls). */
  forget(peer: Peer): void {
    this.peers.delete((peer as SecurePeer).routingId);
  }

  pause(): void {
    this.paused ??= new Promise((resolve) => (this.resume = resolve));
  }

  unpause(): void {
    this.resume?.();
    this.paused = null;
    this.resume = null;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unpause();
    this.socket.close();
    await this.zap.close();
  }

  private async readLoop(): Promise<void> {
    while (!this.closed) {
      if (this.paused) await this.paused;
      let received: [Buffer, { routingId: number }];
      try {
        received = (await this.socket.receive()) as [Buffer, { routingId: number }];
      } catch (err) {
        if (this.closed) return;
        throw err;
      }
      const [message, { routingId }] = received;
      let peer = this.peers.get(routingId);
      if (!peer) this.peers.set(routingId, (peer = { key: `s${routingId}`, routingId }));
      const frames = unpackFrames(message);
      if (frames) this.events.message(peer, frames);
      else this.events.malformed(peer);
    }
  }

  private async pump(): Promise<void> {
    this.sending = true;
    while (this.out.length > 0 && !this.closed) {
      const { routingId, message } = this.out.shift()!;
      // EAGAIN (its queue is full) or EHOSTUNREACH (it left): the reply has nowhere to go.
      await this.socket.send(message, { routingId }).catch(() => undefined);
    }
    this.sending = false;
  }
}
