// The listener's connections and the rules that choose which one to drop:
// at the connection limit, over the memory budget, past the handshake time,
// and before libzmq's id counter comes round to an old one. Pure choices;
// the listener does the dropping.
import type { PeerConnection } from '../zmtp/peerConnection.js';
import type { Peer } from './listener.js';

/**
 * libzmq names STREAM connections 0x00 + a 32-bit counter and aborts if the
 * counter, wrapping, reaches a name still in use. A connection that this
 * many newer ones have passed is closed, long before the counter comes
 * round to it (2^32 connections, at thousands a second, is days).
 */
export const WRAP_GUARD = 2 ** 32 - 2 ** 20;
/** A connection with no whole message for this long, and nothing under way, may make room for a new one. */
export const QUIET_MS = 2_000;

export class Connection implements Peer {
  readonly key: string;
  readonly opened = Date.now();
  out: Buffer[] = [];
  queued = 0;
  blocked = false;
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

  constructor(
    readonly id: Buffer,
    readonly zmtp: PeerConnection,
  ) {
    this.key = id.toString('hex');
  }
}

/** How many ids the counter has moved on from `older` to `newer` (both 0x00 + u32). */
export function idsApart(newer: Buffer, older: Buffer): number {
  if (newer.length !== 5 || older.length !== 5) return 0;
  return (newer.readUInt32BE(1) - older.readUInt32BE(1)) >>> 0;
}

/** The oldest connections (in order of arrival) that the counter, now at `newest`, is about to reach. */
export function passedByCounter(connections: Iterable<Connection>, newest: Buffer): Connection[] {
  const out: Connection[] = [];
  for (const conn of connections) {
    if (idsApart(newest, conn.id) < WRAP_GUARD) break;
    if (!conn.gone) out.push(conn);
  }
  return out;
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

/** The connection with the most bytes waiting for their turn, if any has some. */
export function mostWaiting(connections: Iterable<Connection>): Connection | null {
  let most: Connection | null = null;
  for (const conn of connections) {
    if (!conn.gone && conn.waitingBytes > (most?.waitingBytes ?? 0)) most = conn;
  }
  return most;
}

/** The connection whose unfinished message arrives slowest for the memory it holds. */
export function slowestPartial(connections: Iterable<Connection>, now = Date.now()): Connection | null {
  let slowest: Connection | null = null;
  let slowestRate = Infinity;
  for (const conn of connections) {
    if (conn.gone || conn.zmtp.buffered === 0) continue;
    const rate = conn.zmtp.buffered / Math.max(1, now - conn.partialSince);
    if (rate < slowestRate) [slowest, slowestRate] = [conn, rate];
  }
  return slowest;
}
