// A receiver played by the test: a ROUTER that answers each request with
// what the test says, one request at a time and in order (as PROTOCOL.md §3
// asks of a receiver), so a test can be an exactly hostile or an exactly
// slow receiver without relying on timing.
import { after } from 'node:test';
import * as zmq from 'zeromq';
import type { Frame } from './rawPeer.js';

/** The reply frames (READY, or ERROR and its text) for one request's frames. */
export type Answer = (request: Buffer[]) => Frame[] | Promise<Frame[]>;

const running: ScriptedReceiver[] = [];
after(() => {
  for (const receiver of running.splice(0)) receiver.close();
});

export class ScriptedReceiver {
  /** Every request so far, in the order it came. */
  readonly requests: Buffer[][] = [];

  private constructor(
    private readonly socket: zmq.Router,
    readonly endpoint: string,
    private readonly answer: Answer,
  ) {}

  static async start(answer: Answer): Promise<ScriptedReceiver> {
    const socket = new zmq.Router({ linger: 0 });
    await socket.bind('tcp://127.0.0.1:0');
    const receiver = new ScriptedReceiver(socket, socket.lastEndpoint!, answer);
    running.push(receiver);
    void receiver.serve();
    return receiver;
  }

  close(): void {
    this.socket.close();
  }

  private async serve(): Promise<void> {
    try {
      for await (const [id, ...request] of this.socket) {
        this.requests.push(request);
        await this.socket.send([id!, ...(await this.answer(request))]);
      }
    } catch {
      // The socket was closed.
    }
  }
}

/** The command and file name of a request, as text. */
export function commandOf(request: Buffer[]): [string, string] {
  return [request[0]?.toString('utf8') ?? '', request[1]?.toString('utf8') ?? ''];
}
