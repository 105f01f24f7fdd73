// The blocks a chunk's data is read into (frameReader.ts), used again once
// the data is written. A block freed to the garbage collector and a new one
// taken each time cost a page fault for every 4 KiB received: 1 GiB read
// into fresh 256 KiB blocks faulted twice as often as into Node's own reads.
// Small files' chunks are blocks too, in sizes of powers of two: a fresh
// 64 KiB buffer per file was garbage the collector's threads chased.
//
// A block comes back only from the one place that knows its data is no
// longer needed (the transfer, once the write of it has ended); one never
// given back is simply collected.

/** A whole frame is gathered in blocks of this size (or of what is left of it, rounded up). */
export const BLOCK_BYTES = 256 * 1024;
/** The smallest block: smaller frames get a buffer from Node's own pool. */
const MIN_BLOCK_BYTES = 4 * 1024;
/** Blocks kept for reuse at most, in bytes: what a few chunks in transit take. */
export const MAX_FREE_BYTES = 48 * BLOCK_BYTES;

/** Blocks waiting to be used again, by size. */
const free = new Map<number, Buffer[]>();
let freeBytes = 0;
/** Pieces out that may come back, each with its block: a block itself, or the part of it a frame filled. */
const out = new WeakMap<Uint8Array, Buffer>();

/** The block size for `size` bytes: the power of two at or above it. */
function blockSizeFor(size: number): number {
  let bytes = MIN_BLOCK_BYTES;
  while (bytes < size) bytes *= 2;
  return bytes;
}

/** A block of at least `size` bytes (at most BLOCK_BYTES), of undefined content. */
export function takeBlock(size: number): Buffer {
  if (size < MIN_BLOCK_BYTES) return Buffer.allocUnsafe(size);
  const bytes = blockSizeFor(Math.min(size, BLOCK_BYTES));
  const kept = free.get(bytes)?.pop();
  if (kept) freeBytes -= bytes;
  const block = kept ?? Buffer.allocUnsafe(bytes);
  out.set(block, block);
  return block;
}

/** What a frame filled of `block`: the block, or its first `used` bytes, which come back as the block would. */
export function filledPart(block: Buffer, used: number): Buffer {
  if (used === block.length) return block;
  const part = block.subarray(0, used);
  const owner = out.get(block);
  if (owner) {
    out.delete(block);
    out.set(part, owner);
  }
  return part;
}

/** Gives back the blocks among `pieces` whose bytes nothing reads or writes any more. */
export function giveBlocks(pieces: readonly Uint8Array[]): void {
  for (const piece of pieces) {
    const block = out.get(piece);
    if (!block) continue;
    out.delete(piece);
    if (freeBytes + block.length > MAX_FREE_BYTES) makeRoom(block.length);
    if (freeBytes + block.length > MAX_FREE_BYTES) continue;
    let list = free.get(block.length);
    if (!list) free.set(block.length, (list = []));
    list.push(block);
    freeBytes += block.length;
  }
}

/**
 * Lets free blocks of other sizes go until one of `bytes` fits: the sizes
 * given back now are the ones in use (small files, then a large one), and
 * blocks of an earlier pattern must not hold the room for ever.
 */
function makeRoom(bytes: number): void {
  for (const [size, list] of free) {
    if (size === bytes) continue;
    while (list.length > 0 && freeBytes + bytes > MAX_FREE_BYTES) {
      list.pop();
      freeBytes -= size;
    }
  }
}

/** The memory `pieces` hold: a block's whole length for a part of one. */
export function blockBytesOf(pieces: readonly Uint8Array[]): number {
  let bytes = 0;
  for (const piece of pieces) bytes += out.get(piece)?.length ?? piece.length;
  return bytes;
}

/** Blocks waiting to be used again (for tests). */
export function freeBlocks(): number {
  let count = 0;
  for (const list of free.values()) count += list.length;
  return count;
}
