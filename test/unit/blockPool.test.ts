// The blocks chunk data is read into: used again only once given back, only
// blocks the pool handed out, each once, and at most so many kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BLOCK_BYTES, freeBlocks, giveBlocks, MAX_FREE_BLOCKS, takeBlock } from '../../electron/engine/zmtp/blockPool.js';

test('a block given back is the next one taken; one never given back is not', () => {
  const a = takeBlock(BLOCK_BYTES);
  const b = takeBlock(BLOCK_BYTES);
  assert.notEqual(a, b);
  giveBlocks([a]);
  assert.equal(takeBlock(BLOCK_BYTES), a);
  assert.notEqual(takeBlock(BLOCK_BYTES), b, 'b is still out');
});

test('only what the pool handed out comes back, each once; a smaller block is never kept', () => {
  const before = freeBlocks();
  const block = takeBlock(BLOCK_BYTES);
  giveBlocks([Buffer.alloc(BLOCK_BYTES), takeBlock(1000), block.subarray(0, 10)]);
  assert.equal(freeBlocks(), before, 'a stranger, a small block and a view are not kept');
  giveBlocks([block, block]);
  giveBlocks([block]);
  assert.equal(freeBlocks(), before + 1, 'given back three times, kept once');
  const again = takeBlock(BLOCK_BYTES);
  assert.equal(again, block);
  assert.notEqual(takeBlock(BLOCK_BYTES), block, 'handed out once');
});

test('at most MAX_FREE_BLOCKS are kept', () => {
  const blocks = Array.from({ length: MAX_FREE_BLOCKS + 10 }, () => takeBlock(BLOCK_BYTES));
  giveBlocks(blocks);
  assert.equal(freeBlocks(), MAX_FREE_BLOCKS);
});
