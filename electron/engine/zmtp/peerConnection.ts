// One ZMTP 3 connection as either side sees it: the peer's greeting, its
// READY, then its messages. Pure: bytes in, messages and bytes to send out.
import type { FrameData } from '../../../shared/protocol.js';
import { FrameReader, type FrameReaderLimits } from './frameReader.js';
import { commandBody, encodeCommand } from './frameWriter.js';
import { commandName, GREETING_BYTES, greetingProblem, ourGreeting, readyBody, readyProperties, type SocketRole } from './greeting.js';

export interface PeerSink {
  keepWhole(index: number, kept: readonly FrameData[], size: number): boolean;
  message(frames: FrameData[], frameCount: number, sizes: number[]): void;
  /** Bytes for the peer (handshake and heartbeat replies). */
  send(bytes: Buffer): void;
}

type Phase = 'greeting' | 'handshake' | 'traffic';

/** What a side sends as soon as it is connected: its greeting and READY. */
export function openingBytes(role: SocketRole): Buffer {
  return Buffer.concat([ourGreeting(), encodeCommand(readyBody({ 'Socket-Type': role.type }))]);
}

export class PeerConnection {
  private phase: Phase = 'greeting';
  private readonly greeting = Buffer.alloc(GREETING_BYTES);
  private greetingBytes = 0;
  private readonly reader: FrameReader;
  /** Set by the first problem: the connection is to be dropped. */
  problem: string | null = null;

  constructor(
    limits: FrameReaderLimits,
    private readonly sink: PeerSink,
    private readonly role: SocketRole,
  ) {
    this.reader = new FrameReader(limits, {
      keepWhole: (index, kept, size) => sink.keepWhole(index, kept, size),
      message: (frames, count, sizes) => {
        if (this.phase !== 'traffic') this.fail('a message before the handshake ended');
        else sink.message(frames, count, sizes);
      },
      command: (body) => this.command(body),
    });
  }

  get ready(): boolean {
    return this.phase === 'traffic';
  }

  /** Bytes held for an unfinished message. */
  get buffered(): number {
    return this.reader.buffered;
  }

  /** Bytes of the unfinished message's whole frames that have arrived. */
  get arrived(): number {
    return this.reader.arrived;
  }

  /** Bytes read from the peer only to be let go, in all. */
  get discarded(): number {
    return this.reader.discarded;
  }

  /** The frames of the unfinished message that have arrived. */
  get unfinished(): readonly FrameData[] {
    return this.reader.unfinished;
  }

  /** Lets the next pushes deliver at most `messages` messages and commands in all. */
  grant(messages: number): void {
    this.reader.budget = messages;
  }

  /** Where the next read may go instead of the socket's buffer (FrameReader.readTarget), or null. */
  readTarget(): Buffer | null {
    return this.phase === 'traffic' && !this.problem ? this.reader.readTarget() : null;
  }

  /** Whether `into` is the target last offered, still good: its bytes are then taken with `filled`. */
  isTarget(into: Uint8Array): boolean {
    return this.reader.isTarget(into);
  }

  /** `n` bytes were read into the target offered. */
  filled(n: number): void {
    this.reader.filled(n);
  }

  /**
   * Consumes bytes from the peer, up to the end of the message that spends
   * the granted budget; returns how many it took. Once `problem` is set the
   * connection must be dropped.
   */
  push(bytes: Buffer): number {
    if (this.problem) return 0;
    let taken = 0;
    if (this.phase === 'greeting') {
      taken = Math.min(GREETING_BYTES - this.greetingBytes, bytes.length);
      bytes.copy(this.greeting, this.greetingBytes, 0, taken);
      this.greetingBytes += taken;
      const problem = greetingProblem(this.greeting.subarray(0, this.greetingBytes));
      if (problem) return this.fail(problem);
      if (this.greetingBytes < GREETING_BYTES) return taken;
      this.phase = 'handshake';
    }
    if (taken === bytes.length) return taken;
    const problem = this.reader.push(taken === 0 ? bytes : bytes.subarray(taken));
    if (problem) return this.fail(problem);
    return taken + this.reader.consumed;
  }

  private command(body: Buffer): void {
    const name = commandName(body);
    if (this.phase === 'handshake') {
      const properties = readyProperties(body);
      if (typeof properties === 'string') return void this.fail(properties);
      const type = properties.get('socket-type')?.toString('latin1') ?? '';
      if (!this.role.peers.has(type)) return void this.fail(`a ${JSON.stringify(type.slice(0, 20))} socket cannot talk to a ${this.role.type}; ${[...this.role.peers].join(' or ')} can`);
      this.phase = 'traffic';
      return;
    }
    // ZMTP 3.1 heartbeat: PING carries a 2-byte TTL, then a context to echo.
    if (name === 'PING') this.sink.send(encodeCommand(commandBody('PONG', body.subarray(1 + 4 + 2, 1 + 4 + 2 + 16))));
    else if (name === 'ERROR') this.fail('the peer reported a ZMTP error');
  }

  private fail(problem: string): 0 {
    this.problem ??= problem;
    return 0;
  }
}
