// The pieces of the encrypted port that need no socket: packed frames and
// the proof that binds a device's key to a connection.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { packFrames, roomyBuffer, unpackFrames } from '../../electron/engine/protocol/packedFrames.js';
import { authProof, newChallenge, proofHolds } from '../../electron/engine/trust/authProof.js';
import { loadOrCreateIdentity } from '../../electron/engine/trust/deviceIdentity.js';
import { tempDir } from '../support/tmp.js';

test('frames packed in one message come back exactly; anything else is refused', () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 16 }), (frames) => {
      assert.deepEqual(unpackFrames(packFrames(frames))?.map((f) => Buffer.from(f)), frames.map((f) => Buffer.from(f)));
    }),
  );
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      const frames = unpackFrames(Buffer.from(bytes));
      if (frames) assert.deepEqual(packFrames(frames), Buffer.from(bytes));
    }),
  );
  const packed = packFrames(['CHUNK', 'a', '0']);
  assert.equal(unpackFrames(packed.subarray(0, packed.length - 1)), null);
  assert.equal(unpackFrames(Buffer.concat([packed, Buffer.from('x')])), null);
  assert.equal(unpackFrames(Buffer.from([17])), null);
});

test('a chunk in a roomy buffer is packed where it lies, as the same bytes; any other last frame is copied, its neighbours untouched', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ maxLength: 300 }), { maxLength: 15 }), fc.uint8Array({ minLength: 1, maxLength: 500 }), (head, bytes) => {
      const chunk = roomyBuffer(bytes.length + 10).subarray(0, bytes.length);
      chunk.set(bytes);
      const packed = packFrames([...head, chunk]);
      assert.equal(packed.buffer, chunk.buffer, 'not copied');
      assert.deepEqual(packed, packFrames([...head, Buffer.from(bytes)]));
    }),
  );
  // A view into shared memory (as Buffer.from's pool makes) is never written around.
  const shared = Buffer.alloc(64, 9);
  const view = shared.subarray(32, 40);
  const packed = packFrames(['CHUNK', view]);
  assert.notEqual(packed.buffer, shared.buffer);
  assert.deepEqual(shared, Buffer.alloc(64, 9));
  assert.deepEqual(unpackFrames(packed)?.map(String), ['CHUNK', String(view)]);
});

test('only the holder of a key can prove it, for one receiver and one challenge', async () => {
  const [sender, receiver, other] = await Promise.all([1, 2, 3].map(async () => loadOrCreateIdentity(await tempDir('zd-auth'))));
  const challenge = newChallenge();
  const proof = authProof(sender!, receiver!.publicKey, challenge);
  assert.equal(proofHolds(receiver!, sender!.publicKey, challenge, proof), true);
  // Replayed on another connection (another challenge), claimed for another key, or made by another device: refused.
  assert.equal(proofHolds(receiver!, sender!.publicKey, newChallenge(), proof), false);
  assert.equal(proofHolds(receiver!, other!.publicKey, challenge, proof), false);
  assert.equal(proofHolds(receiver!, sender!.publicKey, challenge, authProof(other!, receiver!.publicKey, challenge)), false);
  // Meant for another receiver.
  assert.equal(proofHolds(other!, sender!.publicKey, challenge, authProof(sender!, other!.publicKey, challenge)), true);
  assert.equal(proofHolds(receiver!, sender!.publicKey, challenge, authProof(sender!, other!.publicKey, challenge)), false);
  assert.equal(proofHolds(receiver!, Buffer.alloc(32), challenge, proof), false);
});
