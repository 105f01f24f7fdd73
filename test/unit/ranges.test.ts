import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { overlaps, RangeSet } from '../../electron/engine/protocol/ranges.js';

describe('RangeSet', () => {
  test('merges touching and overlapping ranges', () => {
    const set = new RangeSet();
    set.add(10, 20);
    set.add(0, 5);
    set.add(5, 10);
    set.add(15, 30);
    assert.deepEqual(set.ranges(), [[0, 30]]);
    assert.equal(set.bytes, 30);
    assert.equal(set.end, 30);
  });
  test('reports gaps', () => {
    const set = new RangeSet();
    set.add(0, 10);
    set.add(20, 30);
    assert.equal(set.coversFromZero(10), true);
    assert.equal(set.coversFromZero(11), false);
    assert.equal(set.coversFromZero(30), false);
    assert.equal(new RangeSet().coversFromZero(0), true);
  });
  test('overlaps is about shared bytes, not touching ends', () => {
    assert.equal(overlaps(0, 10, 10, 20), false);
    assert.equal(overlaps(0, 10, 9, 20), true);
  });
  test('random chunkings of a file, added in any order, cover it exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 50 }),
        fc.infiniteStream(fc.nat()),
        (size, lengths, random) => {
          const chunks: Array<[number, number]> = [];
          for (let offset = 0, i = 0; offset < size; i++) {
            const length = Math.min(lengths[i % lengths.length]!, size - offset);
            chunks.push([offset, offset + length]);
            offset += length;
          }
          const order = chunks.map((c) => [random.next().value, c] as const).sort((a, b) => a[0] - b[0]);
          const set = new RangeSet();
          for (const [, [s, e]] of order) set.add(s, e);
          assert.ok(set.coversFromZero(size));
          assert.equal(set.end, size);
          assert.equal(set.bytes, size);
        },
      ),
      { numRuns: 300 },
    );
  });
  test('its bytes, counted as ranges come, are always those of its ranges, overlaps and repeats included', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(2000), fc.integer({ min: 0, max: 300 })), { maxLength: 200 }), (adds) => {
        const set = new RangeSet();
        for (const [start, length] of adds) set.add(start, start + length);
        assert.equal(set.bytes, set.ranges().reduce((sum, [s, e]) => sum + e - s, 0));
      }),
      { numRuns: 300 },
    );
  });
  test('a missing chunk is always noticed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 60 }), fc.nat(), (chunks, missing) => {
        const skip = missing % chunks;
        const set = new RangeSet();
        for (let i = 0; i < chunks; i++) if (i !== skip) set.add(i * 10, i * 10 + 10);
        assert.equal(set.coversFromZero(chunks * 10), false);
      }),
    );
  });
});
