// A bare DEALER (or REQ) that speaks frames, for testing the receiver's
// rules exactly as a foreign peer would.
import { after } from 'node:test';
import * as zmq from 'zeromq';
import { digestHex } from '../../electron/engine/protocol/checksum.js';

export type Frame = string | Buffer;

/** A CHUNK of `data` at `offset`, with its crc32. */
export function chunk(name: string, offset: number, data: Buffer): Frame[] {
  return ['CHUNK', name, String(offset), String(data.length), `crc32:${digestHex('crc32', data)}`, data];
}

const open: Array<zmq.Dealer | zmq.Request> = [];
after(() => {
  for (const socket of open.splice(0)) socket.close();
});

export class RawPeer {
  private readonly socket: zmq.Dealer;

  /** `receiveTimeoutMs`: the longest wait for one reply before the test fails. */
  constructor(endpoint: string, receiveTimeoutMs = 10_000) {
    this.socket = new zmq.Dealer({ linger: 0, receiveTimeout: receiveTimeoutMs });
    this.socket.connect(endpoint);
    open.push(this.socket);
  }

  /** Sends requests back to back, then reads one reply each, in order. */
  async pipeline(requests: Frame[][]): Promise<string[][]> {
    for (const frames of requests) await this.socket.send(frames);
    const replies: string[][] = [];
    for (let i = 0; i < requests.length; i++) {
      replies.push((await this.socket.receive()).map((f) => f.toString('utf8')));
    }
    return replies;
  }

  async request(...frames: Frame[]): Promise<string[]> {
    return (await this.pipeline([frames]))[0]!;
  }

  /** Resolves once the other side drops this connection; ask before sending what makes it. */
  dropped(): Promise<void> {
    return new Promise((resolve) => this.socket.events.on('disconnect', () => resolve()));
  }

  close(): void {
    this.socket.close();
  }
}

export async function reqRequest(endpoint: string, frames: Frame[]): Promise<string[]> {
  const socket = new zmq.Request({ linger: 0, receiveTimeout: 10_000 });
  open.push(socket);
  socket.connect(endpoint);
  await socket.send(frames);
  return (await socket.receive()).map((f) => f.toString('utf8'));
}

/** The error code of an ERROR reply, or "READY". */
export function codeOf(reply: string[]): string {
  return reply[0] === 'READY' ? 'READY' : (reply[1] ?? '').split(':')[0]!;
}
