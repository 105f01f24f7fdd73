// Every number that bounds the receiver's memory, in one place, and the
// worst case they add up to (SECURITY.md quotes this formula).
const KiB = 1024;
const MiB = 1024 * KiB;
/**
 * Each plain socket's read and write marks, whatever the runtime's default
 * (Node 22 and Electron raised it to 64 KiB): what a paused socket holds,
 * and how soon a peer that does not read its replies shows.
 */
const SOCKET_MARK_BYTES = 16 * KiB;

export const RECEIVER_BUDGET = {
  socketMarkBytes: SOCKET_MARK_BYTES,
  /** What a paused socket may still hold: Node reads 64 KiB at a time and keeps one read past its mark before it stops. */
  socketReadBytes: 64 * KiB + SOCKET_MARK_BYTES,
  /** Reply bytes held for one peer (queued, or in its socket past the kernel's buffer); past this the peer is gone. */
  maxQueuedReplyBytes: 64 * KiB,
  /** A peer whose replies have waited unread this long does not read: it is gone. */
  unreadMs: 15_000,
  maxConnections: 256,
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
  maxWaitingBytes: 128 * KiB,
  /** Complete requests being checked and written; past this reading pauses. */
  maxHeldBytes: 96 * MiB,
  /** A connection that has not finished its ZMTP handshake by then is closed. */
  handshakeMs: 10_000,
} as const;

/**
 * The most memory peers can make the receiver hold, beyond its own code and
 * at most one message of `maxMessageBytes` in flight inside the decoder of
 * each connection that the partial budget allows.
 */
export function worstCaseBytes(budget = RECEIVER_BUDGET): number {
  const perConnection = budget.socketReadBytes + budget.maxWaitingBytes + budget.maxQueuedReplyBytes;
  return budget.maxConnections * perConnection + budget.maxPartialBytes + budget.maxHeldBytes;
}
