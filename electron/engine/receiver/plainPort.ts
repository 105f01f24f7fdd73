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
// read into plain buffers as the receiver decides. The wire is ZMTP 3 as
// libzmq speaks it: DEALER and REQ peers (libzmq, czmq, pyzmq) see a
// ROUTER.
import { lstat, unlink } from 'node:fs/promises';
import net from 'node:net';
import { networkInterfaces } from 'node:os';

export type Endpoint = { kind: 'tcp'; host: string; port: number } | { kind: 'ipc'; path: string };

/**
 * An endpoint to bind, read as libzmq reads it: `tcp://HOST:PORT` where HOST
 * is `*` (every IPv4 interface), an address, a name or an interface's name,
 * and PORT is a number or `*` (any free one); `ipc://PATH`.
 */
export function parseEndpoint(endpoint: string, interfaces = networkInterfaces()): Endpoint {
  const ipc = /^ipc:\/\/(.+)$/.exec(endpoint);
  if (ipc) return { kind: 'ipc', path: ipc[1]! };
  if (endpoint.startsWith('inproc://')) throw new Error('inproc:// cannot carry raw ZMTP; use tcp:// or ipc://');
  const tcp = /^tcp:\/\/(\[[^\]]+\]|[^:/]+):(\*|\d{1,5})$/.exec(endpoint);
  if (!tcp) throw new Error(`${JSON.stringify(endpoint)} is not an endpoint (tcp://HOST:PORT or ipc://PATH)`);
  const port = tcp[2] === '*' ? 0 : Number(tcp[2]);
  if (port > 65535) throw new Error(`port ${port} is over 65535`);
  let host = tcp[1]!.replace(/^\[(.*)\]$/, '$1');
  if (host === '*') host = '0.0.0.0';
  // An interface's name stands for its first IPv4 address, as in libzmq.
  const named = Object.hasOwn(interfaces, host) ? interfaces[host]?.find((info) => info.family === 'IPv4') : undefined;
  if (named) host = named.address;
  return { kind: 'tcp', host, port };
}

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

export class PlainPort {
  private readonly servers: net.Server[] = [];
  readonly endpoints: string[] = [];

  private constructor(
    private readonly markBytes: number,
    private readonly connected: (socket: net.Socket) => void,
  ) {}

  /**
   * Listens on every endpoint, or on none (the ones bound so far are closed
   * again); each socket's marks are `markBytes` (budget.ts).
   */
  static async open(endpoints: readonly string[], markBytes: number, connected: (socket: net.Socket) => void): Promise<PlainPort> {
    const port = new PlainPort(markBytes, connected);
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
    const server = net.createServer({ noDelay: true, pauseOnConnect: false, highWaterMark: this.markBytes }, (socket) => this.connected(socket));
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
}
