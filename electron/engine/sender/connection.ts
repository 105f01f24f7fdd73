// One connection to a receiver: a DEALER on the plain port (our own,
// plainDealer.ts), or a CLIENT with CURVE on the encrypted port
// (docs/protocol-extensions.md), whose
// requests and replies travel packed in single messages. Replies are
// matched to requests by order alone (PROTOCOL.md §3), so a reply that
// never comes poisons the whole connection: after a bounded wait every
// request in transit fails.
import type { Client } from 'zeromq/lib/draft.js';
import type { Reply, Request } from '../../../shared/protocol.js';
import { encodeRequest, parseReply } from '../protocol/codec.js';
import { packFrames, unpackFrames } from '../protocol/packedFrames.js';
import { SendQueue, type Frames } from '../util/sendQueue.js';
import { DraftReader } from '../util/draftReader.js';
import { MAX_REPLY_BYTES, PlainDealer } from './plainDealer.js';

export class ConnectionError extends Error {
  constructor(
    readonly code: 'unreachable' | 'timeout' | 'denied' | 'stopped',
    message: string,
    /** The files that ran on it failed; those not yet begun may go on a new connection. */
    readonly queuedMayGoOn = false,
  ) {
    super(message);
  }
}

/** CURVE keys of an encrypted connection, Z85 as libzmq takes them. */
export interface CurveClientKeys {
  curveServerKey: string;
  curvePublicKey: string;
  curveSecretKey: string;
}

/** What an encrypted connection is made with: its keys, and zeromq.js's CLIENT (loaded by `Connection.encrypted`). */
interface Curve {
  keys: CurveClientKeys;
  Client: typeof Client;
}

interface Pending {
  resolve: (frames: Buffer[]) => void;
  reject: (err: Error) => void;
  sentAt: number;
  /** A longer wait than the connection's, for a request a person answers (OFFER). */
  timeoutMs?: number;
}

/** A connection's socket as made: what requests go through, and (encrypted) what replies are read from. */
interface Opened {
  socket: PlainDealer | Client;
  writer: { push(frames: Frames): void };
  reader: DraftReader<Buffer[]> | null;
}

/** A receiver that has not answered at all within this time is deemed unreachable. */
const FIRST_REPLY_MS = 5_000;

export class Connection {
  private readonly socket: PlainDealer | Client;
  private readonly reader: DraftReader<Buffer[]> | null;
  private readonly writer: Opened['writer'];
  private readonly pending: Pending[] = [];
  private pendingHead = 0;
  private lastReplyAt = 0;
  private everReplied = false;
  private everConnected = false;
  private failure: ConnectionError | null = null;
  private readonly watchdog: NodeJS.Timeout;

  constructor(
    readonly endpoint: string,
    private readonly replyTimeoutMs: number,
    private readonly curve?: Curve,
  ) {
    const opened = curve ? this.openClient(endpoint, curve) : this.openDealer(endpoint);
    this.socket = opened.socket;
    this.writer = opened.writer;
    this.reader = opened.reader;
    // Only once the socket is made: a constructor that throws leaves no timer to hold the thread.
    this.watchdog = setInterval(() => this.checkTimeout(), Math.min(500, replyTimeoutMs / 4));
  }

  /** An encrypted connection. zeromq.js is loaded only here: a plain sender's worker never pays for loading it. */
  static async encrypted(endpoint: string, replyTimeoutMs: number, keys: CurveClientKeys): Promise<Connection> {
    // zeromq's main module defines every socket's options (linger, marks…); the draft module alone does not.
    await import('zeromq');
    const { Client } = await import('zeromq/lib/draft.js');
    return new Connection(endpoint, replyTimeoutMs, { keys, Client });
  }

  private openDealer(endpoint: string): Opened {
    const dealer = new PlainDealer(endpoint, {
      connected: () => (this.everConnected = true),
      heard: () => this.heard(),
      message: (frames) => this.replied(frames),
      ended: (problem, handshaken) => {
        if (!problem) return this.lost();
        // Before its READY the peer is no receiver at all; after it, a receiver that broke the protocol.
        const what = handshaken ? `the receiver at ${endpoint} broke the protocol` : `${endpoint} is not a ZeroDrop receiver`;
        this.fail(new ConnectionError('unreachable', `${what}: ${problem}`));
      },
    });
    return { socket: dealer, writer: { push: (frames) => dealer.send(frames) }, reader: null };
  }

  private openClient(endpoint: string, { keys, Client }: Curve): Opened {
    const client = new Client({ linger: 0, sendHighWaterMark: 100_000, receiveHighWaterMark: 0, maxMessageSize: MAX_REPLY_BYTES, ...keys });
    // A CLIENT is read without a receive left pending (that spins a core: util/draftReader.ts).
    const reader = new DraftReader<Buffer[]>(client);
    client.events.on('connect', () => (this.everConnected = true));
    // A wrong key or a refusal shows only as a failed handshake, retried for ever: say it at once.
    client.events.on('handshake:error:auth', () => this.fail(new ConnectionError('denied', 'denied: the receiver refused this device before any transfer (it accepts only known devices, or this one is blocked)')));
    client.events.on('handshake:error:other', () => this.fail(new ConnectionError('unreachable', `the encrypted handshake with ${endpoint} failed: the receiver's key is not the one expected`)));
    // Encrypted, a lost connection is a break to wait out (the sender opens its link again).
    client.events.on('disconnect', () => this.fail(new ConnectionError('unreachable', `the connection to ${endpoint} was lost`)));
    client.connect(endpoint);
    const writer = new SendQueue({ send: (frames: Frames) => client.send(packFrames(frames)) }, (err) => this.fail(new ConnectionError('unreachable', `cannot send to ${endpoint}: ${String(err)}`)));
    void (async () => {
      try {
        // A packed reply that does not unpack is no reply: it fails as malformed.
        for await (const message of reader.messages()) this.replied(unpackFrames(message[0]!) ?? []);
      } catch {
        // The socket was closed.
      }
    })();
    return { socket: client, writer, reader };
  }

  /** Whether this is an encrypted (CURVE) connection, whose HELLOs name their batch. */
  get encrypted(): boolean {
    return this.curve !== undefined;
  }

  get broken(): ConnectionError | null {
    return this.failure;
  }

  request(request: Request): Promise<Reply> {
    return this.call(encodeRequest(request)).then(parseReply);
  }

  /** Sends one request's frames and resolves with its reply's frames. */
  call(frames: Frames, timeoutMs?: number): Promise<Buffer[]> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<Buffer[]>((resolve, reject) => {
      this.pending.push({ resolve, reject, sentAt: Date.now(), timeoutMs });
      this.writer.push(frames);
      this.reader?.nudge();
    });
  }

  close(): void {
    if (this.socket.closed) return;
    clearInterval(this.watchdog);
    this.fail(new ConnectionError('unreachable', 'the connection was closed'));
    this.socket.close();
  }

  /** A reply: it answers the oldest request still owed one (PROTOCOL.md §3). */
  private replied(frames: Buffer[]): void {
    const next = this.pending[this.pendingHead];
    if (!next) return;
    this.pending[this.pendingHead++] = undefined as unknown as Pending;
    if (this.pendingHead > 1024 && this.pendingHead * 2 > this.pending.length) {
      this.pending.splice(0, this.pendingHead);
      this.pendingHead = 0;
    }
    this.heard();
    next.resolve(frames);
  }

  /** The receiver answered: the watchdog counts from here. */
  private heard(): void {
    this.lastReplyAt = Date.now();
    this.everReplied = true;
  }

  /**
   * A plain connection ended. The receiver neither resends what was in
   * flight nor tells replies apart across connections: requests owed a
   * reply will never have one, and failing them now says so at once,
   * instead of after the reply timeout. The receiver also ends every
   * transfer of a connection that ends, so the files on this one are over
   * even if no reply was owed (the sender between two chunks). With no reply
   * owed the end may be no stop (a reset by the network, a receiver making
   * room): files not yet begun go on, on a new connection.
   */
  private lost(): void {
    const owed = this.pending.length > this.pendingHead;
    this.fail(new ConnectionError('stopped', `the receiver at ${this.endpoint} closed the connection before answering: it stopped receiving, or dropped this sender`, !owed));
  }

  private checkTimeout(): void {
    const oldest = this.pending[this.pendingHead];
    if (!oldest || this.failure) return;
    const waited = Date.now() - Math.max(oldest.sentAt, this.lastReplyAt);
    const limit = oldest.timeoutMs ?? (this.everReplied ? this.replyTimeoutMs : Math.min(FIRST_REPLY_MS, this.replyTimeoutMs));
    if (waited < limit) return;
    const seconds = Math.round(limit / 1000);
    if (this.everReplied) {
      this.fail(new ConnectionError('timeout', `the receiver at ${this.endpoint} stopped answering (no reply for ${seconds} s)`));
    } else if (this.everConnected) {
      this.fail(new ConnectionError('unreachable', `${this.endpoint} accepted the connection but did not answer in ${seconds} s: is it a ZeroDrop receiver?`));
    } else {
      this.fail(
        new ConnectionError(
          'unreachable',
          `cannot reach ${this.endpoint} (no connection in ${seconds} s): check that the receiver is listening and that no firewall blocks the port`,
        ),
      );
    }
  }

  private fail(error: ConnectionError): void {
    if (this.failure) return;
    this.failure = error;
    clearInterval(this.watchdog);
    for (let i = this.pendingHead; i < this.pending.length; i++) this.pending[i]!.reject(error);
    this.pending.length = 0;
    this.pendingHead = 0;
  }
}
