// A fuzzing identity over raw ZMTP (zmtpSocket.ts): it claims any routing id,
// may read its replies (each checked, in order, by the ledger) or never read
// them, may trickle a request a few bytes at a time, and may send broken
// bytes, after which it must, may or must not be dropped. A peer dropped
// where it could be connects again, with the same claimed id.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { encodeMessage } from '../../../electron/engine/zmtp/frameWriter.js';
import { within } from '../wait.js';
import { ZmtpClient } from '../zmtpSocket.js';
import type { Ledger } from './ledger.js';
import type { Rng } from './random.js';
import type { RawStep, RequestStep, Step } from './steps.js';

/** However loaded the machine, a reply or a drop that takes this long is a wedge. */
export const REPLY_MS = 60_000;

export interface ZmtpPeerOptions {
  who: string;
  endpoint: string;
  claim: Buffer | null;
  /** Requests in transit at most; 0: it never reads (a flood). */
  window: number;
  ledger: Ledger;
  /** Splits trickled requests. */
  rng: Rng;
}

export class ZmtpPeer {
  private client!: ZmtpClient;
  private readonly waiting: Array<{ step: RequestStep; index: number }> = [];
  private sent = 0;

  constructor(private readonly options: ZmtpPeerOptions) {}

  private get reads(): boolean {
    return this.options.window > 0;
  }

  /** Runs `steps`; leaves its connection open (its transfers idle out) until close(). */
  async run(steps: Iterable<Step>): Promise<void> {
    await this.connect();
    for (const step of steps) {
      this.options.ledger.messages++;
      if (step.kind === 'raw') await this.raw(step);
      else await this.request(step);
    }
    await this.settle();
  }

  close(): void {
    this.client?.destroy();
  }

  private async connect(): Promise<void> {
    this.client = await ZmtpClient.connect(this.options.endpoint, this.options.claim ? { identity: this.options.claim } : {});
    this.client.socket.setNoDelay(true);
    if (!this.reads) this.client.socket.pause();
    this.options.ledger.connections++;
  }

  /** The connection was closed by the receiver: allowed for a flood, a problem for a peer that behaved. */
  private async dropped(why: string): Promise<void> {
    this.options.ledger.dropped++;
    if (this.reads) this.options.ledger.problem(`${this.options.who} was dropped ${why}, after ${this.sent} requests`);
    this.waiting.length = 0;
    await this.connect();
  }

  private async request(step: RequestStep): Promise<void> {
    if (this.reads) while (this.waiting.length >= this.options.window) await this.receiveOne();
    this.options.ledger.sent(step);
    if (this.reads) this.waiting.push({ step, index: this.sent });
    this.sent++;
    if (step.trickle) await this.trickle(encodeMessage(step.frames));
    else if (!this.client.send(step.frames)) await this.client.writable();
    if (this.client.isClosed) await this.dropped(`while it sent (${step.what})`);
  }

  private async trickle(bytes: Buffer): Promise<void> {
    for (let at = 0; at < bytes.length && !this.client.isClosed; ) {
      const n = Math.min(bytes.length - at, this.options.rng.between(1, 8));
      this.client.sendRaw(bytes.subarray(at, (at += n)));
      await nextTurn();
    }
  }

  private async receiveOne(): Promise<void> {
    const { step, index } = this.waiting[0]!;
    let frames: Buffer[] | null;
    try {
      frames = await within(this.client.next(), 'a reply', REPLY_MS);
    } catch {
      this.options.ledger.problem(`${this.options.who} request #${index} (${step.what}): no reply within ${REPLY_MS / 1000} s`);
      this.client.destroy();
      this.waiting.length = 0;
      await this.connect();
      return;
    }
    if (frames === null) return this.dropped(`with request #${index} (${step.what}) unanswered`);
    this.waiting.shift();
    this.options.ledger.reply(this.options.who, index, step, frames, true);
  }

  /** Reads every reply still owed. */
  private async settle(): Promise<void> {
    while (this.waiting.length > 0) await this.receiveOne();
  }

  private async raw(step: RawStep): Promise<void> {
    // What was asked before the broken bytes is answered first: a connection dropped after them owes nothing more.
    await this.settle();
    const target = step.fresh ? await ZmtpClient.connect(this.options.endpoint, { raw: true }) : this.client;
    if (step.fresh) this.options.ledger.connections++;
    target.sendRaw(step.bytes);
    if (step.dropped === true) {
      await within(target.closed, `a drop for ${step.what}`, REPLY_MS).then(
        () => this.options.ledger.dropped++,
        () => this.options.ledger.problem(`${this.options.who}: not dropped after ${step.what}`),
      );
    }
    if (step.dropped === false) return;
    target.destroy();
    if (!step.fresh) await this.connect();
  }
}
