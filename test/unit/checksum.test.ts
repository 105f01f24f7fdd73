import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { digestHex, formatChecksum, parseChecksum } from '../../electron/engine/protocol/checksum.js';

const data = Buffer.from('123456789');

describe('checksums (§6)', () => {
  test('known digests', () => {
    assert.equal(digestHex('crc32', data), 'cbf43926');
    assert.equal(digestHex('sha1', data), 'f7c3bc1d808e04732adf679965ccc34ca7ae3441');
    assert.equal(digestHex('sha256', data), '15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225');
    assert.equal(digestHex('crc32', Buffer.alloc(0)), '00000000');
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
