// This device's identity: a long-term CURVE (X25519) key pair and a name,
// made on first start in the config folder and never replaced silently
// (docs/design.md). The CLI and the app read the same folder.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileOnce } from '../util/atomicWrite.js';
import { base32Encode, z85Encode } from './textCodecs.js';

export const IDENTITY_FILE = 'device-key.json';
const MAX_NAME_BYTES = 64;

export class IdentityError extends Error {}

export interface DeviceIdentity {
  name: string;
  publicKey: Buffer;
  secretKey: Buffer;
}

interface IdentityFile {
  v: 1;
  name: string;
  /** Raw 32-byte keys, base64url, as a JWK holds them. */
  publicKey: string;
  secretKey: string;
  created: string;
}

/** What a person reads aloud to compare: base32 of SHA-256 of the key, 16 characters in fours. */
export function fingerprint(publicKey: Uint8Array): string {
  const text = base32Encode(createHash('sha256').update(publicKey).digest()).slice(0, 16);
  return text.match(/.{4}/g)!.join('-');
}

/** The public key as people and addresses carry it. */
export function keyText(publicKey: Uint8Array): string {
  return base32Encode(publicKey);
}

/** The keys as libzmq's CURVE options take them. */
export function curveKeys(identity: DeviceIdentity): { curvePublicKey: string; curveSecretKey: string } {
  return { curvePublicKey: z85Encode(identity.publicKey), curveSecretKey: z85Encode(identity.secretKey) };
}

/** A device name: the host name by default, at most 64 bytes of whole characters. */
export function deviceName(name: string = os.hostname()): string {
  let out = '';
  for (const char of name.replace(/[\u0000-\u001f\u007f]/g, '').trim()) {
    if (Buffer.byteLength(out + char) > MAX_NAME_BYTES) break;
    out += char;
  }
  return out || 'ZeroDrop device';
}

function publicOf(secret: KeyObject): Buffer {
  return Buffer.from(createPublicKey(secret).export({ format: 'jwk' }).x!, 'base64url');
}

function parse(text: string, file: string): DeviceIdentity {
  const damaged = (why: string) =>
    new IdentityError(`the device key file ${file} is damaged (${why}). Move it away to make a new identity; devices that know this one will then see a new key.`);
  let data: Partial<IdentityFile>;
  try {
    data = JSON.parse(text) as Partial<IdentityFile>;
  } catch {
    throw damaged('not JSON');
  }
  if (data.v !== 1 || typeof data.name !== 'string' || typeof data.publicKey !== 'string' || typeof data.secretKey !== 'string') {
    throw damaged('fields missing');
  }
  const secretKey = Buffer.from(data.secretKey, 'base64url');
  const publicKey = Buffer.from(data.publicKey, 'base64url');
  if (secretKey.length !== 32 || publicKey.length !== 32) throw damaged('a key is not 32 bytes');
  let derived: Buffer;
  try {
    derived = publicOf(createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: data.secretKey, x: data.publicKey }, format: 'jwk' }));
  } catch {
    throw damaged('the secret key is not an X25519 key');
  }
  if (!derived.equals(publicKey)) throw damaged('the public key does not belong to the secret key');
  return { name: deviceName(data.name), publicKey, secretKey };
}

/** An owner-only folder: made so, or tightened if it is ours and wider. */
export async function ownerOnlyFolder(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const stat = await fs.stat(dir);
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) await fs.chmod(dir, 0o700);
}

/** This device's identity from `configDir`, made there on first use. */
export async function loadOrCreateIdentity(configDir: string, name?: string): Promise<DeviceIdentity> {
  await ownerOnlyFolder(configDir);
  const file = path.join(configDir, IDENTITY_FILE);
  try {
    return parse(await fs.readFile(file, 'utf8'), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const { privateKey } = generateKeyPairSync('x25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const record: IdentityFile = { v: 1, name: deviceName(name), publicKey: jwk.x!, secretKey: jwk.d!, created: new Date().toISOString() };
  // Written whole, then named: a crash leaves no half key, and two first
  // starts at once keep one identity (the second finds the first's).
  await writeFileOnce(file, `${JSON.stringify(record, null, 2)}\n`);
  return parse(await fs.readFile(file, 'utf8'), file);
}
