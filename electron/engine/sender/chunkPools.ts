// The buffers a sender reads files into and sends from, uncopied: chunk
// buffers per chunk size, and whole-file buffers for small files' bursts.
// Plain peers share one set: the plain connection hands a reply on only
// once Node has written its request whole (plainDealer.ts), so a buffer
// comes back only once nothing holds it. Encrypted, zeromq.js does not say
// when libzmq has let a buffer go, and a receiver that answers a CHUNK
// before reading it could have the buffer reused while libzmq still sends
// it: each encrypted peer has buffers of its own, dropped once it is idle,
// so such a receiver can only ever be sent bytes that were meant for it.
import { BufferPool } from './bufferPool.js';
import { BURST_BYTES, type Pools } from './fileSender.js';

/** Bytes of chunk buffers one set may hold, across all its files. */
const POOL_BYTES = 64 * 1024 * 1024;
/** Small files in transit at once, each in its own buffer. */
const BURST_BUFFERS = 64;

export class ChunkPools {
  private readonly chunks = new Map<number, BufferPool>();
  private readonly bursts = new BufferPool(BURST_BYTES, BURST_BUFFERS);

  /** The pools for files sent in chunks of `chunkBytes`, `window` at a time. */
  for(chunkBytes: number, window: number): Pools {
    let chunks = this.chunks.get(chunkBytes);
    if (!chunks) {
      chunks = new BufferPool(chunkBytes, Math.max(window, Math.floor(POOL_BYTES / chunkBytes)));
      this.chunks.set(chunkBytes, chunks);
    }
    return { chunks, bursts: this.bursts };
  }
}
