import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { digestHex, formatChecksum, parseChecksum } from '../../electron/engine/protocol/checksum.js';

const data = Buffer.from('123456789');

/** CRC-32 (IEEE 802.3, reflected) bit by bit, as PROTOCOL.md §6 defines it: the reference. */
function referenceCrc32(bytes: Uint8Array): string {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return ((crc ^ 0xffffffff) >>> 0).toString(16).padStart(8, '0');
}

describe('checksums (§6)', () => {
  test('known digests', () => {
    assert.equal(digestHex('crc32', data), 'cbf43926');
    assert.equal(digestHex('sha1', data), 'f7c3bc1d808e04732adf679965ccc34ca7ae3441');
    assert.equal(digestHex('sha256', data), '15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225');
    assert.equal(digestHex('crc32', Buffer.alloc(0)), '00000000');
  });
  test('crc32 of views into a larger buffer, as pooled chunks are, matches the reference', () => {
    const pool = randomBytes(70_000);
    for (const [start, end] of [[0, 70_000], [1, 65_537], [3, 4], [4_099, 4_099], [12_345, 69_999]] as const) {
      const view = new Uint8Array(pool.buffer, pool.byteOffset + start, end - start);
      assert.equal(digestHex('crc32', view), referenceCrc32(view), `bytes ${start}..${end}`);
    }
  });
  test('pieces are digested as the bytes they hold, in order', () => {
    const whole = randomBytes(10_000);
    const pieces = { pieces: [whole.subarray(0, 1), whole.subarray(1, 4_097), whole.subarray(4_097)], length: whole.length };
    for (const algo of ['crc32', 'sha1', 'sha256'] as const) assert.equal(digestHex(algo, pieces), digestHex(algo, whole), algo);
    assert.equal(digestHex('crc32', pieces), referenceCrc32(whole));
  });
  test('named forms, either case of hex', () => {
    assert.deepEqual(parseChecksum('crc32:CBF43926'), { algo: 'crc32', hex: 'cbf43926' });
    assert.deepEqual(parseChecksum(formatChecksum('sha256', data)), { algo: 'sha256', hex: digestHex('sha256', data) });
  });
  test('bare hex is read by its length', () => {
    assert.equal(parseChecksum('cbf43926')?.algo, 'crc32');
    assert.equal(parseChecksum('f7c3bc1d808e04732adf679965ccc34ca7ae3441')?.algo, 'sha1');
    assert.equal(parseChecksum('a'.repeat(64))?.algo, 'sha256');
  });
  for (const bad of ['', 'crc32:', 'crc32:1234567', 'sha1:cbf43926', 'md5:' + 'a'.repeat(32), 'a'.repeat(32), 'xyz', 'crc32:cbf4392g', 'CRC32:cbf43926', ' cbf43926']) {
    test(`refuses ${JSON.stringify(bad)}`, () => assert.equal(parseChecksum(bad), null));
  }
});
