// One peer's replies: exactly one per request, in the order the requests
// arrived (PROTOCOL.md §3), whatever order their work finishes in. Sending
// never waits on the peer: the listener queues, bounded, per peer.
import type { Reply } from '../../../shared/protocol.js';
import { encodeReply, errorReply } from '../protocol/codec.js';
import type { Peer } from './listener.js';

export class ReplyChannel {
  private chain: Promise<void> = Promise.resolve();
  /** Requests received and not yet answered. */
  pending = 0;
  /** Names of the transfers this peer has in transit. */
  readonly transfers = new Set<string>();
  lastHeard = Date.now();
  /** Set once the peer is gone: its replies are dropped. */
  gone = false;

  constructor(
    readonly peer: Peer,
    private readonly send: (peer: Peer, frames: string[]) => void,
  ) {}

  /**
   * Answers one request with `reply` once every earlier one was answered.
   * `answered` runs as the reply leaves, before any later reply: a chunk
   * stays "in transit" until then (PROTOCOL.md §5.2). A reply known at once
   * (most refusals) with nothing before it goes out at once, without a
   * promise: a flood of bad requests costs little each.
   */
  answer(reply: Reply | Promise<Reply>, envelope: boolean, answered?: () => void): void {
    if (this.pending === 0 && !(reply instanceof Promise)) {
      answered?.();
      return this.deliver(reply, envelope);
    }
    this.pending++;
    this.chain = this.chain.then(async () => {
      const result = await Promise.resolve(reply).catch((err: unknown) => errorReply('io', `the receiver failed: ${String(err).slice(0, 200)}`));
      answered?.();
      this.pending--;
      this.deliver(result, envelope);
    });
  }

  private deliver(reply: Reply, envelope: boolean): void {
    if (!this.gone) this.send(this.peer, envelope ? ['', ...encodeReply(reply)] : encodeReply(reply));
  }

  /** Settles once every reply queued so far has left. */
  drained(): Promise<void> {
    return this.chain;
  }
}
