// Which rule answers a request: v1's HELLO, CHUNK and CLOSE (PROTOCOL.md
// §3–§5) or an extension (docs/protocol-extensions.md), on which port, for
// which device. It answers at once when a request is refused, and returns
// the work under way otherwise; the receiver queues the answer in order.
import type { FrameData, ReceiverLimits, Reply, Request } from '../../../shared/protocol.js';
import { digestHex } from '../protocol/checksum.js';
import { errorReply, parseRequest, ProtocolError } from '../protocol/codec.js';
import { extensionCommand, parseExtension } from '../protocol/extensions.js';
import { joined } from '../protocol/pieces.js';
import { checkChunk } from './chunkRules.js';
import type { Answer, DeviceGate } from './deviceGate.js';
import { ioError } from './ioError.js';
import type { ReceiverSecurity } from './receiver.js';
import type { ReplyChannel } from './replyChannel.js';
import { keyAnswer } from './securePort.js';
import type { Transfer } from './transfer.js';
import type { TransferDesk } from './transferDesk.js';

export interface RouterDeps {
  limits: ReceiverLimits;
  /** Encryption and consent; null in plain mode. */
  gate: DeviceGate | null;
  security: ReceiverSecurity | undefined;
  desk: TransferDesk;
  secureEndpoints(): string[];
  /** A transfer took a chunk: its progress moved. */
  moved(transfer: Transfer): void;
}

export class RequestRouter {
  constructor(private readonly deps: RouterDeps) {}

  /**
   * The reply to one request: known at once when it is refused, a promise
   * when work is under way. `dataBytes` is a CHUNK's true data size.
   */
  route(channel: ReplyChannel, body: FrameData[], frameCount: number, secure: boolean, dataBytes: number): { reply: Answer | Promise<Answer>; answered?: () => void } {
    // Only a CHUNK's data may be in pieces: joining any other frame copies nothing.
    const extension = extensionCommand(body.slice(0, 1).map(joined));
    if (extension) return { reply: this.extension(channel, extension, body.map(joined), frameCount, secure) };
    // On the encrypted port a HELLO names its batch in one more frame.
    const batch = secure && frameCount === 3 && body[0]?.length === 5 && joined(body[0]).toString('latin1') === 'HELLO' ? joined(body.pop()!).toString('latin1') : null;
    const parsed = parseRequest(body, frameCount - (batch === null ? 0 : 1));
    if (!parsed.ok) return { reply: parsed.reply };
    const request = parsed.request;
    try {
      if (this.deps.gate && !secure && !this.deps.security!.acceptPlain) {
        throw new ProtocolError('denied', 'this receiver accepts only encrypted transfers from ZeroDrop devices; ask its owner to accept unencrypted senders');
      }
      if (secure) this.deps.gate!.requireDevice(channel.peer.key);
      switch (request.cmd) {
        case 'HELLO':
          if (secure) this.deps.gate!.admit(this.deps.gate!.requireDevice(channel.peer.key), batch ?? '');
          return { reply: this.deps.desk.hello(channel, request.name, batch) };
        case 'CHUNK':
          return this.chunk(channel, request, dataBytes);
        case 'CLOSE':
          return { reply: this.deps.desk.own(channel, request.name).finish(request.size, this.deps.limits.maxFileBytes) };
      }
    } catch (err) {
      // A fault of this receiver is still only this request's error: it never crashes.
      const error = err instanceof ProtocolError ? err : ioError(err, `handle ${request.cmd}`);
      return { reply: errorReply(error.code, error.detail) };
    }
  }

  /** KEY on the plain port; CHALLENGE, AUTH and OFFER on the encrypted one. */
  private extension(channel: ReplyChannel, cmd: NonNullable<ReturnType<typeof extensionCommand>>, body: Buffer[], frameCount: number, secure: boolean): Promise<Answer> | Answer {
    // A plain v1 receiver knows none of them (and says so as parseRequest does).
    if (!this.deps.gate) {
      const v1 = parseRequest(body, frameCount);
      return v1.ok ? errorReply('bad-request', `unknown command ${cmd}`) : v1.reply;
    }
    const parsed = parseExtension(cmd, body);
    if (!parsed.ok) return parsed.reply;
    if (!secure) {
      if (parsed.request.cmd !== 'KEY') return errorReply('bad-request', `${cmd} is sent on the encrypted port`);
      return keyAnswer(this.deps.security!.identity, this.deps.secureEndpoints());
    }
    try {
      if (parsed.request.cmd === 'RESUME') return this.deps.desk.resume(channel, parsed.request);
      return this.deps.gate.handle(channel.peer.key, parsed.request);
    } catch (err) {
      if (err instanceof ProtocolError) return errorReply(err.code, err.detail);
      throw err;
    }
  }

  /** `dataBytes`: the data frame's size (its bytes are kept only up to the chunk limit). */
  private chunk(channel: ReplyChannel, request: Extract<Request, { cmd: 'CHUNK' }>, dataBytes: number): { reply: Promise<Reply>; answered: () => void } {
    const transfer = this.deps.desk.own(channel, request.name);
    const checksum = checkChunk(request, dataBytes, transfer, this.deps.limits);
    const { offset, data } = request;
    // A resumable transfer keeps each chunk's crc32 for the sender to check when it resumes.
    const crc = transfer.resumable ? (checksum.algo === 'crc32' ? checksum.hex : digestHex('crc32', data)) : undefined;
    const { reply, range } = transfer.write(data, offset, crc);
    if (transfer.wireBatch) this.deps.gate?.touch(transfer.wireBatch);
    this.deps.moved(transfer);
    return { reply, answered: () => transfer.settle(range) };
  }
}
