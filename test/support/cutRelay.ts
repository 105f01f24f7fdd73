// A TCP relay a test cuts and restores, standing for a network that drops
// (a Wi-Fi hiccup, a cable re-plugged), and counts what senders put on the wire. It listens on another loopback
// address at the same port numbers as the receiver's, so the encrypted port
// that the receiver announces (by number) is reached through it too.
import net from 'node:net';

export class CutRelay {
  private readonly servers: net.Server[] = [];
  private readonly sockets = new Set<net.Socket>();
  /** Bytes the senders put on the wire through it (towards the receiver), counted as they pass. */
  upstreamBytes = 0;

  private constructor(
    readonly host: string,
    private readonly target: string,
    private readonly ports: number[],
  ) {}

  static async open(ports: number[], host = '127.0.0.2', target = '127.0.0.1'): Promise<CutRelay> {
    const relay = new CutRelay(host, target, ports);
    await relay.restore();
    return relay;
  }

  /** Drops every connection through it, and refuses new ones until restored. */
  async cut(): Promise<void> {
    const closing = this.servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve)));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await Promise.all(closing);
  }

  async restore(): Promise<void> {
    for (const port of this.ports) {
      const server = net.createServer((front) => this.pass(front, port));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, this.host, () => resolve());
      });
      this.servers.push(server);
    }
  }

  close(): Promise<void> {
    return this.cut();
  }

  private pass(front: net.Socket, port: number): void {
    const back = net.connect(port, this.target);
    front.on('data', (data: Buffer) => (this.upstreamBytes += data.length));
    for (const [a, b] of [
      [front, back],
      [back, front],
    ] as const) {
      this.sockets.add(a);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        this.sockets.delete(a);
        b.destroy();
      });
      a.pipe(b);
    }
  }
}
