// One request's frames in one message, for sockets that carry single-part
// messages only (ZMQ_CLIENT/ZMQ_SERVER on the encrypted port, docs/design.md):
// a frame count (1 byte), each frame's length (4 bytes, big-endian), then the
// frames. The frames are PROTOCOL.md's, unchanged. Pure.
export const MAX_PACKED_FRAMES = 16;

export function packFrames(frames: ReadonlyArray<string | Uint8Array>): Buffer {
  const bodies = frames.map((f) => (typeof f === 'string' ? Buffer.from(f, 'utf8') : f));
  if (bodies.length > MAX_PACKED_FRAMES) throw new RangeError(`at most ${MAX_PACKED_FRAMES} frames`);
  const head = Buffer.alloc(1 + 4 * bodies.length);
  head[0] = bodies.length;
  bodies.forEach((b, i) => head.writeUInt32BE(b.length, 1 + 4 * i));
  return Buffer.concat([head, ...bodies]);
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
