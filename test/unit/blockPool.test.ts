// The blocks chunk data is read into: used again only once given back, only
// blocks the pool handed out (or the part of one a frame filled), each once,
// and at most so many bytes of them kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BLOCK_BYTES, blockBytesOf, filledPart, freeBlocks, giveBlocks, MAX_FREE_BYTES, takeBlock } from '../../electron/engine/zmtp/blockPool.js';

test('blocks come in powers of two from 4 KiB to BLOCK_BYTES; smaller buffers are not blocks', () => {
  assert.deepEqual([5_000, 8_192, 65_536, 100_000, BLOCK_BYTES].map((size) => takeBlock(size).length), [8_192, 8_192, 65_536, 131_072, BLOCK_BYTES]);
  const small = takeBlock(1_000);
  assert.equal(small.length, 1_000);
  const before = freeBlocks();
  giveBlocks([small]);
  assert.equal(freeBlocks(), before, 'a buffer under 4 KiB is not kept');
});

test('a block given back is the next one of its size taken; one never given back is not', () => {
  const a = takeBlock(BLOCK_BYTES);
  const b = takeBlock(BLOCK_BYTES);
  assert.notEqual(a, b);
  giveBlocks([a]);
  assert.notEqual(takeBlock(65_536), a, 'another size');
  assert.equal(takeBlock(BLOCK_BYTES), a);
  assert.notEqual(takeBlock(BLOCK_BYTES), b, 'b is still out');
});

test('only what the pool handed out comes back, each once: a block, or the part a frame filled', () => {
  const before = freeBlocks();
  const block = takeBlock(BLOCK_BYTES);
  giveBlocks([Buffer.alloc(BLOCK_BYTES), block.subarray(0, 10)]);
  assert.equal(freeBlocks(), before, 'a stranger and a view made elsewhere are not kept');
  giveBlocks([block, block]);
  giveBlocks([block]);
  assert.equal(freeBlocks(), before + 1, 'given back three times, kept once');
  assert.equal(takeBlock(BLOCK_BYTES), block);
  assert.notEqual(takeBlock(BLOCK_BYTES), block, 'handed out once');

  // A 40,000-byte frame fills part of a 64 KiB block: that part brings the block back, once.
  const partly = takeBlock(40_000);
  const part = filledPart(partly, 40_000);
  assert.equal(part.length, 40_000);
  // What it holds, for the receiver's budget of requests at work: the whole block.
  assert.equal(blockBytesOf([part, Buffer.alloc(10)]), 65_536 + 10);
  assert.equal(filledPart(block, block.length), block, 'a block filled whole is itself');
  giveBlocks([partly]);
  assert.equal(freeBlocks(), before, 'the block itself no longer comes back: its filled part does');
  giveBlocks([part, part]);
  assert.equal(freeBlocks(), before + 1);
  assert.equal(takeBlock(40_000), partly);
});

test('at most MAX_FREE_BYTES of blocks are kept', () => {
  const blocks = Array.from({ length: MAX_FREE_BYTES / BLOCK_BYTES + 10 }, () => takeBlock(BLOCK_BYTES));
  giveBlocks(blocks);
  assert.equal(freeBlocks(), MAX_FREE_BYTES / BLOCK_BYTES);
  const small = takeBlock(4_096);
  giveBlocks([small]);
  assert.equal(freeBlocks(), MAX_FREE_BYTES / BLOCK_BYTES, 'full: a block of another size takes the room of one kept, no more');
  // The size in use now wins: the small block is kept, one large one went.
  assert.equal(takeBlock(4_096), small);
  const large = Array.from({ length: MAX_FREE_BYTES / BLOCK_BYTES }, () => takeBlock(BLOCK_BYTES));
  assert.equal(large.filter((block) => blocks.includes(block)).length, MAX_FREE_BYTES / BLOCK_BYTES - 1);
});

test('blocks of one size left over from earlier files do not keep a new size out', () => {
  // No large block left free from other tests: those taken now are never given back.
  Array.from({ length: MAX_FREE_BYTES / BLOCK_BYTES }, () => takeBlock(BLOCK_BYTES));
  // Small files' blocks fill the room…
  const smalls = Array.from({ length: MAX_FREE_BYTES / 65_536 }, () => takeBlock(65_536));
  giveBlocks(smalls);
  // …then a large file's blocks come back, and are kept.
  const larges = Array.from({ length: 8 }, () => takeBlock(BLOCK_BYTES));
  giveBlocks(larges);
  const again = Array.from({ length: 8 }, () => takeBlock(BLOCK_BYTES));
  assert.deepEqual(new Set(again), new Set(larges));
});
