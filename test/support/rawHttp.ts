// Raw TCP to an HTTP server, for tests that send what no well-behaved client
// would: broken request lines and targets, hostile Host and Origin headers,
// upgrades that ask for the wrong thing.
import net from 'node:net';
import { within } from './wait.js';

/** What the server answered to `bytes`, read until it closed the connection. */
export async function exchange(port: number, bytes: string | Buffer): Promise<string> {
  const socket = net.connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk) => chunks.push(chunk));
  // A reset is a closed connection too; what was read before it still counts.
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.write(bytes);
  await within(closed, `the server to close the connection after ${JSON.stringify(String(bytes).slice(0, 60))}`);
  return Buffer.concat(chunks).toString('latin1');
}

/** The status code of a raw response, or null if the server closed without one. */
export function statusOf(response: string): number | null {
  const match = /^HTTP\/1\.1 (\d{3}) /.exec(response);
  return match ? Number(match[1]) : null;
}

/** A GET request with the given headers (Host first, as browsers send it); asks the server to close after it. */
export function getRequest(target: string, headers: Record<string, string>): string {
  const lines = Object.entries({ ...headers, Connection: headers.Connection ?? 'close' }).map(([name, value]) => `${name}: ${value}`);
  return [`GET ${target} HTTP/1.1`, ...lines, '', ''].join('\r\n');
}

/** The headers of a WebSocket handshake, to add to a request's own. */
export const UPGRADE_HEADERS = {
  Connection: 'Upgrade',
  Upgrade: 'websocket',
  'Sec-WebSocket-Version': '13',
  'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
};
