// Loopback TCP ports: one nothing listens on, and whether one is free.
import { createServer } from 'node:net';

/** Whether a listener can bind 127.0.0.1:`port` right now (it is closed again at once). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(false) : reject(err)));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A port for an encrypted receiver: free, and so is the next one, where
 * the receiver puts its encrypted port. Any port may be in use as the local
 * end of some connection; this one and its twin were not, just now.
 */
export async function freeReceiverPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freePort();
    if (port < 65535 && (await portIsFree(port + 1))) return port;
  }
  throw new Error('no free pair of ports found');
}
