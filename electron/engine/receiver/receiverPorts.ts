// The receiver's two ports, as one: the plain one (listener.ts, PROTOCOL.md
// v1) and, in encrypted mode, the encrypted one beside it (securePort.ts).
// They open and close together, pause together when the receiver holds too
// much, and carry each reply back to the port its request came from.
import type { FrameData, ReceiverLimits } from '../../../shared/protocol.js';
import type { DeviceIdentity } from '../trust/deviceIdentity.js';
import { untilPortsFree } from '../util/portsFree.js';
import { RECEIVER_BUDGET } from './budget.js';
import { Listener, type Peer } from './listener.js';
import { openSecurePort } from './securePort.js';
import type { SecureEvents, SecureListener } from './secureListener.js';

const CHUNK = Buffer.from('CHUNK');
export const isChunk = (frame: FrameData) => frame instanceof Uint8Array && CHUNK.equals(frame);

export interface PortEvents {
  /** A request from the plain port or (`secure`) the encrypted one; `sizes` are its frames' true sizes. */
  request(peer: Peer, frames: FrameData[], frameCount: number, secure: boolean, sizes: number[]): void;
  /** A plain peer disconnected or was dropped. */
  gone(peer: Peer, why: string): void;
  /** Whether a plain peer has work under way (it is not dropped for room). */
  busy(peer: Peer): boolean;
  /** Encrypted port: whether a device key may finish its handshake, and as what. */
  allow: SecureEvents['allow'];
  /** Encrypted port: a message that is not a packed request; a peer that floods. */
  malformed(peer: Peer): void;
  deaf(peer: Peer): void;
}

export class ReceiverPorts {
  private constructor(
    private readonly plain: Listener,
    private readonly secure: SecureListener | null,
  ) {}

  /** Opens the plain port on `bind`, and the encrypted one beside it when there is an `identity`. */
  static async open(bind: string[], limits: ReceiverLimits, identity: DeviceIdentity | null, events: PortEvents): Promise<ReceiverPorts> {
    const plain = await Listener.open(
      bind,
      { ...RECEIVER_BUDGET, maxMessageBytes: 2 * limits.maxChunkBytes + 64 * 1024 },
      {
        // A CHUNK's data, unless it is over the limit: refused then, it is not worth holding.
        keepWhole: (index, kept, size) => index === 5 + (kept[0]?.length === 0 ? 1 : 0) && isChunk(kept[index - 5]!) && size <= limits.maxChunkBytes,
        message: (peer, frames, count, sizes) => events.request(peer, frames, count, false, sizes),
        gone: (peer, why) => events.gone(peer, why),
        busy: (peer) => events.busy(peer),
      },
    );
    if (!identity) return new ReceiverPorts(plain, null);
    try {
      const secure = await openSecurePort(plain.endpoints, bind, identity, limits, {
        allow: (key) => events.allow(key),
        message: (peer, frames) => events.request(peer, frames, frames.length, true, frames.map((f) => f.length)),
        malformed: (peer) => events.malformed(peer),
        deaf: (peer) => events.deaf(peer),
      });
      return new ReceiverPorts(plain, secure);
    } catch (err) {
      plain.close();
      throw err;
    }
  }

  get plainEndpoints(): string[] {
    return [...this.plain.endpoints];
  }

  get secureEndpoints(): string[] {
    return [...(this.secure?.endpoints ?? [])];
  }

  get encrypted(): boolean {
    return this.secure !== null;
  }

  /** Plain peers connected now, and connections still open (those of dropped peers not yet closed included). */
  get connections(): number {
    return this.plain.connectionCount;
  }

  get openConnections(): number {
    return this.plain.openCount;
  }

  send(peer: Peer, reply: ReadonlyArray<string | Uint8Array>, secure: boolean, refused: boolean): void {
    if (secure) this.secure?.send(peer, reply);
    else this.plain.send(peer, reply, refused);
  }

  /** Drops a plain peer. */
  drop(peer: Peer, why: string): void {
    this.plain.drop(peer, why);
  }

  /** Forgets an encrypted peer (libzmq cannot close one SERVER connection). */
  forgetSecure(peer: Peer): void {
    this.secure?.forget(peer);
  }

  /** The message a plain peer is sending now (a chunk still arriving is progress). */
  unfinished(peer: Peer): { frames: readonly FrameData[]; bytes: number } {
    return this.plain.unfinished(peer);
  }

  /** Stops reading both ports (the receiver's memory budget), or starts again. */
  pause(): void {
    this.plain.pause();
    this.secure?.pause();
  }

  unpause(): void {
    this.plain.unpause();
    this.secure?.unpause();
  }

  /** Closes both; resolves once their ports can be bound again. */
  async close(): Promise<void> {
    this.plain.close();
    await this.secure?.close();
    await untilPortsFree([...this.plain.endpoints, ...(this.secure?.endpoints ?? [])]);
    await this.secure?.done.catch(() => undefined);
  }
}
