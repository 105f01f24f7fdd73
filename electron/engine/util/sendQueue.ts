// zeromq.js allows one send() at a time per socket (a second one throws
// EBUSY), so every send on a socket goes through one queue.
export type Frames = Array<string | Uint8Array>;

export interface Sendable {
  send(frames: Frames): Promise<void>;
}

export class SendQueue {
  private queue: Frames[] = [];
  private head = 0;
  private pumping = false;

  constructor(
    private readonly socket: Sendable,
    private readonly onError: (err: unknown, frames: Frames) => void,
  ) {}

  push(frames: Frames): void {
    this.queue.push(frames);
    if (!this.pumping) void this.pump();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    while (this.head < this.queue.length) {
      const frames = this.queue[this.head]!;
      this.queue[this.head++] = [];
      try {
        await this.socket.send(frames);
      } catch (err) {
        this.onError(err, frames);
      }
    }
    this.queue = [];
    this.head = 0;
    this.pumping = false;
  }
}
