// A frame's bytes in pieces: joining and skipping keep the bytes and their order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { headOf, joined, piecesOf, skipBytes } from '../../electron/engine/protocol/pieces.js';

const pieces = fc.array(fc.uint8Array({ maxLength: 50 }), { maxLength: 8 });

test('what is left after skipping n bytes is the bytes from n on, in views of the same memory', () => {
  fc.assert(
    fc.property(pieces, fc.nat(400), (list, skip) => {
      const whole = Buffer.concat(list);
      const rest = skipBytes(list, skip);
      assert.ok(Buffer.concat(rest).equals(whole.subarray(Math.min(skip, whole.length))));
      assert.ok(rest.every((piece) => piece.length > 0 && list.some((p) => p.buffer === piece.buffer)));
    }),
  );
});

test('joined gives the bytes in order; a single buffer is not copied', () => {
  fc.assert(
    fc.property(pieces, (list) => {
      const whole = Buffer.concat(list);
      assert.ok(joined({ pieces: list, length: whole.length }).equals(whole));
    }),
  );
  // Memory of its own (Buffer.from('abc') shares Node's pool, which a copy could share too).
  const one = Buffer.from(new Uint8Array([1, 2, 3]));
  assert.equal(joined(one).buffer, one.buffer);
  assert.equal(joined(one).byteOffset, one.byteOffset);
  assert.deepEqual(piecesOf(one), [one]);
});

test('the head of a frame in pieces is its first n bytes, however the pieces are cut', () => {
  fc.assert(
    fc.property(pieces, fc.nat(60), (list, n) => {
      const whole = Buffer.concat(list);
      assert.ok(headOf({ pieces: list, length: whole.length }, n).equals(whole.subarray(0, n)));
    }),
  );
});
