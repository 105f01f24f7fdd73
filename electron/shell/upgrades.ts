// WebSocket upgrades of the browser shell: only /ws, only with the token,
// Host and Origin checked first; everything else is refused with a status
// and a closed connection. The socket of an upgrade is no longer watched by
// the HTTP server, so it gets its own error listener before anything else.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Host } from '../host/host.js';
import type { ShellAccess } from './access.js';
import { serveConnection } from './wsConnection.js';

/** Largest call a tab may send: a list of many thousand paths fits. */
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
/** A message in more pieces than this is refused (1008); browsers send a call in one or a few frames. */
const MAX_FRAGMENTS = 16 * 1024;
/** Open tabs at once; each may hold a message up to MAX_MESSAGE_BYTES, so the sum stays bounded. */
const MAX_TABS = 64;

const REASONS: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 503: 'Service Unavailable' };

export class ShellUpgrades {
  private readonly sockets = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    maxFragments: MAX_FRAGMENTS,
    // No compression: nothing to gain on loopback, and no inflate bombs.
    perMessageDeflate: false,
    // Also relied on, ws's default (not in its types): a tab with 60 pongs
    // unwritten (it pings but does not read) is terminated.
  });

  constructor(
    private readonly access: ShellAccess,
    host: Host,
  ) {
    this.sockets.on('connection', (socket) => serveConnection(socket, host));
  }

  handle(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // A reset by the peer is no error of ours; without a listener it would end the process.
    socket.on('error', () => socket.destroy());
    const admission = this.access.admit(req);
    if (!admission.admitted) return refuse(socket, admission.status);
    if (admission.url.pathname !== '/ws' || !this.access.hasToken(admission.url)) return refuse(socket, 403);
    if (this.sockets.clients.size >= MAX_TABS) return refuse(socket, 503);
    // ws answers a malformed handshake (version, key, method) itself, with a 4xx.
    this.sockets.handleUpgrade(req, socket, head, (ws) => this.sockets.emit('connection', ws, req));
  }

  close(): void {
    for (const client of this.sockets.clients) client.terminate();
    this.sockets.close();
  }
}

function refuse(socket: Duplex, status: number): void {
  // Destroyed once written out: a peer that keeps its side open cannot hold the socket.
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${REASONS[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
