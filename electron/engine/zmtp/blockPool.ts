// The blocks a chunk's data is read into (frameReader.ts), used again once
// the data is written. A block freed to the garbage collector and a new one
// taken each time cost a page fault for every 4 KiB received: 1 GiB read
// into fresh 256 KiB blocks faulted twice as often as into Node's own reads.
//
// A block comes back only from the one place that knows its data is no
// longer needed (the transfer, once the write of it has ended); one never
// given back is simply collected.

/** A whole frame is gathered in blocks of this size (or of what is left of it, which is not kept). */
export const BLOCK_BYTES = 256 * 1024;
/** Blocks kept for reuse at most: what a few chunks in transit take. */
export const MAX_FREE_BLOCKS = 48;

const free: Buffer[] = [];
/** Blocks taken from here and not yet given back: only those may come back. */
const out = new WeakSet<Uint8Array>();

/** A block of `size` bytes, of undefined content. */
export function takeBlock(size: number): Buffer {
  if (size !== BLOCK_BYTES) return Buffer.allocUnsafe(size);
  const block = free.pop() ?? Buffer.allocUnsafe(BLOCK_BYTES);
  out.add(block);
  return block;
}

/** Gives back the blocks among `pieces` whose bytes nothing reads or writes any more. */
export function giveBlocks(pieces: readonly Uint8Array[]): void {
  for (const piece of pieces) {
    if (!out.delete(piece)) continue;
    if (free.length < MAX_FREE_BLOCKS) free.push(piece as Buffer);
  }
}

/** Blocks waiting to be used again (for tests). */
export function freeBlocks(): number {
  return free.length;
}
