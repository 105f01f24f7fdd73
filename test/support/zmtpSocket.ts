// A raw ZMTP 3 peer over node:net, for attacks a libzmq socket will not make:
// any routing id claimed, any bytes sent, replies read or left unread.
// Free of node:test, for scripts too; tests import it through zmtpClient.ts,
// which closes what a test file leaves open.
import { once } from 'node:events';
import net from 'node:net';
import { joined } from '../../electron/engine/protocol/pieces.js';
import { FrameReader } from '../../electron/engine/zmtp/frameReader.js';
import { encodeCommand, encodeMessage, FLAG_MORE, frameHeader } from '../../electron/engine/zmtp/frameWriter.js';
import { GREETING_BYTES, ourGreeting, readyBody } from '../../electron/engine/zmtp/greeting.js';

const open = new Set<net.Socket>();

/** Closes every client still open. */
export function destroyAllZmtpClients(): void {
  for (const socket of open) socket.destroy();
}

/** Messages up to this size are written as one buffer; larger ones frame by frame, their data never copied. */
const COPY_BYTES = 64 * 1024;

export interface ZmtpClientOptions {
  /** The routing id to claim (ZMTP's Identity property). */
  identity?: Buffer;
  socketType?: string;
  /** Send no greeting or READY: the caller writes raw bytes. */
  raw?: boolean;
  /** The address to connect from (another loopback address is another host). */
  localAddress?: string;
}

/** `tcp://host:port` → net options. */
function target(endpoint: string): net.NetConnectOpts {
  const m = /^tcp:\/\/(.+):(\d+)$/.exec(endpoint);
  if (!m) throw new Error(`not a tcp endpoint: ${endpoint}`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}

export class ZmtpClient {
  private readonly replies: Buffer[][] = [];
  private waiters: Array<(frames: Buffer[] | null) => void> = [];
  private greetingLeft = GREETING_BYTES;
  private readonly reader = new FrameReader(
    { maxMessageBytes: 64 * 1024 * 1024, maxFrames: 16, cappedFrameBytes: 1 << 20, maxCommandBytes: 1 << 16 },
    {
      keepWhole: () => true,
      command: () => undefined,
      message: (frames) => {
        const waiter = this.waiters.shift();
        const whole = frames.map(joined);
        if (waiter) waiter(whole);
        else this.replies.push(whole);
      },
    },
  );
  /** Settles when the receiver closed the connection. */
  readonly closed: Promise<void>;
  private ended = false;

  private constructor(readonly socket: net.Socket) {
    open.add(socket);
    this.closed = new Promise((resolve) => {
      socket.on('close', () => {
        this.ended = true;
        open.delete(socket);
        for (const waiter of this.waiters.splice(0)) waiter(null);
        resolve();
      });
    });
    socket.on('error', () => undefined);
    socket.on('data', (bytes: Buffer) => this.onData(bytes));
  }

  static async connect(endpoint: string, options: ZmtpClientOptions = {}): Promise<ZmtpClient> {
    const socket = net.connect({ ...target(endpoint), ...(options.localAddress ? { localAddress: options.localAddress } : {}) } as net.NetConnectOpts);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const client = new ZmtpClient(socket);
    if (!options.raw) {
      const properties: Record<string, string> = { 'Socket-Type': options.socketType ?? 'DEALER' };
      if (options.identity) properties.Identity = options.identity.toString('latin1');
      socket.write(Buffer.concat([ourGreeting(), encodeCommand(readyBody(properties))]));
    }
    return client;
  }

  get isClosed(): boolean {
    return this.ended;
  }

  /** Writes one message; false when the socket's buffer is full (wait for 'drain'). */
  send(frames: ReadonlyArray<string | Uint8Array>): boolean {
    const bodies = frames.map((f) => (typeof f === 'string' ? Buffer.from(f, 'utf8') : f));
    if (bodies.reduce((sum, b) => sum + b.length, 0) <= COPY_BYTES) return this.socket.write(encodeMessage(bodies));
    this.socket.cork();
    let room = true;
    bodies.forEach((body, i) => {
      this.socket.write(frameHeader(i < bodies.length - 1 ? FLAG_MORE : 0, body.length));
      room = this.socket.write(body);
    });
    this.socket.uncork();
    return room;
  }

  /** Settles once the socket's buffer has room again, or it is closed. */
  writable(): Promise<void> {
    const drained = once(this.socket, 'drain').then(
      () => undefined,
      () => undefined,
    );
    return Promise.race([drained, this.closed]);
  }

  sendRaw(bytes: Uint8Array): boolean {
    return this.socket.write(bytes);
  }

  /** The next reply, or null once the connection is closed. */
  next(): Promise<Buffer[] | null> {
    const ready = this.replies.shift();
    if (ready) return Promise.resolve(ready);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Sends one request and reads its reply as text frames. */
  async request(frames: ReadonlyArray<string | Uint8Array>): Promise<string[] | null> {
    this.send(frames);
    return (await this.next())?.map((f) => f.toString('utf8')) ?? null;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onData(bytes: Buffer): void {
    let rest = bytes;
    if (this.greetingLeft > 0) {
      const take = Math.min(this.greetingLeft, rest.length);
      this.greetingLeft -= take;
      rest = rest.subarray(take);
    }
    if (rest.length > 0 && this.reader.push(rest)) this.socket.destroy();
  }
}
