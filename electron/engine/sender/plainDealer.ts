// A sender's plain connection: ZMTP 3 as a DEALER (PROTOCOL.md §1), spoken
// over a Node socket of its own with the receiver's framing (../zmtp/).
//
// Why not libzmq's DEALER here: through zeromq.js every message crossed to
// libzmq's I/O thread (a wake-up each way), asked the socket's events (a
// poll each), and a buffer over 128 bytes was given back through the main
// thread. For a small file's HELLO, CHUNK and CLOSE that cost the sender
// more CPU than reading and checking the file (`strace`: 11 getpid, 9 poll
// and 4 epoll_wait calls a file). Here the requests of one turn leave in one
// write, and a chunk's bytes go from its buffer to the kernel uncopied.
//
// What libzmq's DEALER did that this must too: it connects again every
// 100 ms until a connection is made (ZMQ_RECONNECT_IVL), keeps what is sent
// until then, answers heartbeats (one PONG at a time, as libzmq), and drops
// nothing unless closed (linger 0: what is unsent is then let go). Unlike
// libzmq it does not connect again once a connection has ended: Connection
// ends there (connection.ts).
//
// A reply is handed on only once the request it answers has been handed to
// the kernel whole (Node says so per write, and a write may hold several
// requests); a reply to a request never sent ends the connection. So a
// receiver cannot answer what it never read: the requests in flight stay
// bounded by the sender's windows, and a chunk's buffer, written uncopied,
// is no longer Node's once its answer is out (the pool then reuses it).
import net from 'node:net';
import type { Frames } from '../util/sendQueue.js';
import { parseEndpoint } from '../zmtp/endpoint.js';
import { encodeParts } from '../zmtp/frameWriter.js';
import { SENDER_ROLE } from '../zmtp/greeting.js';
import { openingBytes, PeerConnection } from '../zmtp/peerConnection.js';

export interface DealerEvents {
  /** The connection was made; the handshake follows. */
  connected(): void;
  /** A reply came (it is handed on once its request is written whole): the receiver is alive. */
  heard(): void;
  /** A reply's frames (each capped at REPLY_LIMITS.cappedFrameBytes). */
  message(frames: Buffer[]): void;
  /**
   * The connection ended: closed by the receiver or the network, or for a
   * `problem` with what the receiver sent; `handshaken` says whether it had
   * shown itself a ZMTP 3 ROUTER by then.
   */
  ended(problem: string | null, handshaken: boolean): void;
}

/** libzmq's default ZMQ_RECONNECT_IVL. */
const RECONNECT_MS = 100;
/** A body this large is written from its own buffer; smaller ones are copied next to their headers. */
const OWN_WRITE_BYTES = 16 * 1024;
/**
 * What a receiver's replies may cost: a reply is a frame or two of words
 * (PROTOCOL.md §3) or an extension's small answer. Of each frame the first
 * 64 KiB are kept and the rest read past, so a reply holds at most 8 of
 * those; a message over 16 MiB is a hostile or broken receiver, and ends
 * the connection as soon as its frame headers say so.
 */
export const MAX_REPLY_BYTES = 16 * 1024 * 1024;
const REPLY_LIMITS = { maxMessageBytes: MAX_REPLY_BYTES, maxFrames: 8, cappedFrameBytes: 64 * 1024, maxCommandBytes: 4096 };

export class PlainDealer {
  private socket: net.Socket | null = null;
  /**
   * What was sent before the handshake ended; null once it has. libzmq
   * takes a message that comes before its own READY has gone for a wrong
   * handshake command, and drops the connection.
   */
  private early: Array<{ bytes: Uint8Array; ends: boolean; written?: () => void }> | null = [];
  private connectedOnce = false;
  /** Messages sent, those whose last byte the kernel has taken, and replies come (those not in `held` are handed on). */
  private sent = 0;
  private written = 0;
  private replies = 0;
  /** Replies whose request Node has not yet said is written: at most the requests in flight. */
  private readonly held: Buffer[][] = [];
  private pongWaiting = false;
  private corked = false;
  private retry: NodeJS.Timeout | null = null;
  private done = false;
  private readonly peer: PeerConnection;

  constructor(
    endpoint: string,
    private readonly events: DealerEvents,
  ) {
    this.peer = new PeerConnection(
      REPLY_LIMITS,
      {
        keepWhole: () => false,
        message: (frames) => {
          if (this.done) return;
          if (++this.replies > this.sent) return this.end('it answered more requests than it was sent', true);
          events.heard();
          this.held.push(frames as Buffer[]);
          this.handOn();
        },
        // Only PONG: a flood of PINGs at a receiver that does not read gets one at a time.
        send: (bytes) => {
          if (this.pongWaiting) return;
          this.pongWaiting = true;
          this.write(bytes, false, () => (this.pongWaiting = false));
        },
      },
      SENDER_ROLE,
    );
    const target = parseEndpoint(endpoint, 'connect');
    this.dial(target.kind === 'ipc' ? { path: target.path } : { host: target.host, port: target.port });
  }

  get closed(): boolean {
    return this.done;
  }

  /** Sends one message; nothing is dropped until the connection ends or is closed. */
  send(frames: Frames): void {
    this.sent++;
    const parts = encodeParts(frames, OWN_WRITE_BYTES);
    parts.forEach((part, i) => this.write(part, i === parts.length - 1));
  }

  /** Ends the connection at once; what is unsent is let go (libzmq's linger 0). */
  close(): void {
    this.end(null, false);
  }

  private dial(options: net.NetConnectOpts): void {
    const socket = net.connect(options);
    this.socket = socket;
    socket.on('connect', () => {
      socket.setNoDelay(true);
      this.connectedOnce = true;
      socket.write(openingBytes(SENDER_ROLE));
      this.events.connected();
    });
    socket.on('data', (bytes: Buffer) => {
      this.peer.push(bytes);
      if (this.peer.problem) return this.end(this.peer.problem, true);
      if (this.early && this.peer.ready) {
        const early = this.early;
        this.early = null;
        for (const part of early) this.write(part.bytes, part.ends, part.written);
      }
    });
    // An error is followed by 'close'.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (this.done) return;
      // Not connected yet (refused, no route, no such file): try again, as libzmq does.
      if (!this.connectedOnce) this.retry = setTimeout(() => this.dial(options), RECONNECT_MS);
      else this.end(null, true);
    });
  }

  /** `ends`: the last part of a message, counted once written. */
  private write(bytes: Uint8Array, ends: boolean, written?: () => void): void {
    if (this.done) return;
    if (this.early) return void this.early.push({ bytes, ends, written });
    const socket = this.socket!;
    // The writes of one turn go to the kernel together (one writev).
    if (!this.corked) {
      this.corked = true;
      socket.cork();
      process.nextTick(() => {
        this.corked = false;
        socket.uncork();
      });
    }
    // A failed write ends the connection (its callback comes before 'close'): what it held was not sent.
    socket.write(bytes, ends ? (err) => (err ? this.end(null, true) : this.wrote()) : written);
  }

  private wrote(): void {
    this.written++;
    this.handOn();
  }

  private handOn(): void {
    while (this.held.length > 0 && this.replies - this.held.length < this.written && !this.done) this.events.message(this.held.shift()!);
  }

  private end(problem: string | null, tell: boolean): void {
    if (this.done) return;
    this.done = true;
    if (this.retry) clearTimeout(this.retry);
    this.early = null;
    this.held.length = 0;
    this.socket?.destroy();
    if (tell) this.events.ended(problem, this.peer.ready);
  }
}
