// Stands between a sender and a real receiver and can hold one request of
// the sender's, unanswered: a test changes a file, or cancels it, at a point
// of the transfer it chose, however fast or loaded the machine is.
import { after } from 'node:test';
import * as zmq from 'zeromq';
import { ScriptedReceiver } from './scriptedReceiver.js';

const dealers: zmq.Dealer[] = [];
after(() => {
  for (const dealer of dealers.splice(0)) dealer.close();
});

type Matcher = (request: Buffer[]) => boolean;

export class ReplyGate {
  private hold: { matches: Matcher; held: () => void; opened: Promise<void> } | null = null;
  private openGate: () => void = () => undefined;

  private constructor(private readonly front: ScriptedReceiver) {}

  /** A gate, open, in front of the receiver at `endpoint`. */
  static async start(endpoint: string): Promise<ReplyGate> {
    const dealer = new zmq.Dealer({ linger: 0 });
    dealers.push(dealer);
    dealer.connect(endpoint);
    let gate: ReplyGate | null = null;
    // One request at a time: the receiver's replies come back in order.
    const front = await ScriptedReceiver.start(async (request) => {
      await gate!.passage(request);
      await dealer.send(request);
      return dealer.receive();
    });
    gate = new ReplyGate(front);
    return gate;
  }

  get endpoint(): string {
    return this.front.endpoint;
  }

  /** Every request that reached the gate, in order. */
  get requests(): Buffer[][] {
    return this.front.requests;
  }

  /**
   * Lets requests through until one for which `matches` holds; that one,
   * and every one after it, waits until open(). Resolves once it waits.
   */
  holdAt(matches: Matcher): Promise<void> {
    return new Promise((held) => {
      const opened = new Promise<void>((resolve) => (this.openGate = resolve));
      this.hold = { matches, held, opened };
    });
  }

  open(): void {
    this.openGate();
  }

  private async passage(request: Buffer[]): Promise<void> {
    const hold = this.hold;
    if (!hold?.matches(request)) return;
    this.hold = null;
    hold.held();
    await hold.opened;
  }
}
