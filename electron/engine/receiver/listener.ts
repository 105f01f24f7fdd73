// The receiver's network side: sockets of its own (plainPort.ts) with
// ZeroDrop's own ZMTP 3 on top (../zmtp/). Every connection is named by the
// listener (p1, p2, …); what a peer claims as its routing id is read past.
//
// Each connection decodes what it sent in turns (turns.ts), and is not read
// while bytes of it wait for their turn or while its socket holds replies
// it has not taken: a flood or a peer that does not read slows only itself.
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { FrameData } from '../../../shared/protocol.js';
import { encodeMessage } from '../zmtp/frameWriter.js';
import { RECEIVER_ROLE } from '../zmtp/greeting.js';
import { openingBytes, PeerConnection } from '../zmtp/peerConnection.js';
import { Connection, handshakesOverdue, mostWaiting, notReading, quietest, slowestPartial } from './connections.js';
import { PlainPort, type SocketReader } from './plainPort.js';
import { ReplyPump, type PumpLimits } from './replyPump.js';
import { Turns, type TurnLimits } from './turns.js';

export interface ListenerLimits extends PumpLimits, TurnLimits {
  maxConnections: number;
  maxConnectionsPerHost: number;
  maxMessageBytes: number;
  /** Bytes of unfinished messages and of reads waiting for their turn, across all peers; past this one peer is dropped. */
  maxPartialBytes: number;
  handshakeMs: number;
  /** A peer whose socket has held unread replies this long does not read: it is gone. */
  unreadMs: number;
  /** Each socket's read and write marks. */
  socketMarkBytes: number;
  /** The most one read of a socket takes. */
  socketReadBytes: number;
}

/** One connection, as the receiver knows it: by the name the listener gave it. */
export interface Peer {
  readonly key: string;
}

export interface ListenerEvents {
  /** Whether frame `index`, of `size` bytes, of a message starting with `kept` is kept whole (a CHUNK's data). */
  keepWhole(index: number, kept: readonly FrameData[], size: number): boolean;
  /** A request: its first frames (capped unless kept whole), its number of frames, those frames' true sizes. */
  message(peer: Peer, frames: FrameData[], frameCount: number, sizes: number[]): void;
  /** The peer is gone: disconnected, or dropped for a reason given. */
  gone(peer: Peer, why: string): void;
  /** Whether a peer has work under way (replies owed, a transfer moving): it is not dropped for room. */
  busy(peer: Peer): boolean;
}

/**
 * Turns taken in a row before the event loop runs again (new reads, file
 * writes' completions, timers).
 */
const SLICE_MS = 5;

export class Listener {
  private readonly pump: ReplyPump;
  private readonly connections = new Map<string, Connection>();
  private readonly turns: Turns;
  private readonly sweepTimer: NodeJS.Timeout;
  private port: PlainPort | null = null;
  private partialBytes = 0;
  /** Connections not yet gone: the ones that count against maxConnections. */
  private live = 0;
  /** Live connections by the host they come from. */
  private readonly perHost = new Map<string, number>();
  private named = 0;
  private paused = false;
  private turnsScheduled = false;
  private closed = false;

  private constructor(
    private readonly limits: ListenerLimits,
    private readonly events: ListenerEvents,
  ) {
    this.pump = new ReplyPump(limits, {
      overflow: (conn) => this.drop(conn, 'it does not read its replies'),
      reading: (conn) => this.flow(conn),
    });
    this.turns = new Turns(limits, {
      drop: (conn, why) => this.drop(conn, why),
      held: (conn) => this.held(conn),
    });
    this.sweepTimer = setInterval(() => this.sweep(), Math.min(1_000, limits.handshakeMs));
  }

  static async open(endpoints: string[], limits: ListenerLimits, events: ListenerEvents): Promise<Listener> {
    const listener = new Listener(limits, events);
    try {
      listener.port = await PlainPort.open(endpoints, { markBytes: limits.socketMarkBytes, readBytes: limits.socketReadBytes }, (socket) => listener.accept(socket));
    } catch (err) {
      listener.close();
      throw err;
    }
    return listener;
  }

  get endpoints(): string[] {
    return this.port?.endpoints ?? [];
  }

  /** Queues a reply; never waits on the peer. A refusal (an ERROR) spends the peer's credit for them. */
  send(peer: Peer, frames: ReadonlyArray<string | Uint8Array>, refused: boolean): void {
    const conn = peer as Connection;
    this.pump.queue(conn, encodeMessage(frames));
    if (refused) this.rest(conn, conn.refusals.spend(1));
  }

  /** Stops reading from every peer until resumed (the receiver's memory budget). */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    for (const conn of this.connections.values()) this.flow(conn);
  }

  /** Reading again; a no-op when not paused (the receiver calls it at every chunk it lets go). */
  unpause(): void {
    if (!this.paused) return;
    this.paused = false;
    for (const conn of this.connections.values()) this.flow(conn);
    this.scheduleTurns();
  }

  /** Treats a peer as gone: nothing more is read from it or sent to it, and it is disconnected. */
  drop(peer: Peer, why: string): void {
    const conn = peer as Connection;
    if (conn.gone) return;
    this.end(conn, why);
    conn.socket.destroy();
  }

  /** The message `peer` is sending now: its frames so far and the bytes of the frame it keeps whole that have arrived. */
  unfinished(peer: Peer): { frames: readonly FrameData[]; bytes: number } {
    // Only this port's connections have a message under way here (an encrypted peer's arrive whole).
    const zmtp = this.connections.get(peer.key)?.zmtp;
    return zmtp ? { frames: zmtp.unfinished, bytes: zmtp.arrived } : { frames: [], bytes: 0 };
  }

  get connectionCount(): number {
    return this.live;
  }

  /** Connections still open, those being closed included. */
  get openCount(): number {
    return this.connections.size;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweepTimer);
    this.pump.stop();
    this.port?.close();
    for (const conn of this.connections.values()) conn.socket.destroy();
  }

  /** Takes a new peer's socket; returns what its reads go to, or nothing when it is turned away. */
  private accept(socket: Socket): SocketReader | undefined {
    if (this.closed) return void socket.destroy();
    const host = socket.remoteAddress ?? '';
    const busy = (conn: Connection) => this.events.busy(conn);
    // A host at its share makes room from its own quiet connections, as all do at the limit.
    if ((this.perHost.get(host) ?? 0) >= this.limits.maxConnectionsPerHost) {
      const victim = quietest([...this.connections.values()].filter((conn) => conn.host === host), busy);
      if (victim) this.drop(victim, `making room for a new connection from its host (at most ${this.limits.maxConnectionsPerHost})`);
    }
    if (this.live >= this.limits.maxConnections) {
      const victim = quietest(this.connections.values(), busy);
      if (victim) this.drop(victim, `making room for a new connection (at most ${this.limits.maxConnections})`);
    }
    const conn: Connection = new Connection(
      `p${++this.named}`,
      socket,
      new PeerConnection(
        { maxMessageBytes: this.limits.maxMessageBytes, maxFrames: 8, cappedFrameBytes: 4097, maxCommandBytes: 4096 },
        {
          keepWhole: (index, kept, size) => this.events.keepWhole(index, kept, size),
          message: (frames, count, sizes) => {
            conn.lastMessage = Date.now();
            // One turn may hold several messages; the peer may be dropped at any of them.
            if (!conn.gone) this.events.message(conn, frames, count, sizes);
          },
          send: (bytes) => this.pump.queue(conn, bytes),
        },
        RECEIVER_ROLE,
      ),
      host,
    );
    this.connections.set(conn.key, conn);
    this.live++;
    const fromHost = (this.perHost.get(conn.host) ?? 0) + 1;
    this.perHost.set(conn.host, fromHost);
    // A reset or a refused write ends in 'close', which is where the connection is forgotten.
    socket.on('error', () => undefined);
    socket.on('close', () => this.forget(conn, 'disconnected'));
    if (this.live > this.limits.maxConnections) return void this.drop(conn, 'too many connections');
    if (fromHost > this.limits.maxConnectionsPerHost) return void this.drop(conn, `its host holds ${fromHost - 1} connections, the most one host may`);
    socket.on('drain', () => this.pump.drained(conn));
    this.pump.queue(conn, openingBytes(RECEIVER_ROLE));
    this.flow(conn);
    return {
      read: (into, n) => this.onBytes(conn, into, n),
      next: () => this.readTarget(conn),
    };
  }

  /**
   * Where `conn`'s next read goes: straight into the block of the data frame
   * arriving, while nothing of the peer waits. A block taken for it is held
   * from now, before any byte comes: it is counted at once, since a peer
   * that stops here sends nothing more that would count it.
   */
  private readTarget(conn: Connection): Buffer | null {
    if (conn.gone || conn.inbox.length > 0) return null;
    const before = conn.zmtp.buffered;
    const target = conn.zmtp.readTarget();
    if (conn.zmtp.buffered === before) return target;
    if (before === 0) conn.partialSince = Date.now();
    this.count(conn);
    // Asked by the socket between two reads: dropping a peer here would close it mid-read.
    if (this.partialBytes > this.limits.maxPartialBytes) setImmediate(() => !this.closed && this.partialBytes > this.limits.maxPartialBytes && this.dropForRoom());
    return target;
  }

  private onBytes(conn: Connection, into: Buffer, n: number): void {
    if (conn.gone) return;
    if (conn.zmtp.isTarget(into)) this.turns.filled(conn, n);
    else this.turns.read(conn, into.subarray(0, n));
    this.turns.betweenReads();
    this.flow(conn);
    this.scheduleTurns();
  }

  /** Reads `conn` only while nothing of it waits: no bytes for a turn, no replies it has not taken, no pause. */
  private flow(conn: Connection): void {
    if (conn.gone) return;
    const read = !this.paused && conn.inbox.length === 0 && conn.unreadSince === 0 && conn.restUntil === 0;
    if (read && conn.socket.isPaused()) conn.socket.resume();
    else if (!read && !conn.socket.isPaused()) conn.socket.pause();
  }

  /** A peer that spent past one of its credits is not read for `ms`. */
  private rest(conn: Connection, ms: number): void {
    if (ms === 0 || conn.restUntil > 0 || conn.gone) return;
    conn.restUntil = Date.now() + ms;
    // The message being decoded is its last until then.
    conn.zmtp.grant(0);
    this.turns.sleep(conn);
    this.flow(conn);
    setTimeout(() => {
      conn.restUntil = 0;
      this.turns.wake(conn);
      this.flow(conn);
      this.scheduleTurns();
    }, ms).unref();
  }

  /** Connections with bytes waiting take their turns in slices, between which the event loop runs. */
  private scheduleTurns(): void {
    if (this.turnsScheduled || this.closed || this.paused || !this.turns.pending) return;
    this.turnsScheduled = true;
    setImmediate(() => {
      this.turnsScheduled = false;
      const start = performance.now();
      while (this.turns.pending && !this.paused && !this.closed && performance.now() - start < SLICE_MS) this.turns.next();
      this.scheduleTurns();
    });
  }

  /** Marks `conn` gone: its unread bytes and unsent replies are let go, and the receiver told. */
  private end(conn: Connection, why: string): void {
    conn.gone = true;
    this.live--;
    const fromHost = this.perHost.get(conn.host)! - 1;
    if (fromHost === 0) this.perHost.delete(conn.host);
    else this.perHost.set(conn.host, fromHost);
    conn.inbox = [];
    conn.waitingBytes = 0;
    this.count(conn);
    this.turns.forget(conn);
    this.pump.forget(conn);
    this.events.gone(conn, why);
  }

  private forget(conn: Connection, why: string): void {
    this.connections.delete(conn.key);
    // Closed with the listener: the receiver's stop says how its transfers end, not a disconnect.
    if (!conn.gone && !this.closed) this.end(conn, why);
  }

  /** After `conn`'s turn: its share of the partial budget, and the budget kept. */
  private held(conn: Connection): void {
    this.count(conn);
    const discarded = conn.zmtp.discarded - conn.discardCounted;
    conn.discardCounted += discarded;
    if (discarded > 0) this.rest(conn, conn.discards.spend(discarded));
    this.flow(conn);
    if (this.partialBytes > this.limits.maxPartialBytes) this.dropForRoom();
  }

  /** Brings `conn`'s share of the partial budget up to date: its unfinished message and its waiting bytes. */
  private count(conn: Connection): void {
    const held = conn.gone ? 0 : conn.zmtp.buffered + conn.waitingBytes;
    this.partialBytes += held - conn.counted;
    conn.counted = held;
  }

  /** A connection that has not finished its handshake in time holds a slot for nothing; one that does not read is gone. */
  private sweep(): void {
    for (const conn of handshakesOverdue(this.connections.values(), this.limits.handshakeMs)) this.drop(conn, 'no handshake in time');
    for (const conn of notReading(this.connections.values(), this.limits.unreadMs)) this.drop(conn, 'it does not read its replies');
  }

  /**
   * Over the budget for bytes not yet made into requests: the peer with the
   * most bytes waiting for their turn goes (it sends faster than it is
   * served), else the one whose unfinished message arrives slowest.
   */
  private dropForRoom(): void {
    const waiting = mostWaiting(this.connections.values());
    if (waiting) return this.drop(waiting, 'it sends requests faster than its turns take them');
    const slowest = slowestPartial(this.connections.values());
    if (slowest) this.drop(slowest, 'its message arrives too slowly for the memory it holds');
  }
}
