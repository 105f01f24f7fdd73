// The ZAP handler (ZeroMQ RFC 27) of the encrypted port: libzmq asks it,
// during each CURVE handshake, whether the client's public key may connect.
// Refused devices (blocked, or unknown where only known devices may send)
// never get past the handshake, so no request of theirs is ever read.
// It lives on the encrypted port's private context: ZAP is per context, and
// on the global one it would judge every CURVE socket of the process.
import * as zmq from 'zeromq';

export const ZAP_ENDPOINT = 'inproc://zeromq.zap.01';

/** Whether a client key may finish its handshake; a thrown error refuses. */
export type ZapVerdict = (publicKey: Buffer) => boolean | Promise<boolean>;

export class ZapHandler {
  private readonly socket: zmq.Router;
  private loop: Promise<void> = Promise.resolve();

  private constructor(
    context: zmq.Context,
    private readonly verdict: ZapVerdict,
  ) {
    this.socket = new zmq.Router({ context, linger: 0 });
  }

  /** Binds before any CURVE socket of the context binds: a handshake with no ZAP answer hangs. */
  static async open(context: zmq.Context, verdict: ZapVerdict): Promise<ZapHandler> {
    const handler = new ZapHandler(context, verdict);
    await handler.socket.bind(ZAP_ENDPOINT);
    handler.loop = handler.serve();
    return handler;
  }

  close(): Promise<void> {
    this.socket.close();
    return this.loop;
  }

  private async serve(): Promise<void> {
    try {
      for await (const request of this.socket) void this.answer(request);
    } catch {
      // closed
    }
  }

  /** [routing id, '', version, request id, domain, address, identity, mechanism, credentials…] */
  private async answer(request: Buffer[]): Promise<void> {
    const [route, , version, requestId, , , , mechanism, key] = request;
    if (!route || !requestId) return;
    let allowed = false;
    try {
      allowed = version?.toString() === '1.0' && mechanism?.toString() === 'CURVE' && key?.length === 32 && (await this.verdict(key));
    } catch {
      allowed = false;
    }
    const [status, text] = allowed ? ['200', 'OK'] : ['400', 'not allowed to send here'];
    await this.socket.send([route, '', '1.0', requestId, status, text, '', '']).catch(() => undefined);
  }
}
