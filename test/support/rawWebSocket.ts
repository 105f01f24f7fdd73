// A WebSocket client that writes its frames by hand, for tests that send
// what no browser would: unmasked frames, reserved opcodes and bits, invalid
// UTF-8, lengths past the limit, fragments that never end, floods.
import { once } from 'node:events';
import net from 'node:net';
import { getRequest, statusOf, UPGRADE_HEADERS } from './rawHttp.js';
import { within } from './wait.js';

export const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, reserved: 0x3, close: 0x8, ping: 0x9, pong: 0xa } as const;

export interface FrameSpec {
  opcode: number;
  payload?: Buffer | string;
  fin?: boolean;
  /** The three reserved bits, 0 to 7. */
  rsv?: number;
  masked?: boolean;
  /** A length to claim instead of the payload's own (the payload is still what is sent). */
  claimedLength?: bigint;
}

export interface ServerFrame {
  opcode: number;
  payload: Buffer;
}

const MASK = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);

/** One frame as a client writes it: masked unless told otherwise. */
export function frame({ opcode, payload = Buffer.alloc(0), fin = true, rsv = 0, masked = true, claimedLength }: FrameSpec): Buffer {
  const body = Buffer.from(payload);
  const length = claimedLength ?? BigInt(body.length);
  const maskBit = masked ? 0x80 : 0;
  let lengthBytes: Buffer;
  if (length < 126n) {
    lengthBytes = Buffer.from([maskBit | Number(length)]);
  } else if (length < 65536n) {
    lengthBytes = Buffer.from([maskBit | 126, 0, 0]);
    lengthBytes.writeUInt16BE(Number(length), 1);
  } else {
    lengthBytes = Buffer.alloc(9);
    lengthBytes[0] = maskBit | 127;
    lengthBytes.writeBigUInt64BE(length, 1);
  }
  const first = Buffer.from([(fin ? 0x80 : 0) | (rsv << 4) | opcode]);
  if (!masked) return Buffer.concat([first, lengthBytes, body]);
  for (let i = 0; i < body.length; i++) body[i]! ^= MASK[i % 4]!;
  return Buffer.concat([first, lengthBytes, MASK, body]);
}

export class RawWebSocket {
  private buffered = Buffer.alloc(0);
  private readonly frames: ServerFrame[] = [];
  private wake: (() => void) | null = null;
  /** Resolves when the connection has ended, whichever side ended it. */
  readonly closed: Promise<void>;

  private constructor(private readonly socket: net.Socket) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    // A reset by the server is how some attacks end; the test looks at `closed`.
    socket.on('error', () => undefined);
  }

  /** Connects and completes the handshake; throws with the status if the server refuses. */
  static async open(port: number, target: string, headers: Record<string, string>): Promise<RawWebSocket> {
    const socket = net.connect(port, '127.0.0.1');
    const client = new RawWebSocket(socket);
    socket.write(getRequest(target, { Host: `127.0.0.1:${port}`, ...headers, ...UPGRADE_HEADERS }));
    let head = Buffer.alloc(0);
    while (!head.includes('\r\n\r\n')) {
      const [chunk] = (await within(once(socket, 'data'), 'the handshake response')) as [Buffer];
      head = Buffer.concat([head, chunk]);
    }
    const end = head.indexOf('\r\n\r\n') + 4;
    const status = statusOf(head.subarray(0, end).toString('latin1'));
    if (status !== 101) throw new Error(`handshake refused with ${status}`);
    socket.on('data', (chunk: Buffer) => client.take(chunk));
    client.take(head.subarray(end));
    return client;
  }

  /** Writes raw bytes; false when they wait in this side's buffer (the server is not reading). */
  send(bytes: Buffer): boolean {
    return this.socket.write(bytes);
  }

  /** Resolves when what `send` left in this side's buffer has been written, or the connection has ended. */
  async drained(): Promise<void> {
    const drain = new Promise<void>((resolve) => this.socket.once('drain', () => resolve()));
    await within(Promise.race([drain, this.closed]), 'the connection to drain or end');
  }

  /** Stops reading what the server sends, as a tab that never reads would. */
  stopReading(): void {
    this.socket.pause();
  }

  resumeReading(): void {
    this.socket.resume();
  }

  /** The next frame from the server. */
  async next(): Promise<ServerFrame> {
    while (this.frames.length === 0) {
      await within(new Promise<void>((resolve) => (this.wake = resolve)), 'a frame from the server');
    }
    return this.frames.shift()!;
  }

  /** The code of the server's close frame, skipping anything before it. */
  async closeCode(): Promise<number> {
    for (;;) {
      const { opcode, payload } = await this.next();
      if (opcode === OPCODE.close) return payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
    }
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** Server frames are never masked and, from ws, never longer than 2^53. */
  private take(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    for (;;) {
      if (this.buffered.length < 2) break;
      let length = this.buffered[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.buffered.length < 4) break;
        length = this.buffered.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.buffered.length < 10) break;
        length = Number(this.buffered.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.buffered.length < offset + length) break;
      this.frames.push({ opcode: this.buffered[0]! & 0x0f, payload: this.buffered.subarray(offset, offset + length) });
      this.buffered = this.buffered.subarray(offset + length);
    }
    this.wake?.();
    this.wake = null;
  }
}
