// Chunk checksums (PROTOCOL.md §6): `ALGO:HEX`, or bare HEX read by its length.
import { createHash } from 'node:crypto';
// The runtime's own crc32 (Node ≥ 20.15, and every Electron this app runs
// on): a native addon would have to be packaged per OS and architecture.
import { crc32 } from 'node:zlib';
import { CHECKSUM_ALGOS, CHECKSUM_HEX_LENGTH, type ChecksumAlgo, type FrameData } from '../../../shared/protocol.js';
import { piecesOf } from './pieces.js';

export interface Checksum {
  algo: ChecksumAlgo;
  /** Lower-case hex. */
  hex: string;
}

const HEX = /^[0-9a-fA-F]+$/;

function algoOfLength(length: number): ChecksumAlgo | null {
  return CHECKSUM_ALGOS.find((algo) => CHECKSUM_HEX_LENGTH[algo] === length) ?? null;
}

/** Reads a checksum frame's text; null when it is not one of the accepted forms. */
export function parseChecksum(text: string): Checksum | null {
  const colon = text.indexOf(':');
  const named = colon >= 0 ? text.slice(0, colon) : null;
  const hex = colon >= 0 ? text.slice(colon + 1) : text;
  if (!HEX.test(hex)) return null;
  const algo = named === null ? algoOfLength(hex.length) : (CHECKSUM_ALGOS.find((a) => a === named) ?? null);
  if (algo === null || CHECKSUM_HEX_LENGTH[algo] !== hex.length) return null;
  return { algo, hex: hex.toLowerCase() };
}

/** The digest of `data` as lower-case hex; pieces are digested in order, never joined. */
export function digestHex(algo: ChecksumAlgo, data: FrameData): string {
  const pieces = piecesOf(data);
  if (algo === 'crc32') {
    let crc = 0;
    for (const piece of pieces) crc = crc32(piece, crc);
    return crc.toString(16).padStart(8, '0');
  }
  const hash = createHash(algo);
  for (const piece of pieces) hash.update(piece);
  return hash.digest('hex');
}

/** The checksum frame a sender puts on a chunk. */
export function formatChecksum(algo: ChecksumAlgo, data: Uint8Array): string {
  return `${algo}:${digestHex(algo, data)}`;
}
