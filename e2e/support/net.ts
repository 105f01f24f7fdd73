// Loopback ports and a bare ZeroMQ sender, for the receiving side of specs.
import * as zmq from 'zeromq';

export { freePort, freeReceiverPort } from '../../test/support/ports.js';

/**
 * A foreign sender that opens a transfer (HELLO) and keeps it open, so that
 * its name is "in transit" for as long as a spec needs.
 */
export class HeldTransfer {
  private readonly socket = new zmq.Dealer({ linger: 0, receiveTimeout: 10_000 });

  private constructor(endpoint: string) {
    this.socket.connect(endpoint);
  }

  static async open(endpoint: string, name: string): Promise<HeldTransfer> {
    const held = new HeldTransfer(endpoint);
    const reply = await held.request('HELLO', name);
    if (reply[0] !== 'READY') throw new Error(`HELLO ${name} was refused: ${reply.join(' ')}`);
    return held;
  }

  /** Ends the transfer with an empty file (CLOSE 0) and disconnects. */
  async closeEmpty(name: string): Promise<string[]> {
    const reply = await this.request('CLOSE', name, '0');
    this.socket.close();
    return reply;
  }

  private async request(...frames: string[]): Promise<string[]> {
    await this.socket.send(frames);
    return (await this.socket.receive()).map((frame) => frame.toString('utf8'));
  }
}
