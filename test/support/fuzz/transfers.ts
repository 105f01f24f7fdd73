// Transfers as a fuzzing peer sends them (PROTOCOL.md §5): HELLO, CHUNKs in
// any order and checksum form, CLOSE — whole, with mutations slipped in
// (bad checksums, wrong sizes, far offsets, overlaps, early CLOSEs, a second
// HELLO), or left open for the idle time to end. A chunk's bytes follow from
// its name and offset (content.ts), so whatever is stored can be checked.
import { formatChecksum } from '../../../electron/engine/protocol/checksum.js';
import { CHECKSUM_ALGOS } from '../../../shared/protocol.js';
import { contentAt } from './content.js';
import type { Rng } from './random.js';
import { codes, request, type Code, type RequestStep } from './steps.js';

export type TransferMode = 'whole' | 'mutated' | 'abandoned' | 'large';

const MiB = 1024 * 1024;
const HELLO_REPLIES = codes('READY', 'limit');
const CHUNK_REPLIES = codes('READY', 'unknown-transfer');
const OVERLAPPING_REPLIES = codes('READY', 'overlap', 'unknown-transfer');
const CLOSE_REPLIES = codes('READY', 'incomplete', 'unknown-transfer');
/** After a mutation, CLOSE may also find a far chunk past the size. */
const MUTATED_CLOSE_REPLIES = codes('READY', 'incomplete', 'size-mismatch', 'unknown-transfer');
const FAR_OFFSETS = [1e9, 1e12, 2 ** 43, 2 ** 45, 2 ** 50];
/** The receiver's default chunk limit (PROTOCOL.md §8). */
const CHUNK_LIMIT = 16 * MiB;

/** Any checksum form §6 accepts: named or bare, either case. */
function checksumOf(rng: Rng, data: Buffer): string {
  const algo = rng.weighted([[6, 'crc32'], [1, CHECKSUM_ALGOS[1]], [1, CHECKSUM_ALGOS[2]]] as const);
  const named = formatChecksum(algo, data);
  const hex = named.slice(named.indexOf(':') + 1);
  const shown = rng.chance(0.2) ? hex.toUpperCase() : hex;
  return rng.chance(0.2) ? shown : `${algo}:${shown}`;
}

function chunkStep(rng: Rng, name: string, offset: number, size: number, allowed: ReadonlySet<Code>, what = 'CHUNK'): RequestStep {
  const data = contentAt(name, offset, size);
  return request(`${what} ${name}@${offset}+${size}`, ['CHUNK', name, String(offset), String(size), checksumOf(rng, data), data], allowed);
}

function closeStep(name: string, size: number, allowed: ReadonlySet<Code>, what = 'CLOSE'): RequestStep {
  return request(`${what} ${name} ${size}`, ['CLOSE', name, String(size)], allowed, { close: { name, size } });
}

/** The file's chunks, in order or shuffled. */
function chunksOf(rng: Rng, size: number, chunkBytes: number): Array<[number, number]> {
  const chunks: Array<[number, number]> = [];
  for (let offset = 0; offset < size; offset += chunkBytes) chunks.push([offset, Math.min(chunkBytes, size - offset)]);
  if (rng.chance(0.3)) {
    for (let i = chunks.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [chunks[i], chunks[j]] = [chunks[j]!, chunks[i]!];
    }
  }
  return chunks;
}

/** One request that breaks a rule of a transfer in transit; `far` is set when a chunk may land past the file's end. */
function mutation(rng: Rng, name: string, size: number, state: { far: boolean }): RequestStep[] {
  const offset = rng.int(Math.max(size, 1));
  const length = rng.between(1, 2048);
  const data = contentAt(name, offset, length);
  const frames = (checksum: string, sizeText = String(length), payload = data) => ['CHUNK', name, String(offset), sizeText, checksum, payload];
  switch (rng.int(10)) {
    case 0: {
      const damaged = Buffer.from(data);
      damaged[rng.int(damaged.length)]! ^= 1 << rng.int(8);
      return [request(`a damaged chunk of ${name}`, frames(formatChecksum('crc32', data), String(length), damaged), codes('bad-checksum', 'unknown-transfer'))];
    }
    case 1: {
      const checksum = rng.pick(['', 'crc32:', 'md5:d41d8cd98f00b204e9800998ecf8427e', 'crc32:zzzzzzzz', 'sha1:1234', 'CRC32:00000000', '1234567', `crc32:${'0'.repeat(40)}`]);
      return [request(`a checksum ${JSON.stringify(checksum)}`, frames(checksum), codes('bad-checksum', 'unknown-transfer'))];
    }
    case 2:
      return [request(`a size that is not the data's`, frames(formatChecksum('crc32', data), String(length + rng.pick([-1, 1, 1000]))), codes('bad-size', 'unknown-transfer'))];
    case 3:
      return [request('an empty chunk', frames('crc32:00000000', '0', Buffer.alloc(0)), codes('bad-size', 'unknown-transfer'))];
    case 4: {
      state.far = true;
      const far = rng.pick(FAR_OFFSETS) + rng.int(1000);
      return [chunkStep(rng, name, far, rng.between(1, 16), codes('READY', 'too-large', 'unknown-transfer'), 'a far CHUNK')];
    }
    case 5:
      return [chunkStep(rng, name, Number.MAX_SAFE_INTEGER - rng.int(20), rng.between(1, 40), codes('too-large', 'unknown-transfer'), 'a CHUNK at 2^53')];
    case 6:
      // The same bytes twice back to back: the second overlaps the first while it is in transit, or rewrites it.
      return [chunkStep(rng, name, offset, length, OVERLAPPING_REPLIES), chunkStep(rng, name, offset + rng.int(length), length, OVERLAPPING_REPLIES, 'an overlapping CHUNK')];
    case 7: {
      let wrong = size;
      while (wrong === size) wrong = rng.pick([0, size - 1, size + 1, rng.int(size + 10)]);
      return [closeStep(name, Math.max(0, wrong), MUTATED_CLOSE_REPLIES, 'an early CLOSE')];
    }
    case 8:
      return [request(`HELLO ${name} again`, ['HELLO', name], codes('busy', 'READY', 'limit'))];
    default:
      if (!rng.chance(0.05)) return [chunkStep(rng, name, offset, length, OVERLAPPING_REPLIES, 'a rewritten CHUNK')];
      // Over the chunk limit, under the socket's maximum message.
      return [chunkStep(rng, name, 0, CHUNK_LIMIT + rng.between(1, 4096), codes('too-large', 'unknown-transfer'), 'a CHUNK over the limit')];
  }
}

/** The requests of one transfer of `name`, one at a time. */
export function* transferSteps(rng: Rng, name: string, mode: TransferMode): Generator<RequestStep> {
  yield request(`HELLO ${name}`, ['HELLO', name], HELLO_REPLIES);
  const size = mode === 'large' ? rng.between(MiB, 6 * MiB) : rng.chance(0.05) ? 0 : rng.size(256 * 1024);
  // At most 64 chunks: a whole transfer stays a small part of a peer's requests.
  const chunkBytes = Math.max(1, Math.ceil(size / 64), mode === 'large' ? rng.between(128 * 1024, MiB) : rng.size(size));
  const chunks = chunksOf(rng, size, chunkBytes);
  const state = { far: false };
  const mutations = mode === 'mutated' ? rng.between(1, 4) : 0;
  const mutateAt = new Set(Array.from({ length: mutations }, () => rng.int(chunks.length + 1)));
  for (let i = 0; i <= chunks.length; i++) {
    if (mutateAt.has(i)) yield* mutation(rng, name, size, state);
    if (i === chunks.length) break;
    if (mode === 'abandoned' && rng.chance(0.3)) return;
    const [offset, length] = chunks[i]!;
    // A mutation's chunk may still be in transit when this one comes.
    yield chunkStep(rng, name, offset, length, mode === 'mutated' ? OVERLAPPING_REPLIES : CHUNK_REPLIES);
  }
  if (mode === 'abandoned') return;
  yield closeStep(name, size, mode === 'mutated' ? MUTATED_CLOSE_REPLIES : CLOSE_REPLIES);
}
