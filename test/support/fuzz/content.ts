// What a file sent under a name holds: bytes that follow from the name and
// the offset alone, so any chunk of any name can be made on the spot and any
// stored file checked byte for byte, without keeping what was sent.
import { Rng } from './random.js';

/** A prime: the pattern's period, so two names' bytes line up differently. */
const PERIOD = 65_521;
const PATTERN = new Rng(0x5eed).bytes(PERIOD);

/** FNV-1a of the name's UTF-8 bytes, as a start in the pattern. */
function startOf(name: string | Uint8Array): number {
  let hash = 0x811c9dc5;
  for (const byte of typeof name === 'string' ? Buffer.from(name, 'utf8') : name) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash % PERIOD;
}

/** Bytes [offset, offset + length) of the file named `name`. */
export function contentAt(name: string | Uint8Array, offset: number, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  let from = ((offset % PERIOD) + startOf(name)) % PERIOD;
  for (let at = 0; at < length; from = 0) {
    const n = Math.min(length - at, PERIOD - from);
    PATTERN.copy(out, at, from, from + n);
    at += n;
  }
  return out;
}
