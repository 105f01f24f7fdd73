// Hostile peers over raw ZMTP that run until stopped, for the memory tests
// and `npm run stress` (items 6–8 of the hardening issue): slot hogs that
// hold transfers open with a byte now and then, floods that never read,
// tricklers that send a message one byte at a time, oversized messages, and
// senders with many 16 MiB chunks in flight. Free of node:test.
import { randomBytes } from 'node:crypto';
import { formatChecksum } from '../../electron/engine/protocol/checksum.js';
import { encodeMessage, FLAG_LONG } from '../../electron/engine/zmtp/frameWriter.js';
import { sleep, until } from './wait.js';
import { ZmtpClient } from './zmtpSocket.js';

const MiB = 1024 * 1024;

function codeOf(frames: Buffer[]): string {
  return frames[0]!.toString() === 'READY' ? 'READY' : (frames[1]?.toString() ?? '').split(':')[0]!;
}

function chunk(name: string, offset: number, data: Buffer, checksum = formatChecksum('crc32', data)): Array<string | Buffer> {
  return ['CHUNK', name, String(offset), String(data.length), checksum, data];
}

/**
 * Item 8: HELLO, then `chunks` CHUNKs of `chunkBytes` back to back, no reply
 * awaited. `codes` fills with the replies' codes as they come; `done`
 * settles after the last (or once the connection is closed).
 */
export function chunkFlood(endpoint: string, name: string, chunks = 48, chunkBytes = 16 * MiB): { codes: string[]; done: Promise<void> } {
  const codes: string[] = [];
  const done = (async () => {
    const client = await ZmtpClient.connect(endpoint);
    const data = randomBytes(chunkBytes);
    const checksum = formatChecksum('crc32', data);
    client.send(['HELLO', name]);
    // The same buffer each time: written frame by frame, never copied.
    for (let i = 0; i < chunks; i++) client.send(chunk(name, i * chunkBytes, data, checksum));
    while (codes.length < chunks + 1) {
      const reply = await client.next();
      if (!reply) break;
      codes.push(codeOf(reply));
    }
    client.destroy();
  })();
  return { codes, done };
}

/**
 * Waits until the receiver admits a newcomer's transfer beside slot hogs: it
 * pushes a hog's transfer out only once that made no progress for a whole
 * window (receiver.ts, makeRoom). The probe's own transfer is ended at once
 * (a CLOSE past its end: incomplete).
 */
export async function untilNewcomerAdmitted(endpoint: string, timeoutMs = 120_000): Promise<void> {
  const probe = await ZmtpClient.connect(endpoint);
  let tries = 0;
  try {
    await until(
      async () => {
        const name = `probe-${tries++}.bin`;
        if ((await probe.request(['HELLO', name]))?.[0] !== 'READY') return false;
        await probe.request(['CLOSE', name, '1']);
        return true;
      },
      'the receiver to admit a newcomer beside the slot hogs',
      timeoutMs,
    );
  } finally {
    probe.destroy();
  }
}

export interface AttackPlan {
  /** Peers that each open `transfersPerHog` transfers and keep them alive with one byte now and then. */
  hogs: number;
  transfersPerHog: number;
  /** Peers that send requests without end and never read a reply (reconnecting when dropped). */
  floods: number;
  /** Peers that send each request one byte at a time. */
  tricklers: number;
  /** Peers that send a frame over the receiver's largest message (dropped at its header, reconnecting). */
  oversized: number;
  /** Peers that send chunks just over the chunk limit, one after another. */
  overLimit: number;
}

/** The issue's 250 connections: 16 × 64 transfers hold the default limit of 1024. */
export const ISSUE_ATTACK: AttackPlan = { hogs: 16, transfersPerHog: 64, floods: 40, tricklers: 150, oversized: 40, overLimit: 4 };

export function connectionsOf(plan: AttackPlan): number {
  return plan.hogs + plan.floods + plan.tricklers + plan.oversized + plan.overLimit;
}

const KEEPALIVE_MS = 2_000;
const TRICKLE_MS = 100;
const RECONNECT_MS = 100;
const FLOOD_HELD_MS = 2_000;

/** Hosts the attack's connections come from: 4 × 64 fill the receiver's 256. */
const ATTACKING_HOSTS = 4;

export class Attack {
  private stopped = false;
  private connected = 0;
  private readonly stopping: Promise<void>;
  private stop_!: () => void;
  private readonly clients = new Set<ZmtpClient>();
  private readonly loops: Array<Promise<void>> = [];
  private readonly hogsReady: Array<Promise<void>> = [];
  /**
   * hogTransfers: the transfers the hogs hold now; floodsHeld: floods the
   * receiver stopped reading (their writes waited over FLOOD_HELD_MS).
   */
  readonly counts = { hogTransfers: 0, evicted: 0, floodsHeld: 0, floodDrops: 0, oversizedDrops: 0, overLimitChunks: 0, trickled: 0 };
  readonly errors: string[] = [];

  constructor(
    private readonly endpoint: string,
    plan: AttackPlan = ISSUE_ATTACK,
  ) {
    this.stopping = new Promise((resolve) => (this.stop_ = resolve));
    const run = (what: string, loop: () => Promise<void>) =>
      this.loops.push(loop().catch((err: unknown) => void (this.stopped || this.errors.push(`${what}: ${(err as Error).message}`))));
    for (let i = 0; i < plan.hogs; i++) {
      let ready!: () => void;
      this.hogsReady.push(new Promise((resolve) => (ready = resolve)));
      run(`hog ${i}`, () => this.hog(i, plan.transfersPerHog, ready).finally(ready));
    }
    // The others join once the hogs hold their slots.
    const after = (loop: () => Promise<void>) => () => this.established.then(loop);
    for (let i = 0; i < plan.floods; i++) run(`flood ${i}`, after(() => this.flood()));
    for (let i = 0; i < plan.tricklers; i++) run(`trickler ${i}`, after(() => this.trickler(i)));
    for (let i = 0; i < plan.oversized; i++) run(`oversized ${i}`, after(() => this.oversized()));
    const overLimit = randomBytes(16 * MiB + 1);
    for (let i = 0; i < plan.overLimit; i++) run(`over the limit ${i}`, after(() => this.overLimit(i, overLimit)));
  }

  /** Settles once every hog has its transfers open (or was refused). */
  get established(): Promise<void> {
    return Promise.all(this.hogsReady).then(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stop_();
    for (const client of this.clients) client.destroy();
    await Promise.all(this.loops);
  }

  /** Waits `ms`, or less once stopped. */
  private pause(ms: number): Promise<unknown> {
    return Promise.race([sleep(ms), this.stopping]);
  }

  /** The next reply, or null once closed or stopped. */
  private next(client: ZmtpClient): Promise<Buffer[] | null> {
    return Promise.race([client.next(), this.stopping.then(() => null)]);
  }

  private async connect(paused = false): Promise<ZmtpClient> {
    // The attack comes from four hosts (a host holds at most 64 connections),
    // none of them the well-behaved sender's 127.0.0.1.
    const client = await ZmtpClient.connect(this.endpoint, { localAddress: `127.0.0.${10 + (this.connected++ % ATTACKING_HOSTS)}` });
    this.clients.add(client);
    void client.closed.then(() => this.clients.delete(client));
    if (paused) client.socket.pause();
    if (this.stopped) client.destroy();
    return client;
  }

  private async hog(index: number, transfers: number, ready: () => void): Promise<void> {
    const client = await this.connect();
    const names = Array.from({ length: transfers }, (_, k) => `hog-${index}-${k}.bin`);
    const open = async (list: string[]) => {
      for (const name of list) client.send(['HELLO', name]);
      for (let i = 0; i < list.length; i++) {
        const reply = await this.next(client);
        if (reply === null) return;
        if (codeOf(reply) === 'READY') this.counts.hogTransfers++;
      }
    };
    await open(names);
    ready();
    for (let offset = 0; !this.stopped && !client.isClosed; offset++) {
      await this.pause(KEEPALIVE_MS);
      if (this.stopped) return;
      for (const name of names) client.send(chunk(name, offset, Buffer.from([offset & 0xff])));
      const evicted: string[] = [];
      for (const name of names) {
        const reply = await this.next(client);
        if (reply === null) return;
        if (codeOf(reply) === 'unknown-transfer') evicted.push(name);
      }
      // Pushed out for making no progress: it takes the slots again.
      this.counts.evicted += evicted.length;
      this.counts.hogTransfers -= evicted.length;
      if (evicted.length > 0) await open(evicted);
    }
  }

  private async flood(): Promise<void> {
    // Requests whose ERROR replies are long, many to a write.
    const batch = Buffer.concat(Array.from({ length: 64 }, () => encodeMessage(['HELLO', `${'y'.repeat(200)}\u0001`])));
    while (!this.stopped) {
      const client = await this.connect(true);
      let held = false;
      while (!client.isClosed && !this.stopped) {
        if (client.sendRaw(batch)) continue;
        const waited = await Promise.race([client.writable().then(() => false), this.stopping.then(() => false), sleep(FLOOD_HELD_MS).then(() => true)]);
        if (waited && !held) this.counts.floodsHeld++;
        held ||= waited;
      }
      if (!this.stopped) this.counts.floodDrops++;
      await this.pause(RECONNECT_MS);
    }
  }

  private async trickler(index: number): Promise<void> {
    let client = await this.connect();
    while (!this.stopped) {
      for (const byte of encodeMessage(['CLOSE', `trickle-${index}.bin`, '0'])) {
        client.sendRaw(Buffer.from([byte]));
        await this.pause(TRICKLE_MS);
      }
      if ((await this.next(client)) === null) {
        if (!this.stopped) client = await this.connect();
      } else this.counts.trickled++;
    }
  }

  private async oversized(): Promise<void> {
    const header = Buffer.alloc(9);
    header[0] = FLAG_LONG;
    header.writeBigUInt64BE(1n << 36n, 1);
    while (!this.stopped) {
      const client = await this.connect();
      client.sendRaw(header);
      await Promise.race([client.closed, this.stopping]);
      if (!this.stopped) this.counts.oversizedDrops++;
      await this.pause(RECONNECT_MS);
    }
  }

  private async overLimit(index: number, data: Buffer): Promise<void> {
    const checksum = formatChecksum('crc32', data);
    const name = `over-${index}.bin`;
    while (!this.stopped) {
      const client = await this.connect();
      client.send(['HELLO', name]);
      await this.next(client);
      while (!this.stopped && !client.isClosed) {
        client.send(chunk(name, 0, data, checksum));
        // Answered too-large, or unknown-transfer when its HELLO found every slot taken: read whole either way.
        if (await this.next(client)) this.counts.overLimitChunks++;
      }
    }
  }
}
