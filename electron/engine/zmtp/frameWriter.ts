// ZMTP 3 framing of outgoing messages and commands (rfc.zeromq.org/spec/23).
// Pure: no sockets.
export const FLAG_MORE = 0x01;
export const FLAG_LONG = 0x02;
export const FLAG_COMMAND = 0x04;

const headerBytes = (size: number) => (size <= 0xff ? 2 : 9);

/** Writes a frame's header (its flags and its body's size) at `at` in `out`; returns where the body goes. */
function writeHeader(out: Buffer, at: number, flags: number, size: number): number {
  if (size <= 0xff) {
    out[at] = flags;
    out[at + 1] = size;
  } else {
    out[at] = flags | FLAG_LONG;
    // The 64-bit size as two halves: no BigInt for every long frame.
    out.writeUInt32BE(Math.floor(size / 2 ** 32), at + 1);
    out.writeUInt32BE(size >>> 0, at + 5);
  }
  return at + headerBytes(size);
}

/** A frame's header: its flags and the size of the body that follows. */
export function frameHeader(flags: number, size: number): Buffer {
  const header = Buffer.allocUnsafe(headerBytes(size));
  writeHeader(header, 0, flags, size);
  return header;
}

/**
 * One message's frames as the bytes of a stream, in as few buffers as
 * there are frame bodies of `ownBytes` or more (each such body goes as it
 * is, not copied) plus one between each: the headers and smaller bodies
 * are written in place, so no piece of them is allocated apart.
 */
export function encodeParts(frames: ReadonlyArray<string | Uint8Array>, ownBytes = Infinity): Uint8Array[] {
  // Plain loops, no closures: every message either side sends passes here,
  // and a new sender's optimizing compiler pays for each closure inlined.
  const count = frames.length;
  const sizes: number[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    const frame = frames[i]!;
    const size = typeof frame === 'string' ? Buffer.byteLength(frame, 'utf8') : frame.length;
    sizes.push(size);
    // Only bytes go as they are; a string is always encoded in place.
    total += headerBytes(size) + (typeof frame !== 'string' && size >= ownBytes ? 0 : size);
  }
  const out = Buffer.allocUnsafe(total);
  const parts: Uint8Array[] = [];
  let at = 0;
  let from = 0;
  for (let i = 0; i < count; i++) {
    const frame = frames[i]!;
    const size = sizes[i]!;
    at = writeHeader(out, at, i < count - 1 ? FLAG_MORE : 0, size);
    if (typeof frame === 'string') {
      out.write(frame, at, 'utf8');
      at += size;
    } else if (size >= ownBytes) {
      parts.push(out.subarray(from, at), frame);
      from = at;
    } else {
      out.set(frame, at);
      at += size;
    }
  }
  if (at > from) parts.push(out.subarray(from, at));
  return parts;
}

/** One message's frames as the bytes of a stream, in one buffer: every reply passes here. */
export function encodeMessage(frames: ReadonlyArray<string | Uint8Array>): Buffer {
  return encodeParts(frames)[0] as Buffer;
}

/** A command (READY, PONG, ERROR…) as the bytes of a stream. */
export function encodeCommand(body: Uint8Array): Buffer {
  return Buffer.concat([frameHeader(FLAG_COMMAND, body.length), body]);
}

/** A command body: its name, then `data`. */
export function commandBody(name: string, data: Uint8Array = Buffer.alloc(0)): Buffer {
  return Buffer.concat([Buffer.from([name.length]), Buffer.from(name, 'latin1'), data]);
}
