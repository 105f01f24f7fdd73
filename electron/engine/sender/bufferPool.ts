// Chunk buffers, reused: fresh memory is costly, and a bounded pool bounds
// the bytes in transit however large the file. Each has room before it for
// a request's other frames, packed without copying the chunk (packedFrames.ts).
import { roomyBuffer } from '../protocol/packedFrames.js';

export class BufferPool {
  private readonly free: Buffer[] = [];
  private created = 0;
  private waiters: Array<(buffer: Buffer) => void> = [];

  constructor(
    readonly bufferBytes: number,
    private readonly maxBuffers: number,
  ) {}

  acquire(): Promise<Buffer> {
    const buffer = this.free.pop();
    if (buffer) return Promise.resolve(buffer);
    if (this.created < this.maxBuffers) {
      this.created++;
      return Promise.resolve(roomyBuffer(this.bufferBytes));
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /**
   * Only once the receiver answered: large buffers are sent without copying,
   * and plain, an answer comes only after its request was written whole
   * (plainDealer.ts). Encrypted, zeromq.js may still hold the buffer if a
   * receiver answers before reading it all: an encrypted peer's pools are
   * its own (chunkPools.ts).
   */
  release(buffer: Buffer): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(buffer);
    else this.free.push(buffer);
  }

  /**
   * For a buffer that may still sit in a socket's queue (its request went
   * unanswered): it is left to the garbage collector and a new one takes
   * its place, so the pool does not shrink.
   */
  forget(): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(roomyBuffer(this.bufferBytes));
    else this.created--;
  }
}
