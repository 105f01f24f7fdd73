// A relay between senders and a real receiver that passes requests on at
// once and lets the receiver's replies out at a pace the test sets: a
// receiver as slow as a test needs. "Still in transit" is then a fact the
// test arranges (a 64-chunk file sent one chunk at a time, one reply every
// 200 ms, cannot end in less than 13 s on any machine), not a bet that the
// machine is slow enough to catch a large file midway.
import * as zmq from 'zeromq';

type Frames = Buffer[];

export class PacedRelay {
  private readonly front = new zmq.Router({ linger: 0 });
  /** One connection to the receiver per sender, so that it still tells senders apart. */
  private readonly backs = new Map<string, zmq.Dealer>();
  private readonly held: Frames[] = [];
  private lastSentAt = 0;
  private wake: () => void = () => undefined;
  private closed = false;

  private constructor(
    private readonly target: string,
    private paceMs: number,
  ) {}

  /** A gate in front of the receiver at `target`, letting one reply out every `paceMs`. */
  static async open(target: string, paceMs: number): Promise<PacedRelay> {
    const gate = new PacedRelay(target, paceMs);
    await gate.front.bind('tcp://127.0.0.1:0');
    void gate.forwardRequests();
    void gate.releaseReplies();
    return gate;
  }

  /** Where senders connect instead of the receiver. */
  get endpoint(): string {
    return this.front.lastEndpoint!;
  }

  /** From now on, one reply every `ms` (0: each at once). */
  pace(ms: number): void {
    this.paceMs = ms;
    this.wake();
  }

  close(): void {
    this.closed = true;
    this.wake();
    this.front.close();
    for (const back of this.backs.values()) back.close();
  }

  private async forwardRequests(): Promise<void> {
    try {
      for await (const [id, ...frames] of this.front) await this.backFor(id!).send(frames);
    } catch {
      // Closed.
    }
  }

  private backFor(id: Buffer): zmq.Dealer {
    const key = id.toString('hex');
    let back = this.backs.get(key);
    if (!back) {
      back = new zmq.Dealer({ linger: 0 });
      back.connect(this.target);
      this.backs.set(key, back);
      void this.collectReplies(id, back);
    }
    return back;
  }

  private async collectReplies(id: Buffer, back: zmq.Dealer): Promise<void> {
    try {
      for await (const frames of back) {
        this.held.push([id, ...frames]);
        this.wake();
      }
    } catch {
      // Closed.
    }
  }

  private async releaseReplies(): Promise<void> {
    while (!this.closed) {
      const wait = this.held.length === 0 ? Infinity : this.lastSentAt + this.paceMs - Date.now();
      if (wait > 0) {
        await new Promise<void>((resolve) => {
          const timer = wait === Infinity ? undefined : setTimeout(resolve, wait);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        continue;
      }
      await this.front.send(this.held.shift()!).catch(() => undefined);
      this.lastSentAt = Date.now();
    }
  }
}
