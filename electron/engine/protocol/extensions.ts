// ZeroDrop's compatible extensions to PROTOCOL.md v1, as frames ⇄ messages
// (docs/protocol-extensions.md is the normative text; this is its code). A
// v1 receiver answers each of these requests with `bad-request`. Pure.
import type { Reply } from '../../../shared/protocol.js';
import { errorReply } from './codec.js';
import { decodeName, MAX_NAME_BYTES, nameProblem } from './names.js';
import { parseWireNumber } from './numbers.js';

export type ExtensionRequest =
  /** On the plain port: the receiver's key, name and encrypted port. */
  | { cmd: 'KEY' }
  /** On the encrypted port: a fresh challenge for this connection. */
  | { cmd: 'CHALLENGE' }
  /** On the encrypted port: who this connection's device is, and proof of it. */
  | { cmd: 'AUTH'; key: Buffer; name: string; proof: Buffer }
  /** On the encrypted port: a batch the sender asks the receiver to accept. */
  | { cmd: 'OFFER'; batch: string; files: number; bytes: number; first: string }
  /** On the encrypted port: HELLO that continues what the receiver holds of this file from this device. */
  | { cmd: 'RESUME'; name: string; batch: string; size: number; fileId: string };

/** A chunk the receiver holds of a resumed file: where, and its crc32. */
export interface HeldEntry {
  offset: number;
  size: number;
  crc: string;
}

/** Held chunks one HELD reply lists at most (16 bytes each). */
export const MAX_HELD_ENTRIES = 100_000;
const HELD_ENTRY_BYTES = 16;
export const FILE_ID = /^[0-9a-f]{32}$/;

export interface KeyAnswer {
  /** Raw 32-byte public key. */
  key: Buffer;
  name: string;
  port: number;
}

export const EXTENSION_VERSION = '1';
/** The largest chunk the encrypted port takes (a packed request is at most this + 64 KiB). */
export const ENCRYPTED_MAX_CHUNK_BYTES = 4 * 1024 * 1024;
const FRAMES: Record<ExtensionRequest['cmd'], number> = { KEY: 1, CHALLENGE: 1, AUTH: 5, OFFER: 5, RESUME: 5 };
const MAX_DEVICE_NAME_BYTES = 64;
export const BATCH_ID = /^[0-9a-f]{32}$/;

function text(frame: Uint8Array): string {
  return Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength).toString('latin1');
}

function bad(detail: string): { ok: false; reply: Reply } {
  return { ok: false, reply: errorReply('bad-request', detail) };
}

/** A device name from the wire: UTF-8, at most 64 bytes, no control characters. */
function deviceNameOf(frame: Uint8Array): string | null {
  if (frame.length > MAX_DEVICE_NAME_BYTES) return null;
  const name = decodeName(frame);
  return name !== null && !/[\u0000-\u001f\u007f]/.test(name) ? name : null;
}

/** The command of `frames` when it is one of the extensions, else null (a v1 request, or junk). */
export function extensionCommand(frames: readonly Uint8Array[]): ExtensionRequest['cmd'] | null {
  const first = frames[0];
  if (!first || first.length > 9) return null;
  const cmd = text(first);
  return Object.hasOwn(FRAMES, cmd) ? (cmd as ExtensionRequest['cmd']) : null;
}

export function parseExtension(cmd: ExtensionRequest['cmd'], frames: readonly Uint8Array[]): { ok: true; request: ExtensionRequest } | { ok: false; reply: Reply } {
  if (frames.length !== FRAMES[cmd]) return bad(`${cmd} takes ${FRAMES[cmd]} frames, got ${frames.length}`);
  switch (cmd) {
    case 'KEY':
    case 'CHALLENGE':
      return { ok: true, request: { cmd } };
    case 'AUTH': {
      if (text(frames[1]!) !== EXTENSION_VERSION) return bad(`AUTH version ${JSON.stringify(text(frames[1]!.subarray(0, 8)))} is not supported; this receiver speaks 1`);
      const name = deviceNameOf(frames[3]!);
      if (frames[2]!.length !== 32 || frames[4]!.length !== 32 || name === null) return bad('AUTH takes a 32-byte key, a device name of at most 64 bytes and a 32-byte proof');
      return { ok: true, request: { cmd, key: Buffer.from(frames[2]!), name, proof: Buffer.from(frames[4]!) } };
    }
    case 'OFFER': {
      const batch = text(frames[1]!);
      const files = parseWireNumber(frames[2]!);
      const bytes = parseWireNumber(frames[3]!);
      if (!BATCH_ID.test(batch) || files === null || files < 1 || bytes === null) return bad('OFFER takes a batch id (32 hex digits), a file count of at least 1 and a byte count');
      if (frames[4]!.length > MAX_NAME_BYTES) return bad('the first name is too long');
      const first = decodeName(frames[4]!);
      if (first === null || nameProblem(first)) return bad('the first name is not a valid file name');
      return { ok: true, request: { cmd, batch, files, bytes, first } };
    }
    case 'RESUME': {
      if (frames[1]!.length > MAX_NAME_BYTES) return { ok: false, reply: errorReply('bad-name', `the name is longer than ${MAX_NAME_BYTES} bytes`) };
      const name = decodeName(frames[1]!);
      const problem = name === null ? 'the name is not valid UTF-8' : nameProblem(name);
      if (problem || name === null) return { ok: false, reply: errorReply('bad-name', problem ?? 'the name is not valid UTF-8') };
      const batch = text(frames[2]!);
      const size = parseWireNumber(frames[3]!);
      const fileId = text(frames[4]!);
      if (!BATCH_ID.test(batch) || size === null || !FILE_ID.test(fileId)) return bad('RESUME takes a name, a batch id, a size and a file id (32 hex digits)');
      return { ok: true, request: { cmd, name, batch, size, fileId } };
    }
  }
}

export function encodeExtension(request: ExtensionRequest): Array<string | Uint8Array> {
  switch (request.cmd) {
    case 'KEY':
    case 'CHALLENGE':
      return [request.cmd];
    case 'AUTH':
      return ['AUTH', EXTENSION_VERSION, request.key, request.name, request.proof];
    case 'OFFER':
      return ['OFFER', request.batch, String(request.files), String(request.bytes), request.first];
    case 'RESUME':
      return ['RESUME', request.name, request.batch, String(request.size), request.fileId];
  }
}

/** HELD: the chunks the receiver holds (none for a fresh start); the transfer is open, as after HELLO. */
export function encodeHeld(entries: readonly HeldEntry[]): Array<string | Uint8Array> {
  const body = Buffer.alloc(entries.length * HELD_ENTRY_BYTES);
  entries.forEach((e, i) => {
    const at = i * HELD_ENTRY_BYTES;
    body.writeUInt32BE(Math.floor(e.offset / 2 ** 32), at);
    body.writeUInt32BE(e.offset % 2 ** 32, at + 4);
    body.writeUInt32BE(e.size, at + 8);
    body.write(e.crc, at + 12, 'hex');
  });
  return ['HELD', String(entries.length), body];
}

/** A HELD reply's entries, or null when the frames are not one. */
export function parseHeld(frames: readonly Uint8Array[]): HeldEntry[] | null {
  if (frames.length !== 3 || text(frames[0]!) !== 'HELD') return null;
  const count = parseWireNumber(frames[1]!);
  const body = Buffer.from(frames[2]!);
  if (count === null || count > MAX_HELD_ENTRIES || body.length !== count * HELD_ENTRY_BYTES) return null;
  const entries: HeldEntry[] = [];
  for (let at = 0; at < body.length; at += HELD_ENTRY_BYTES) {
    const offset = body.readUInt32BE(at) * 2 ** 32 + body.readUInt32BE(at + 4);
    entries.push({ offset, size: body.readUInt32BE(at + 8), crc: body.subarray(at + 12, at + 16).toString('hex') });
  }
  return entries;
}

export function encodeKeyAnswer(answer: KeyAnswer): Array<string | Uint8Array> {
  return ['KEY', EXTENSION_VERSION, answer.key, answer.name, String(answer.port)];
}

/** A KEY reply, or null when the frames are not one (a v1 receiver's `bad-request`, say). */
export function parseKeyAnswer(frames: readonly Uint8Array[]): KeyAnswer | null {
  if (frames.length !== 5 || text(frames[0]!) !== 'KEY' || text(frames[1]!) !== EXTENSION_VERSION || frames[2]!.length !== 32) return null;
  const name = deviceNameOf(frames[3]!);
  const port = parseWireNumber(frames[4]!);
  if (name === null || port === null || port < 1 || port > 65_535) return null;
  return { key: Buffer.from(frames[2]!), name, port };
}

export function encodeChallenge(challenge: Uint8Array, askSeconds: number): Array<string | Uint8Array> {
  return ['CHALLENGE', challenge, String(askSeconds)];
}

export function parseChallenge(frames: readonly Uint8Array[]): { challenge: Buffer; askSeconds: number } | null {
  if (frames.length !== 3 || text(frames[0]!) !== 'CHALLENGE' || frames[1]!.length !== 32) return null;
  const askSeconds = parseWireNumber(frames[2]!);
  return askSeconds === null ? null : { challenge: Buffer.from(frames[1]!), askSeconds };
}
