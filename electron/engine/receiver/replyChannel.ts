// One peer's replies: exactly one per request, in the order the requests
// arrived (PROTOCOL.md §3), whatever order their work finishes in. Sending
// never waits on the peer: the listener queues, bounded, per peer.
import { encodeReply, errorReply, ProtocolError } from '../protocol/codec.js';
import type { Answer } from './deviceGate.js';
import type { Peer } from './listener.js';

/** A peer with nothing in transit for this long has ended its batch: its next file starts a new one. */
export const BATCH_IDLE_MS = 2_000;
/** Names whose refusal a peer has yet to hear; the oldest are forgotten first. */
const MAX_REFUSALS = 1_024;
/** Requests of one peer waiting for their replies; a peer past it is flooding. */
export const MAX_PENDING_PER_PEER = 8_192;

export class ReplyChannel {
  private chain: Promise<void> = Promise.resolve();
  /** Requests received and not yet answered. */
  pending = 0;
  /** Names of the transfers this peer has in transit; change it with opened() and ended(). */
  readonly transfers = new Set<string>();
  /** Transfers this receiver ended on its own, by name: why, for the peer's next request naming them. */
  private readonly refusals = new Map<string, string>();
  private batchNumber = 0;
  /** When its last transfer in transit ended. */
  private quietSince = 0;
  lastHeard = Date.now();
  /** Set once the peer is gone: its replies are dropped. */
  gone = false;

  /** `batchPrefix`: unique to this connection within a run of the engine. */
  constructor(
    readonly peer: Peer,
    /** `refused`: the reply is an ERROR (the plain port paces a peer's refusals). */
    private readonly send: (peer: Peer, frames: Array<string | Uint8Array>, refused: boolean) => void,
    private readonly batchPrefix: string,
  ) {}

  /**
   * A transfer of this peer began; returns its batch. A plain v1 sender
   * does not say which files go together: what one connection sends until
   * it falls idle is one batch.
   */
  opened(name: string, now = Date.now()): string {
    if (this.batchNumber === 0 || (this.transfers.size === 0 && now - this.quietSince >= BATCH_IDLE_MS)) this.batchNumber++;
    this.transfers.add(name);
    this.refusals.delete(name);
    return `${this.batchPrefix}.${this.batchNumber}`;
  }

  /** Remembers why a transfer of this peer was ended here, to say so when the peer next names it. */
  refuse(name: string, why: string): void {
    this.refusals.set(name, why);
    if (this.refusals.size > MAX_REFUSALS) this.refusals.delete(this.refusals.keys().next().value!);
  }

  refusal(name: string): string | undefined {
    return this.refusals.get(name);
  }

  ended(name: string): void {
    if (this.transfers.delete(name) && this.transfers.size === 0) this.quietSince = Date.now();
  }

  /**
   * Answers one request with `reply` once every earlier one was answered.
   * `answered` runs as the reply leaves, before any later reply: a chunk
   * stays "in transit" until then (PROTOCOL.md §5.2). A reply known at once
   * (most refusals) with nothing before it goes out at once, without a
   * promise: a flood of bad requests costs little each.
   */
  answer(reply: Answer | Promise<Answer>, envelope: boolean, answered?: () => void): void {
    // A reply known at once, with none waiting before it, leaves at once: no promise for a flood's refusals.
    if (this.pending === 0 && !(reply instanceof Promise)) {
      answered?.();
      return this.deliver(reply, envelope);
    }
    this.pending++;
    this.chain = this.chain.then(async () => {
      // A rule broken in work that waited (a ProtocolError thrown after an await) keeps its code.
      const result: Answer = await Promise.resolve(reply).catch((err: unknown) =>
        err instanceof ProtocolError ? errorReply(err.code, err.detail) : errorReply('io', `the receiver failed: ${String(err).slice(0, 200)}`),
      );
      answered?.();
      this.pending--;
      this.deliver(result, envelope);
    });
  }

  private deliver(reply: Answer, envelope: boolean): void {
    if (this.gone) return;
    const frames = 'frames' in reply ? reply.frames : encodeReply(reply);
    this.send(this.peer, envelope ? ['', ...frames] : frames, 'ok' in reply && !reply.ok);
  }

  /** Settles once every reply queued so far has left. */
  drained(): Promise<void> {
    return this.chain;
  }
}
