// Key text codecs: Z85 for libzmq, base32 for people.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { base32Decode, base32Encode, z85Decode, z85Encode } from '../../electron/engine/trust/textCodecs.js';

test('Z85 matches the spec’s test vector and round-trips', () => {
  const hello = Buffer.from([0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b]);
  assert.equal(z85Encode(hello), 'HelloWorld');
  assert.deepEqual(z85Decode('HelloWorld'), hello);
  fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 64 }).map((a) => a.subarray(0, a.length - (a.length % 4))), (bytes) => {
    assert.deepEqual(z85Decode(z85Encode(bytes)), Buffer.from(bytes));
  }));
  assert.equal(z85Decode('Hello'.repeat(1) + '~'), null);
  assert.equal(z85Decode('#####'), null); // past 2^32
});

test('base32 matches RFC 4648 (lower case, no padding) and refuses what is not base32', () => {
  for (const [text, encoded] of [['', ''], ['f', 'my'], ['fo', 'mzxq'], ['foo', 'mzxw6'], ['foob', 'mzxw6yq'], ['fooba', 'mzxw6ytb'], ['foobar', 'mzxw6ytboi']]) {
    assert.equal(base32Encode(Buffer.from(text!)), encoded);
    assert.deepEqual(base32Decode(encoded!.toUpperCase()), Buffer.from(text!));
  }
  fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => assert.deepEqual(base32Decode(base32Encode(bytes)), Buffer.from(bytes))));
  assert.equal(base32Decode('mzxw1'), null);
  assert.equal(base32Decode('mzxw6ytboj'), null); // non-zero padding bits
});
