// Every number that bounds the receiver's memory, in one place, and the
// worst case they add up to (SECURITY.md quotes this formula).
const KiB = 1024;
const MiB = 1024 * KiB;

export const RECEIVER_BUDGET = {
  /** libzmq reads a STREAM connection at most this much at a time (ZMQ_IN_BATCH_SIZE). */
  readBatchBytes: 128 * KiB,
  /** Reads libzmq holds per connection before it stops reading that connection. */
  receiveHwm: 4,
  /** Reply batches libzmq holds per connection, each at most maxReplyBatchBytes. */
  sendHwm: 4,
  maxReplyBatchBytes: 16 * KiB,
  /** The kernel's send buffer per connection (SO_SNDBUF): replies only, so small. */
  kernelSendBufferBytes: 64 * KiB,
  /** Reply bytes waiting in the receiver for one peer; past this the peer is gone (it does not read). */
  maxQueuedReplyBytes: 64 * KiB,
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
  /** Bytes read from one peer waiting for their turn (two reads); past this the peer is dropped. */
  maxWaitingBytes: 256 * KiB,
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
  const perConnection =
    (budget.receiveHwm + 1) * budget.readBatchBytes + budget.sendHwm * budget.maxReplyBatchBytes + budget.maxQueuedReplyBytes + 64 * KiB;
  return budget.maxConnections * perConnection + budget.maxPartialBytes + budget.maxHeldBytes;
}
