// Binding a device's key to one encrypted connection (docs/design.md): the
// receiver sends a fresh challenge on each connection, the sender proves it
// holds the secret key of the public key it names. Pure but for randomness.
import { createHmac, createPrivateKey, createPublicKey, diffieHellman, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { DeviceIdentity } from './deviceIdentity.js';

export const CHALLENGE_BYTES = 32;
const CONTEXT = Buffer.from('zerodrop/auth/1\0', 'latin1');

export function newChallenge(): Buffer {
  return randomBytes(CHALLENGE_BYTES);
}

function privateKeyOf(identity: DeviceIdentity): KeyObject {
  return createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: identity.secretKey.toString('base64url'), x: identity.publicKey.toString('base64url') }, format: 'jwk' });
}

function publicKeyOf(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

function mac(shared: Buffer, senderKey: Uint8Array, receiverKey: Uint8Array, challenge: Uint8Array): Buffer {
  return createHmac('sha256', shared).update(CONTEXT).update(senderKey).update(receiverKey).update(challenge).digest();
}

/** The sender's proof that it holds its key, for this receiver and this challenge. */
export function authProof(sender: DeviceIdentity, receiverKey: Uint8Array, challenge: Uint8Array): Buffer {
  const shared = diffieHellman({ privateKey: privateKeyOf(sender), publicKey: publicKeyOf(receiverKey) });
  return mac(shared, sender.publicKey, receiverKey, challenge);
}

/** Whether `proof` shows that whoever made it holds the secret of `senderKey`. */
export function proofHolds(receiver: DeviceIdentity, senderKey: Uint8Array, challenge: Uint8Array, proof: Uint8Array): boolean {
  if (senderKey.length !== 32 || proof.length !== 32 || challenge.length !== CHALLENGE_BYTES) return false;
  let shared: Buffer;
  try {
    shared = diffieHellman({ privateKey: privateKeyOf(receiver), publicKey: publicKeyOf(senderKey) });
  } catch {
    return false;
  }
  return timingSafeEqual(mac(shared, senderKey, receiver.publicKey, challenge), proof);
}
