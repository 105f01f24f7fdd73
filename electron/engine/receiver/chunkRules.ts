// The checks of one CHUNK (PROTOCOL.md §5.2) against its transfer and this
// receiver's limits, in one place and in the order §3 has them. Pure: the
// first broken rule throws the ProtocolError its reply carries.
import type { ReceiverLimits, Request } from '../../../shared/protocol.js';
import { ProtocolError } from '../protocol/codec.js';
import { digestHex, parseChecksum, type Checksum } from '../protocol/checksum.js';
import { quoted } from '../protocol/names.js';
import { overlaps } from '../protocol/ranges.js';

/**
 * Separate byte ranges one transfer may hold: a sender writing in order
 * makes one, a handful at work; each new range in the middle moves those
 * after it (an array splice), so the bound is also on that work.
 */
const MAX_RANGES_PER_TRANSFER = 10_000;

/** What the rules read of the transfer the chunk is for. */
export interface ChunkTarget {
  readonly inTransit: ReadonlyArray<readonly [number, number]>;
  readonly done: { readonly count: number };
}

type ChunkLimits = Pick<ReceiverLimits, 'maxChunkBytes' | 'maxFileBytes' | 'maxChunksInTransitPerTransfer'>;

/** `dataBytes`: the data frame's size (its bytes are kept only up to the chunk limit). Returns the chunk's checksum, verified. */
export function checkChunk(request: Extract<Request, { cmd: 'CHUNK' }>, dataBytes: number, transfer: ChunkTarget, limits: ChunkLimits): Checksum {
  const { name, offset, size, data } = request;
  if (size !== dataBytes) throw new ProtocolError('bad-size', `size says ${size} bytes but the data holds ${dataBytes}`);
  if (size < 1) throw new ProtocolError('bad-size', 'a chunk holds at least one byte');
  if (size > limits.maxChunkBytes) {
    throw new ProtocolError('too-large', `a chunk of ${size} bytes is over this receiver's limit of ${limits.maxChunkBytes}`);
  }
  if (offset + size > limits.maxFileBytes) {
    throw new ProtocolError('too-large', `the file would pass this receiver's limit of ${limits.maxFileBytes} bytes`);
  }
  if (transfer.inTransit.length >= limits.maxChunksInTransitPerTransfer) {
    throw new ProtocolError('limit', `${transfer.inTransit.length} chunks of ${quoted(name)} are in transit, the most this receiver allows`);
  }
  if (transfer.done.count >= MAX_RANGES_PER_TRANSFER) {
    throw new ProtocolError('limit', `${quoted(name)} is in ${transfer.done.count} separate pieces, the most this receiver allows`);
  }
  const checksum = parseChecksum(request.checksum);
  if (!checksum) {
    throw new ProtocolError('bad-checksum', `${JSON.stringify(request.checksum.slice(0, 80))} is not crc32, sha1 or sha256 hex`);
  }
  if (digestHex(checksum.algo, data) !== checksum.hex) {
    throw new ProtocolError('bad-checksum', `the ${checksum.algo} of the chunk at ${offset} does not match; it was damaged on the way`);
  }
  const end = offset + size;
  if (transfer.inTransit.some(([s, e]) => overlaps(offset, end, s, e))) {
    throw new ProtocolError('overlap', `the chunk at ${offset}–${end} overlaps a chunk still in transit`);
  }
  return checksum;
}
