// The browser shell: a local HTTP server that serves the built renderer and
// carries the UI contract over a WebSocket. Only a client that knows the
// random token in the URL may talk to the host.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Host } from '../host/host.js';
import { LoopDelayMonitor } from './loopDelay.js';
import { serveStatic } from './staticFiles.js';
import { serveConnection } from './wsConnection.js';
import { messageOf } from '../../shared/format.js';

export interface BrowserShellOptions {
  host: Host;
  /** Interface to listen on; 127.0.0.1 keeps the UI to this machine. */
  hostname: string;
  /** 0 picks a free port. */
  port: number;
  staticDir: string;
  token?: string;
}

export interface BrowserShell {
  /** The address to open, token included. */
  url: string;
  token: string;
  close(): Promise<void>;
}

/** Largest call a tab may send: a list of many thousand paths fits. */
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  // The token is in the page's URL: never let it leave in a Referer.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

export async function startBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const loopDelay = new LoopDelayMonitor();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  sockets.on('connection', (socket) => serveConnection(socket, options.host));

  const server = createServer((req, res) => {
    handleRequest(req, res, options.staticDir, token, loopDelay).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`Internal error: ${messageOf(error)}\n`);
    });
  });
  server.on('upgrade', (req, socket: Duplex, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws' || !tokenMatches(url, token) || !sameOrigin(req)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.hostname, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostPart = options.hostname.includes(':') ? `[${options.hostname}]` : options.hostname;
  return {
    url: `http://${hostPart}:${port}/?token=${token}`,
    token,
    close: async () => {
      loopDelay.stop();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function handleRequest(req: IncomingMessage, res: ServerResponse, staticDir: string, token: string, loopDelay: LoopDelayMonitor): Promise<void> {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/health') {
    if (!tokenMatches(url, token)) {
      res.writeHead(403).end();
      return;
    }
    // How the host's own event loop fares, e.g. during a large transfer; ?reset=1 starts a new window.
    const report = { eventLoopDelay: loopDelay.report() };
    if (url.searchParams.get('reset') === '1') loopDelay.reset();
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(report));
    return;
  }
  if (!(await serveStatic(staticDir, url.pathname, req, res))) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
  }
}

function tokenMatches(url: URL, token: string): boolean {
  const given = Buffer.from(url.searchParams.get('token') ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A page of another site must not drive the host, even with a leaked token. */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not a browser: the token alone decides
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
