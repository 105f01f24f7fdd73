// The buffers a sender reads files into and sends from, uncopied: chunk
// buffers per chunk size, and whole-file buffers for small files' bursts.
// Plain peers share one set: the plain connection hands a reply on only
// once Node has written its request whole (plainDealer.ts), so a buffer
// comes back only once nothing holds it. Encrypted, zeromq.js does not say
// when libzmq has let a buffer go, and a receiver that answers a CHUNK
// before reading it could have the buffer reused while libzmq still sends
// it: each encrypted peer has buffers of its own, forgotten once it is idle,
// so such a receiver can only ever be sent bytes that were meant for it.
// The cost is memory per receiver sent to at once, so an encrypted peer's
// set is half the shared one: enough for two large files' windows of 4 MiB
// chunks and for the 32 small files a peer has in transit by default.
import { BufferPool } from './bufferPool.js';
import { BURST_BYTES, type Pools } from './fileSender.js';

/** How much one set may hold: bytes of chunk buffers of one size, and whole-file buffers for small files. */
export interface SetSize {
  chunkBytes: number;
  bursts: number;
}

/** Plain peers' one set. */
export const SHARED_SET: SetSize = { chunkBytes: 64 * 1024 * 1024, bursts: 64 };
/** Each encrypted peer's own, while it has files: at most 64 MiB. */
export const PEER_SET: SetSize = { chunkBytes: 32 * 1024 * 1024, bursts: 32 };

export class ChunkPools {
  private readonly chunks = new Map<number, BufferPool>();
  private readonly bursts: BufferPool;

  constructor(private readonly size: SetSize) {
    this.bursts = new BufferPool(BURST_BYTES, size.bursts);
  }

  /** The pools for files sent in chunks of `chunkBytes`, `window` at a time. */
  for(chunkBytes: number, window: number): Pools {
    let chunks = this.chunks.get(chunkBytes);
    if (!chunks) {
      chunks = new BufferPool(chunkBytes, Math.max(window, Math.floor(this.size.chunkBytes / chunkBytes)));
      this.chunks.set(chunkBytes, chunks);
    }
    return { chunks, bursts: this.bursts };
  }
}
