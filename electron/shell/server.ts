// The browser shell: a local HTTP server that serves the built renderer and
// carries the UI contract over a WebSocket. Only a client that knows the
// random token may talk to the host (access.ts says who gets in), and no
// request, however malformed, may end the process: every path answers with a
// status or a closed connection.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Host } from '../host/host.js';
import { ShellAccess } from './access.js';
import { hostForUrl } from './hostNames.js';
import { LoopDelayMonitor } from '../host/loopDelay.js';
import { serveStatic } from './staticFiles.js';
import { ShellUpgrades } from './upgrades.js';
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

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  // The token is in the first page's URL: never let it leave in a Referer.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

export async function startBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const loopDelay = new LoopDelayMonitor();
  const server = createServer();
  const access = new ShellAccess(token, options.hostname, () => (server.address() as AddressInfo).port);
  const upgrades = new ShellUpgrades(access, options.host);

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handleRequest(req, res, access, options.staticDir, loopDelay).catch((error: unknown) => failed(res, error));
  });
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    try {
      upgrades.handle(req, socket, head);
    } catch (error) {
      process.stderr.write(`zerodrop: browser shell: upgrade failed: ${messageOf(error)}\n`);
      socket.destroy();
    }
  });
  // Malformed requests (bad request line, headers too large, a reset) are
  // answered by Node's default 'clientError' handling: 400 or 431, then closed.

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.hostname, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${hostForUrl(options.hostname)}:${port}/?token=${token}`,
    token,
    close: async () => {
      loopDelay.stop();
      upgrades.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The page shell (index.html) and its assets are public: they are the same
 * build for everyone and hold no data, and a reload must find them after the
 * page has moved the token out of its address. Everything with data needs the token.
 */
async function handleRequest(req: IncomingMessage, res: ServerResponse, access: ShellAccess, staticDir: string, loopDelay: LoopDelayMonitor): Promise<void> {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  const admission = access.admit(req);
  if (!admission.admitted) {
    res.writeHead(admission.status, { Connection: 'close' }).end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const { url } = admission;
  if (url.pathname === '/health') {
    if (!access.hasToken(url)) {
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

/** A bug, not the client's doing: said on stderr, not to the client. */
function failed(res: ServerResponse, error: unknown): void {
  process.stderr.write(`zerodrop: browser shell: request failed: ${messageOf(error)}\n`);
  if (res.headersSent) res.destroy();
  else res.writeHead(500, { 'Content-Type': 'text/plain', Connection: 'close' }).end('Internal error\n');
}
