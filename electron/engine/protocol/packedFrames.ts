// One request's frames in one message, for sockets that carry single-part
// messages only (ZMQ_CLIENT/ZMQ_SERVER on the encrypted port, docs/design.md):
// a frame count (1 byte), each frame's length (4 bytes, big-endian), then the
// frames. The frames are PROTOCOL.md's, unchanged. Pure.
export const MAX_PACKED_FRAMES = 16;

/** Room before a buffer from roomyBuffer(): a request's frames before its data (a name is at most 4 KiB). */
const HEADROOM_BYTES = 8 * 1024;
const roomy = new WeakSet<ArrayBufferLike>();

/**
 * A buffer of `bytes` with room before it, in memory of its own: packed as
 * the last frame of a message, the frames before it are written there and
 * the data is not copied (a chunk's 4 MiB, a copy and fresh pages each).
 */
export function roomyBuffer(bytes: number): Buffer {
  const memory = new ArrayBuffer(HEADROOM_BYTES + bytes);
  roomy.add(memory);
  return Buffer.from(memory, HEADROOM_BYTES, bytes);
}

export function packFrames(frames: ReadonlyArray<string | Uint8Array>): Buffer {
  const bodies = frames.map((f) => (typeof f === 'string' ? Buffer.from(f, 'utf8') : f));
  if (bodies.length > MAX_PACKED_FRAMES) throw new RangeError(`at most ${MAX_PACKED_FRAMES} frames`);
  const head = Buffer.alloc(1 + 4 * bodies.length);
  head[0] = bodies.length;
  bodies.forEach((b, i) => head.writeUInt32BE(b.length, 1 + 4 * i));
  const last = bodies.at(-1);
  const before = [head, ...bodies.slice(0, -1)];
  const beforeBytes = before.reduce((n, b) => n + b.length, 0);
  // Only memory made for it is written before the last frame: a view of any other buffer may share it.
  if (!last || !roomy.has(last.buffer) || last.byteOffset < beforeBytes) return Buffer.concat([...before, ...(last ? [last] : [])]);
  const message = Buffer.from(last.buffer, last.byteOffset - beforeBytes, beforeBytes + last.length);
  let at = 0;
  for (const b of before) {
    message.set(b, at);
    at += b.length;
  }
  return message;
}

/** The frames of a packed message (views into it), or null when it is not one. */
export function unpackFrames(message: Buffer): Buffer[] | null {
  const count = message[0];
  if (count === undefined || count > MAX_PACKED_FRAMES || message.length < 1 + 4 * count) return null;
  const frames: Buffer[] = [];
  let at = 1 + 4 * count;
  for (let i = 0; i < count; i++) {
    const length = message.readUInt32BE(1 + 4 * i);
    if (at + length > message.length) return null;
    frames.push(message.subarray(at, at + length));
    at += length;
  }
  return at === message.length ? frames : null;
}
