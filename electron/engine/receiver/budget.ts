// Every number that bounds the receiver's memory, in one place, and the
// worst case they add up to (SECURITY.md quotes this formula).
import { MAX_FREE_BYTES } from '../zmtp/blockPool.js';

const KiB = 1024;
const MiB = 1024 * KiB;
/**
 * Each plain socket's read and write marks, whatever the runtime's default
 * (Node 22 and Electron raised it to 64 KiB): what a paused socket holds,
 * and how soon a peer that does not read its replies shows.
 */
const SOCKET_MARK_BYTES = 16 * KiB;
/**
 * The most one read of a socket takes, into the port's one read buffer
 * (plainPort.ts), unless it goes straight into a chunk's block. Fewer reads
 * cost less (1 GiB in 64 KiB reads used about twice the CPU of 256 KiB
 * ones, 1 MiB saved little more); what waits of a read is copied, and
 * `maxWaitingBytes` is one read.
 */
const SOCKET_READ_BYTES = 256 * KiB;

export const RECEIVER_BUDGET = {
  socketMarkBytes: SOCKET_MARK_BYTES,
  socketReadBytes: SOCKET_READ_BYTES,
  /**
   * What a paused socket may still hold: nothing where it reads into the
   * port's buffer; where a runtime lets it read only its own way, one
   * 64 KiB read past its mark.
   */
  pausedSocketBytes: 64 * KiB + SOCKET_MARK_BYTES,
  /** Reply bytes held for one peer (queued, or in its socket past the kernel's buffer); past this the peer is gone. */
  maxQueuedReplyBytes: 64 * KiB,
  /** A peer whose replies have waited unread this long does not read: it is gone. */
  unreadMs: 15_000,
  maxConnections: 256,
  /**
   * Connections one host may hold: filling every slot with peers that send
   * a request now and then (never quiet enough to make room) takes four.
   */
  maxConnectionsPerHost: 64,
  /**
   * Unfinished messages and reads waiting for their turn, across all peers;
   * past this the peer with the most waiting goes, else the slowest message.
   */
  maxPartialBytes: 96 * MiB,
  /**
   * Messages one connection decodes per turn while others wait: about the
   * work of one read of chunk data, so a read of hundreds of small requests
   * cannot hold up everyone else.
   */
  messagesPerTurn: 4,
  /**
   * Bytes read from one peer waiting for their turn; past this the peer is
   * dropped. Its socket is not read while any wait, so this is one read at most.
   */
  maxWaitingBytes: SOCKET_READ_BYTES,
  /** Complete requests being checked and written; past this reading pauses. */
  maxHeldBytes: 96 * MiB,
  /** Chunk blocks kept for the next chunks once written (blockPool.ts). */
  freeBlockBytes: MAX_FREE_BYTES,
  /** A connection that has not finished its ZMTP handshake by then is closed. */
  handshakeMs: 10_000,
} as const;

/**
 * The most memory peers can make the receiver hold, beyond its own code and
 * at most one message of `maxMessageBytes` in flight inside the decoder of
 * each connection that the partial budget allows.
 */
export function worstCaseBytes(budget = RECEIVER_BUDGET): number {
  const perConnection = budget.pausedSocketBytes + budget.maxWaitingBytes + budget.maxQueuedReplyBytes;
  return budget.socketReadBytes + budget.maxConnections * perConnection + budget.maxPartialBytes + budget.maxHeldBytes + budget.freeBlockBytes;
}
