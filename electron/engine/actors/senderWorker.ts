// The sender actor's thread.
import type { FileProgress, SendOptions } from '../../../shared/transfer.js';
import { Sender } from '../sender/sender.js';
import type { SendResult } from '../../../shared/ipc.js';
import { serveActor } from './mailbox.js';

const sender = new Sender((files) => emit('progress', files));

const methods = {
  send(endpoint: string, paths: string[], options?: Partial<SendOptions>): Promise<SendResult> {
    return sender.send(endpoint, paths, options);
  },
  cancel(fileId: string): void {
    sender.cancel(fileId);
  },
  retry(fileId: string): void {
    sender.retry(fileId);
  },
  files(): FileProgress[] {
    return sender.files();
  },
  idle(): Promise<void> {
    return sender.idle();
  },
};

export type SenderMethods = typeof methods;
export type SenderEvents = { progress: FileProgress[] };

// Shutting down cancels what is in transit and closes every connection.
const emit = serveActor<SenderMethods, SenderEvents>(methods, () => sender.close());
