// The plain port's sockets: a Node `net` server for each endpoint (tcp:// or
// ipc://), one socket per peer. ZMTP on top is ours (../zmtp/).
//
// Why not libzmq here: a ROUTER takes the routing id a peer claims, and a
// claimed id equal to the one libzmq generates next makes libzmq abort the
// process (a duplicate-id assertion in socket_base.cpp); a STREAM socket
// avoids that but cannot stop reading one peer, cannot close a connection
// whose replies wait, and hands every read over as a fresh external buffer
// whose finalizers cost the receiver a garbage collection every few dozen
// milliseconds under a flood. A socket of our own is paused, closed and
// read as the receiver decides. The wire is ZMTP 3 as libzmq speaks it:
// DEALER and REQ peers (libzmq, czmq, pyzmq) see a ROUTER.
//
// Every socket reads into one buffer of the port's (`onread`): a read is
// handed on and what is kept of it copied out before the next read. Node's
// own reads are a fresh 64 KiB buffer and a stream event each, about 16,000
// per GiB: a receiver reading 1 GiB that way used twice the CPU.
import { lstat, unlink } from 'node:fs/promises';
import net from 'node:net';
import { parseEndpoint, type Endpoint } from '../zmtp/endpoint.js';

/** How a bound server's address is written back, as libzmq's last endpoint: tcp://ADDRESS:PORT. */
function boundEndpoint(server: net.Server, endpoint: Endpoint): string {
  if (endpoint.kind === 'ipc') return `ipc://${endpoint.path}`;
  const address = server.address() as net.AddressInfo;
  return address.family === 'IPv6' ? `tcp://[${address.address}]:${address.port}` : `tcp://${address.address}:${address.port}`;
}

/** libzmq removes a socket file a dead process left at an ipc path; so does this, and only a socket file. */
async function clearStaleSocket(file: string): Promise<void> {
  const stat = await lstat(file).catch(() => null);
  if (stat?.isSocket()) await unlink(file).catch(() => undefined);
}

/** What a connection's reads go to. */
export interface SocketReader {
  /**
   * `n` bytes were read into `into`: the port's buffer, good only during
   * the call, or what `next` offered.
   */
  read(into: Buffer, n: number): void;
  /** Where the next read may go instead of the port's buffer (a frame's own block), or null. */
  next(): Buffer | null;
}

/**
 * Takes a new connection's socket; returns what its reads go to, or nothing
 * when it was turned away. A socket that reads its own way is handed over
 * paused: whoever takes it resumes it when it may read.
 */
export type Connected = (socket: net.Socket) => SocketReader | undefined;

/** The handle Node keeps in every socket; not in its types. */
type WithHandle = net.Socket & { _handle: object | null };

/**
 * The accepted socket made again around its handle, reading where
 * `reader` says, else into `into`: Node offers `onread` only to sockets it
 * connects itself, not to those a server accepts. The accepted one is let
 * go without its handle (closing it would close the connection); the
 * server then counts one connection fewer, which nothing here reads: the
 * listener keeps its own count. Where a runtime does not allow it, the
 * accepted socket is used as it is.
 */
function readingInto(accepted: net.Socket, into: Buffer, markBytes: number, reader: () => SocketReader | undefined): net.Socket {
  const old = accepted as WithHandle;
  if (!old._handle) return accepted;
  const socket = new net.Socket({
    handle: old._handle,
    readable: true,
    writable: true,
    highWaterMark: markBytes,
    onread: {
      // Asked before each read: a frame's block, or the port's buffer.
      buffer: () => reader()?.next() ?? into,
      callback: (n: number, buffer: Uint8Array) => {
        reader()?.read(buffer as Buffer, n);
        return true;
      },
    },
  } as net.SocketConstructorOpts);
  old._handle = null;
  old.destroy();
  return socket;
}

export class PlainPort {
  private readonly servers: net.Server[] = [];
  readonly endpoints: string[] = [];
  /** Where every socket of this port reads. */
  private readonly readBuffer: Buffer;

  private constructor(
    private readonly markBytes: number,
    readBytes: number,
    private readonly connected: Connected,
  ) {
    this.readBuffer = Buffer.allocUnsafe(readBytes);
  }

  /**
   * Listens on every endpoint, or on none (the ones bound so far are closed
   * again); each socket's marks are `markBytes`, and it reads at most
   * `readBytes` at a time (budget.ts).
   */
  static async open(endpoints: readonly string[], limits: { markBytes: number; readBytes: number }, connected: Connected): Promise<PlainPort> {
    const port = new PlainPort(limits.markBytes, limits.readBytes, connected);
    try {
      for (const text of endpoints) await port.listen(parseEndpoint(text));
    } catch (err) {
      port.close();
      throw err;
    }
    return port;
  }

  close(): void {
    for (const server of this.servers) server.close();
  }

  private async listen(endpoint: Endpoint): Promise<void> {
    const server = net.createServer({ noDelay: true, pauseOnConnect: true, highWaterMark: this.markBytes }, (socket) => this.accept(socket));
    this.servers.push(server);
    if (endpoint.kind === 'ipc') await clearStaleSocket(endpoint.path);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      const options = endpoint.kind === 'ipc' ? { path: endpoint.path } : { host: endpoint.host, port: endpoint.port, ipv6Only: false };
      server.listen({ ...options, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    // A failing accept (out of descriptors) must not end the process; the peer is simply not taken.
    server.on('error', () => undefined);
    this.endpoints.push(boundEndpoint(server, endpoint));
  }

  private accept(accepted: net.Socket): void {
    // The reader is known once the socket is: reads begin only after this turn.
    const taken: { reader?: SocketReader } = {};
    const socket = readingInto(accepted, this.readBuffer, this.markBytes, () => taken.reader);
    const reader = (taken.reader = this.connected(socket));
    // Node's own reads: the socket was accepted paused, and the reader's owner resumes it when it may read.
    if (socket === accepted && reader) socket.on('data', (bytes: Buffer) => reader.read(bytes, bytes.length));
  }
}
