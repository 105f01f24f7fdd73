// Incremental ZMTP 3 frame decoding of one connection's byte stream
// (rfc.zeromq.org/spec/23), with every cost bounded up front. Pure: bytes in,
// messages and commands out.
//
// What a peer sends costs at most: one message's bytes (`maxMessageBytes`,
// past which the connection is dropped, as libzmq's ZMQ_MAXMSGSIZE does), of
// which only the frames the owner asks to keep whole are held whole; every
// other frame keeps its first `cappedFrameBytes` bytes and its true length,
// and a message keeps at most `maxFrames` frames and counts the rest.
// Nothing pushed is kept by reference: the bytes are a socket's read
// buffer, the next read's too. A frame kept whole is gathered in blocks
// (blockPool.ts) and comes out as those blocks, not joined: a 4 MiB chunk is
// 16 blocks, and one buffer of its size would be taken before its bytes
// came. While such a frame arrives, the socket may read straight into its
// block (`readTarget`, `filled`): no copy at all.
import type { FrameData } from '../../../shared/protocol.js';
import { BLOCK_BYTES, filledPart, takeBlock } from './blockPool.js';
import { FLAG_COMMAND, FLAG_LONG, FLAG_MORE } from './frameWriter.js';

export interface FrameReaderLimits {
  maxMessageBytes: number;
  maxFrames: number;
  cappedFrameBytes: number;
  maxCommandBytes: number;
}

export interface ReaderSink {
  /** Whether frame `index`, of `size` bytes, of the message whose first frames are `kept` is kept whole. */
  keepWhole(index: number, kept: readonly FrameData[], size: number): boolean;
  /** A message: its first frames (capped unless kept whole), its number of frames, and those frames' true sizes. */
  message(frames: FrameData[], frameCount: number, sizes: number[]): void;
  command(body: Buffer): void;
}

const RESERVED_FLAGS = ~(FLAG_MORE | FLAG_LONG | FLAG_COMMAND) & 0xff;
/** A frame is read straight into its blocks only while it lacks this much: small reads cost more than a copy. */
const MIN_TARGET_BYTES = 16 * 1024;

export class FrameReader {
  private readonly head = Buffer.alloc(9);
  private headBytes = 0;
  private flags = 0;
  /** Bytes of the current frame's body still to come. */
  private remaining = 0;
  private inBody = false;
  private whole = false;
  /** Bytes of the current frame to keep: all of a whole frame, a cap of the others. */
  private cap = 0;
  private parts: Buffer[] = [];
  private kept = 0;
  /** The block a whole frame is being gathered in. */
  private block: Buffer | null = null;
  private blockUsed = 0;
  /** The part of `block` last offered to read into, until the next push or fill. */
  private target: Buffer | null = null;
  private frames: FrameData[] = [];
  private sizes: number[] = [];
  private frameCount = 0;
  private messageBytes = 0;
  /**
   * Bytes held for the unfinished message: the blocks taken for its whole
   * frames, counted full from the moment they are taken, since a block is
   * taken before its bytes arrive.
   */
  buffered = 0;
  /** Bytes of the unfinished message's whole frames that have arrived (what a chunk under way has moved). */
  arrived = 0;
  /**
   * Messages and commands the reader may still deliver; once none are left,
   * push stops at the end of a message and says how far it got in `consumed`.
   */
  budget = Infinity;
  /** How many bytes of the last push were taken: all of them, unless the budget ran out. */
  consumed = 0;
  /** Bytes read only to be let go, in all: frames' bytes past their cap (a CHUNK over the limit, a long name). */
  discarded = 0;

  constructor(
    private readonly limits: FrameReaderLimits,
    private readonly sink: ReaderSink,
  ) {}

  /** The frames of the unfinished message that have arrived whole (capped unless kept whole). */
  get unfinished(): readonly FrameData[] {
    return this.frames;
  }

  /**
   * Where the next read may go: the rest of the block a whole data frame is
   * being gathered in, at most what the frame still lacks; null when not
   * in such a frame. Good until the next push or fill.
   */
  readTarget(): Buffer | null {
    this.target = null;
    if (!this.inBody || !this.whole || this.flags & FLAG_COMMAND || this.remaining < MIN_TARGET_BYTES || this.budget <= 0) return null;
    this.block ??= this.newBlock(this.remaining);
    // A block nearly full still gets its few bytes read alone: the reads after that fill whole blocks.
    const room = Math.min(this.block.length - this.blockUsed, this.remaining);
    this.target = this.block.subarray(this.blockUsed, this.blockUsed + room);
    return this.target;
  }

  /** Whether `into` is what readTarget() last offered, still good. */
  isTarget(into: Uint8Array): boolean {
    return this.target !== null && into === this.target;
  }

  /** `n` bytes were read into the target readTarget() offered (isTarget): they are the frame's next. */
  filled(n: number): void {
    this.target = null;
    this.kept += n;
    this.arrived += n;
    this.blockUsed += n;
    this.remaining -= n;
    if (this.blockUsed === this.block!.length) this.endBlock();
    if (this.remaining === 0) this.endFrame();
  }

  /** Consumes `bytes`, up to the budget; returns a problem that ends the connection, or null. */
  push(bytes: Buffer): string | null {
    this.target = null;
    let at = 0;
    // The budget only runs out at the end of a message, where stopping splits nothing.
    while (at < bytes.length && this.budget > 0) {
      if (!this.inBody) {
        const need = this.headBytes < 2 ? 2 : this.head[0]! & FLAG_LONG ? 9 : 2;
        const take = Math.min(need - this.headBytes, bytes.length - at);
        bytes.copy(this.head, this.headBytes, at, at + take);
        this.headBytes += take;
        at += take;
        if (this.headBytes < 2 || (this.head[0]! & FLAG_LONG && this.headBytes < 9)) continue;
        const problem = this.startFrame();
        if (problem) return problem;
        if (this.remaining > 0) continue;
      } else {
        const take = Math.min(this.remaining, bytes.length - at);
        this.collect(bytes.subarray(at, at + take));
        at += take;
        this.remaining -= take;
      }
      if (this.remaining === 0) this.endFrame();
    }
    this.consumed = at;
    return null;
  }

  private startFrame(): string | null {
    this.flags = this.head[0]!;
    const size = this.flags & FLAG_LONG ? Number(this.head.readBigUInt64BE(1)) : this.head[1]!;
    this.headBytes = 0;
    if (this.flags & RESERVED_FLAGS) return `reserved frame flags 0x${this.flags.toString(16)}`;
    const command = (this.flags & FLAG_COMMAND) !== 0;
    if (command) {
      if (this.flags & FLAG_MORE || this.frameCount > 0) return 'a command inside a message';
      if (size > this.limits.maxCommandBytes) return `a command of ${size} bytes`;
      this.whole = true;
      this.cap = size;
    } else {
      this.messageBytes += size;
      if (!Number.isSafeInteger(size) || this.messageBytes > this.limits.maxMessageBytes) {
        return `a message over ${this.limits.maxMessageBytes} bytes`;
      }
      const room = this.frames.length < this.limits.maxFrames;
      this.whole = room && this.sink.keepWhole(this.frameCount, this.frames, size);
      if (room) this.sizes.push(size);
      this.cap = this.whole ? size : room ? this.limits.cappedFrameBytes : 0;
    }
    this.remaining = size;
    this.inBody = true;
    this.parts = [];
    this.kept = 0;
    return null;
  }

  private collect(piece: Buffer): void {
    if (this.whole) {
      this.kept += piece.length;
      this.arrived += piece.length;
      let at = 0;
      while (at < piece.length) {
        // `remaining` still counts this piece: a small frame gets a buffer of its own size.
        this.block ??= this.newBlock(this.remaining - at);
        const n = piece.copy(this.block, this.blockUsed, at);
        this.blockUsed += n;
        at += n;
        if (this.blockUsed === this.block.length) this.endBlock();
      }
      return;
    }
    // Only a capped frame's first bytes are kept, copied.
    const room = Math.max(0, this.cap - this.kept);
    const keep = Math.min(room, piece.length);
    if (keep > 0) {
      this.parts.push(Buffer.from(piece.subarray(0, keep)));
      this.kept += keep;
    }
    this.discarded += piece.length - keep;
  }

  /** A block for the next `left` bytes of a whole frame, at most; what is held counts it whole, from now. */
  private newBlock(left: number): Buffer {
    const block = takeBlock(Math.min(BLOCK_BYTES, left));
    this.buffered += block.length;
    return block;
  }

  private endBlock(): void {
    if (!this.block || this.blockUsed === 0) return;
    this.parts.push(filledPart(this.block, this.blockUsed));
    this.block = null;
    this.blockUsed = 0;
  }

  /** A frame has all its bytes: it was checked when it began, so it ends without a problem. */
  private endFrame(): void {
    this.inBody = false;
    this.endBlock();
    const parts = this.parts;
    this.parts = [];
    if (this.flags & FLAG_COMMAND) {
      this.buffered = 0;
      this.arrived = 0;
      this.budget--;
      this.sink.command(parts.length === 1 ? parts[0]! : Buffer.concat(parts, this.kept));
      return;
    }
    // A capped frame is a few small copies: joined. A whole one stays in its pieces.
    let body: FrameData;
    if (parts.length === 1) body = parts[0]!;
    else if (this.whole && parts.length > 1) body = { pieces: parts, length: this.kept };
    else body = Buffer.concat(parts, this.kept);
    if (this.frames.length < this.limits.maxFrames) this.frames.push(body);
    this.frameCount++;
    if (this.flags & FLAG_MORE) return;
    const frames = this.frames;
    const sizes = this.sizes;
    const count = this.frameCount;
    this.frames = [];
    this.sizes = [];
    this.frameCount = 0;
    this.messageBytes = 0;
    this.buffered = 0;
    this.arrived = 0;
    this.budget--;
    this.sink.message(frames, count, sizes);
  }
}
