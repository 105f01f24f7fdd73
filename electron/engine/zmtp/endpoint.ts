// ZeroMQ endpoints as libzmq reads them, for the sockets that speak ZMTP
// themselves: the receiver's plain port binds them, the plain sender
// connects to them.
import { networkInterfaces } from 'node:os';

export type Endpoint = { kind: 'tcp'; host: string; port: number } | { kind: 'ipc'; path: string };

/**
 * An endpoint read as libzmq reads it: `tcp://HOST:PORT`, where HOST is an
 * address or a name, and to bind also `*` (every IPv4 interface) or an
 * interface's name, and PORT is a number, or to bind `*` (any free one);
 * `ipc://PATH` (a file; Linux's abstract `@NAME` is refused, see ipcPath).
 */
export function parseEndpoint(endpoint: string, side: 'bind' | 'connect' = 'bind', interfaces?: ReturnType<typeof networkInterfaces>): Endpoint {
  const ipc = /^ipc:\/\/(.+)$/.exec(endpoint);
  if (ipc) return { kind: 'ipc', path: ipcPath(ipc[1]!) };
  if (endpoint.startsWith('inproc://')) throw new Error('inproc:// cannot carry raw ZMTP; use tcp:// or ipc://');
  const tcp = /^tcp:\/\/(\[[^\]]+\]|[^:/]+):(\*|\d{1,5})$/.exec(endpoint);
  if (!tcp) throw new Error(`${JSON.stringify(endpoint)} is not an endpoint (tcp://HOST:PORT or ipc://PATH)`);
  let host = tcp[1]!.replace(/^\[(.*)\]$/, '$1');
  if (side === 'connect' && (host === '*' || tcp[2] === '*')) throw new Error(`${JSON.stringify(endpoint)} is an endpoint to bind, not one to connect to`);
  const port = tcp[2] === '*' ? 0 : Number(tcp[2]);
  if (port > 65535) throw new Error(`port ${port} is over 65535`);
  if (side === 'connect') return { kind: 'tcp', host, port };
  if (host === '*') host = '0.0.0.0';
  // An interface's name stands for its first IPv4 address, as in libzmq (binding only: a name to connect to is a host's).
  // The system's interfaces are asked only here, where a name may be one of theirs.
  const known = interfaces ?? networkInterfaces();
  const named = Object.hasOwn(known, host) ? known[host]?.find((info) => info.family === 'IPv4') : undefined;
  if (named) host = named.address;
  return { kind: 'tcp', host, port };
}

/**
 * libzmq on Linux reads `ipc://@NAME` as a socket named NAME in the abstract
 * namespace, with no file. Node 20 cannot name one as libzmq does (it pads
 * the name to the address's full length, so the two never meet: seen with
 * `ss -xl`), and taking `@NAME` as a file's name would make a socket file
 * where no libzmq peer looks: it is refused in words. Elsewhere `@` begins
 * a file's name, as libzmq reads it there.
 */
function ipcPath(written: string): string {
  if (process.platform === 'linux' && written.startsWith('@')) {
    throw new Error(`ipc://${written} names a socket in Linux's abstract namespace, which this receiver and sender cannot reach as libzmq does: use ipc:///a/path or tcp://`);
  }
  return written;
}
