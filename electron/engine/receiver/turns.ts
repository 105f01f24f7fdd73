// Reading and decoding, apart. A read (up to 256 KiB) of small requests is
// thousands of them; so a read goes to its connection's inbox, and while other
// connections wait, each decodes at most `messagesPerTurn` messages a turn:
// a turn with each of its reads, and one in rotation for a connection that
// had none for a round of reads (so that requests left waiting are served
// even if their peer sends nothing more). The listener does not read a
// connection whose inbox holds bytes, so a peer that sends faster than its
// turns take its requests waits for them; one whose inbox still grows past
// `maxWaitingBytes` is dropped.
import type { Connection } from './connections.js';

export interface TurnLimits {
  /** Messages (and commands) one connection may hand on in one turn while others wait for theirs. */
  messagesPerTurn: number;
  /** Bytes read from one peer that may wait for their turn; past this the peer is dropped. */
  maxWaitingBytes: number;
}

export interface TurnEvents {
  drop(conn: Connection, why: string): void;
  /** What `conn` holds changed: its unfinished message, its waiting bytes. */
  held(conn: Connection): void;
}

export class Turns {
  /** Connections with bytes waiting for a turn, the next one first. */
  private readonly waiting = new Set<Connection>();
  /** Reads so far, the clock of turns. */
  private reads = 0;
  /** The connection of the last read. */
  private lastRead: Connection | null = null;

  constructor(
    private readonly limits: TurnLimits,
    private readonly events: TurnEvents,
  ) {}

  /** Whether some connection has bytes waiting for a turn. */
  get pending(): boolean {
    return this.waiting.size > 0;
  }

  /**
   * A read of `conn`'s bytes: its turn. `bytes` is the socket's read buffer,
   * the next read's too: what is left of it to wait is copied.
   */
  read(conn: Connection, bytes: Buffer): void {
    // Two reads in a row from one connection with nobody else waiting: it is alone, so it takes all it has.
    const alone = this.lastRead === conn && this.waiting.size === (this.waiting.has(conn) ? 1 : 0);
    this.lastRead = conn;
    this.reads++;
    conn.inbox.push(bytes);
    conn.waitingBytes += bytes.length;
    this.take(conn, alone ? Infinity : this.limits.messagesPerTurn);
    const last = conn.inbox.length - 1;
    if (last >= 0 && conn.inbox[last]!.buffer === bytes.buffer) conn.inbox[last] = Buffer.from(conn.inbox[last]!);
  }

  /** A read of `conn`'s went straight into the block of the frame it is sending (PeerConnection.readTarget): its turn. */
  filled(conn: Connection, n: number): void {
    this.lastRead = conn;
    this.reads++;
    conn.turnAt = this.reads;
    // Its blocks were counted as they were taken (Listener.readTarget): filling them holds nothing more.
    conn.zmtp.filled(n);
    // Dropped by what the message it ended asked.
    if (conn.gone) return;
    this.events.held(conn);
  }

  /** Between reads: the connection that waited longest takes a turn, if it had none for a round of reads. */
  betweenReads(): void {
    const next = this.waiting.values().next().value;
    if (next && this.reads - next.turnAt >= this.waiting.size) this.take(next, this.limits.messagesPerTurn);
  }

  /** Nothing new to read: the connection that waited longest takes its turn. */
  next(): void {
    const next = this.waiting.values().next().value;
    if (next) this.take(next, this.limits.messagesPerTurn);
  }

  /** `conn` takes no turns until woken (it rests: its bytes wait). */
  sleep(conn: Connection): void {
    this.waiting.delete(conn);
  }

  wake(conn: Connection): void {
    if (conn.inbox.length > 0 && !conn.gone) this.waiting.add(conn);
  }

  /** `conn` is gone: its bytes were let go. */
  forget(conn: Connection): void {
    this.waiting.delete(conn);
    if (this.lastRead === conn) this.lastRead = null;
  }

  /** Decodes what `conn` has waiting, up to `messages` messages; the rest waits for its next turn. */
  private take(conn: Connection, messages: number): void {
    this.waiting.delete(conn);
    conn.turnAt = this.reads;
    const before = conn.zmtp.buffered;
    conn.zmtp.grant(messages);
    while (conn.inbox.length > 0 && !conn.gone && conn.restUntil === 0) {
      const bytes = conn.inbox[0]!;
      const taken = conn.zmtp.push(bytes);
      if (conn.zmtp.problem) return this.events.drop(conn, conn.zmtp.problem);
      // Dropped by what one of its messages asked: what it sent is let go.
      if (conn.gone) return;
      conn.waitingBytes -= taken;
      if (taken < bytes.length) {
        conn.inbox[0] = bytes.subarray(taken);
        break;
      }
      conn.inbox.shift();
    }
    if (conn.gone) return;
    if (before === 0 && conn.zmtp.buffered > 0) conn.partialSince = Date.now();
    if (conn.inbox.length > 0 && conn.restUntil === 0) this.waiting.add(conn);
    if (conn.waitingBytes > this.limits.maxWaitingBytes) return this.events.drop(conn, 'it sends requests faster than its turns take them');
    this.events.held(conn);
  }
}
