// The listener's connections and the rules that choose which one to drop:
// at the connection limit, over the memory budget, past the handshake time,
// and when its replies stay unread. Pure choices; the listener does the
// dropping.
import type { Socket } from 'node:net';
import type { PeerConnection } from '../zmtp/peerConnection.js';
import { Credit, DISCARD_CREDIT, REFUSAL_CREDIT } from './credit.js';
import type { Peer } from './listener.js';

/** A connection with no whole message for this long, and nothing under way, may make room for a new one. */
export const QUIET_MS = 2_000;
export class Connection implements Peer {
  readonly opened = Date.now();
  /** Replies not yet handed to the socket (they leave together once the work at hand is done). */
  out: Buffer[] = [];
  queued = 0;
  /** Since when the socket has held replies the peer has not taken (0: it takes them). */
  unreadSince = 0;
  gone = false;
  /** Bytes read from the peer and not yet decoded: they wait for the connection's next turn. */
  inbox: Buffer[] = [];
  waitingBytes = 0;
  /** The listener's read count at its last turn. */
  turnAt = 0;
  /** Its bytes counted in the listener's partial budget. */
  counted = 0;
  /** When its unfinished message began to be held, for choosing whom to drop. */
  partialSince = 0;
  /** When its last whole message arrived (or it connected). */
  lastMessage = Date.now();
  /** Its credit for bytes the receiver reads only to let go, and for refusals (credit.ts). */
  readonly discards = new Credit(DISCARD_CREDIT);
  readonly refusals = new Credit(REFUSAL_CREDIT);
  /** Its bytes let go so far, as charged to `discards`. */
  discardCounted = 0;
  /** Not read until then (it spent a credit), or 0. */
  restUntil = 0;

  constructor(
    /** The listener's own name for it: p1, p2, … (nothing the peer chose). */
    readonly key: string,
    readonly socket: Socket,
    readonly zmtp: PeerConnection,
    /** The address it comes from, for each host's share of the connections. */
    readonly host: string,
  ) {}
}

/**
 * At the connection limit: the connection quiet the longest (no whole
 * message — a trickle of bytes does not count), if it has nothing under
 * way, so that idle or stalling peers cannot hold every slot.
 */
export function quietest(connections: Iterable<Connection>, busy: (conn: Connection) => boolean, now = Date.now()): Connection | null {
  let victim: Connection | null = null;
  for (const conn of connections) {
    if (conn.gone || now - conn.lastMessage < QUIET_MS || busy(conn)) continue;
    if (!victim || conn.lastMessage < victim.lastMessage) victim = conn;
  }
  return victim;
}

export function handshakesOverdue(connections: Iterable<Connection>, handshakeMs: number, now = Date.now()): Connection[] {
  return [...connections].filter((conn) => !conn.gone && !conn.zmtp.ready && now - conn.opened > handshakeMs);
}

/** Connections whose replies have waited unread for `stallMs`: their peers do not read. */
export function notReading(connections: Iterable<Connection>, stallMs: number, now = Date.now()): Connection[] {
  return [...connections].filter((conn) => !conn.gone && conn.unreadSince > 0 && now - conn.unreadSince > stallMs);
}

/** The connection with the most bytes waiting for their turn, if any has some. */
export function mostWaiting(connections: Iterable<Connection>): Connection | null {
  let most: Connection | null = null;
  for (const conn of connections) {
    if (!conn.gone && conn.waitingBytes > (most?.waitingBytes ?? 0)) most = conn;
  }
  return most;
}

/**
 * Of the connections holding memory for an unfinished message, the one whose
 * bytes arrive slowest: what arrived, not the blocks held (a block is taken
 * whole before its bytes come, so a peer that sent one byte holds 256 KiB).
 */
export function slowestPartial(connections: Iterable<Connection>, now = Date.now()): Connection | null {
  let slowest: Connection | null = null;
  let slowestRate = Infinity;
  for (const conn of connections) {
    if (conn.gone || conn.zmtp.buffered === 0) continue;
    const rate = conn.zmtp.arrived / Math.max(1, now - conn.partialSince);
    if (rate < slowestRate) [slowest, slowestRate] = [conn, rate];
  }
  return slowest;
}
