// A fuzzing identity through libzmq itself, as foreign senders connect: a
// DEALER with a window of requests in transit, or a REQ (one at a time, its
// envelope added and removed by libzmq). Every reply is checked in order.
import * as zmq from 'zeromq';
import type { Ledger } from './ledger.js';
import type { RequestStep, Step } from './steps.js';
import { REPLY_MS } from './zmtpPeer.js';

export interface ZmqPeerOptions {
  who: string;
  endpoint: string;
  type: 'dealer' | 'req';
  /** A routing id to claim, or none (libzmq's own). */
  routingId: string | null;
  window: number;
  ledger: Ledger;
}

export class ZmqPeer {
  private readonly socket: zmq.Dealer | zmq.Request;
  private readonly waiting: Array<{ step: RequestStep; index: number }> = [];
  private sent = 0;
  private broken = false;

  constructor(private readonly options: ZmqPeerOptions) {
    const settings = { linger: 0, receiveTimeout: REPLY_MS, sendTimeout: REPLY_MS, ...(options.routingId ? { routingId: options.routingId } : {}) };
    this.socket = options.type === 'req' ? new zmq.Request(settings) : new zmq.Dealer(settings);
    this.socket.connect(options.endpoint);
    options.ledger.connections++;
  }

  async run(steps: Iterable<Step>): Promise<void> {
    const window = this.options.type === 'req' ? 1 : this.options.window;
    for (const step of steps) {
      if (step.kind === 'raw') throw new Error('a libzmq peer sends no raw bytes');
      if (this.broken) return;
      this.options.ledger.messages++;
      while (this.waiting.length >= window) await this.receiveOne();
      this.options.ledger.sent(step);
      this.waiting.push({ step, index: this.sent++ });
      await this.socket.send(step.frames);
    }
    while (this.waiting.length > 0 && !this.broken) await this.receiveOne();
  }

  close(): void {
    this.socket.close();
  }

  private async receiveOne(): Promise<void> {
    const { step, index } = this.waiting.shift()!;
    try {
      const frames = await this.socket.receive();
      // A REQ socket removes the envelope itself.
      this.options.ledger.reply(this.options.who, index, step, frames, this.options.type === 'dealer');
    } catch (err) {
      this.options.ledger.problem(`${this.options.who} request #${index} (${step.what}): no reply (${(err as Error).message})`);
      this.broken = true;
      this.waiting.length = 0;
    }
  }
}
