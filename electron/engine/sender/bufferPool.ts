// Chunk buffers, reused: fresh memory is costly, and a bounded pool bounds
// the bytes in transit however large the file. Each has room before it for
// a request's other frames, packed without copying the chunk (packedFrames.ts).
// The pools of one sender share a budget of bytes (several sets of pools
// exist at once: chunkPools.ts), so the sender's buffers stay bounded
// however many receivers it sends to.
import { roomyBuffer } from '../protocol/packedFrames.js';

/** Bytes that all the pools of one sender may hold together. */
export class BufferBudget {
  private used = 0;
  private readonly pools = new Set<BufferPool>();

  constructor(private readonly maxBytes: number) {}

  join(pool: BufferPool): void {
    this.pools.add(pool);
  }

  /**
   * Room for a buffer of `bytes`, taken if there is some: first by asking
   * the other pools to let go of their free buffers. Nothing held at all,
   * one buffer is always allowed, however large.
   */
  take(bytes: number, taker: BufferPool): boolean {
    for (const pool of this.pools) {
      if (this.used === 0 || this.used + bytes <= this.maxBytes) break;
      if (pool !== taker) this.used -= pool.shed();
    }
    if (this.used > 0 && this.used + bytes > this.maxBytes) return false;
    this.used += bytes;
    return true;
  }

  /** Bytes let go; pools waiting for room may now have it. */
  give(bytes: number): void {
    this.used -= bytes;
    for (const pool of this.pools) pool.makeWaited();
  }

  /** Whether a pool waits for room: a buffer let go then goes, not back to a free list. */
  get wanted(): boolean {
    for (const pool of this.pools) if (pool.wantsRoom) return true;
    return false;
  }

  /** A pool given up: what it holds is let go. */
  leave(pool: BufferPool, bytes: number): void {
    this.pools.delete(pool);
    this.give(bytes);
  }
}

export class BufferPool {
  private readonly free: Buffer[] = [];
  private created = 0;
  private waiters: Array<(buffer: Buffer) => void> = [];
  private dropped = false;

  constructor(
    readonly bufferBytes: number,
    private readonly maxBuffers: number,
    private readonly budget: BufferBudget = new BufferBudget(Infinity),
  ) {
    budget.join(this);
  }

  /** Waiting for the budget's room, not for its own buffers (it has made fewer than its most). */
  get wantsRoom(): boolean {
    return this.waiters.length > 0 && !this.dropped && this.created < this.maxBuffers;
  }

  acquire(): Promise<Buffer> {
    const buffer = this.free.pop();
    if (buffer) return Promise.resolve(buffer);
    const made = this.make();
    return made ? Promise.resolve(made) : new Promise((resolve) => this.waiters.push(resolve));
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
    if (waiter) return waiter(buffer);
    if (this.dropped) return;
    // Another pool waits for room: this buffer's room goes to it.
    if (this.budget.wanted) return this.letGo(1);
    this.free.push(buffer);
  }

  /**
   * For a buffer that may still sit in a socket's queue (its request went
   * unanswered): it is left to the garbage collector and a new one takes
   * its place, so the pool does not shrink.
   */
  forget(): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(roomyBuffer(this.bufferBytes));
    else if (!this.dropped) this.letGo(1);
  }

  /** Lets go of the free buffers (another pool needs their room); returns their bytes. */
  shed(): number {
    const bytes = this.free.length * this.bufferBytes;
    this.created -= this.free.length;
    this.free.length = 0;
    return bytes;
  }

  /** Hands new buffers to waiters while there is room for them. */
  makeWaited(): void {
    while (this.waiters.length > 0) {
      const made = this.make();
      if (!made) return;
      this.waiters.shift()!(made);
    }
  }

  /** Gives the pool up: every buffer it made is left to the garbage collector, its room to the budget. */
  drop(): void {
    if (this.dropped) return;
    this.dropped = true;
    this.free.length = 0;
    this.budget.leave(this, this.created * this.bufferBytes);
    this.created = 0;
  }

  private make(): Buffer | null {
    if (this.dropped || this.created >= this.maxBuffers || !this.budget.take(this.bufferBytes, this)) return null;
    this.created++;
    return roomyBuffer(this.bufferBytes);
  }

  private letGo(count: number): void {
    this.created -= count;
    this.budget.give(count * this.bufferBytes);
  }
}
