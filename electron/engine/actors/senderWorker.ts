// The sender actor's thread.
import type { FileProgress, SendOptions, SendTrust } from '../../../shared/transfer.js';
import { senderSecurity } from '../trust/trustBooks.js';
import { Sender } from '../sender/sender.js';
import type { SendResult } from '../../../shared/ipc.js';
import { serveActor } from './mailbox.js';

const sender = new Sender((files) => emit('progress', files), senderSecurity);

const methods = {
  send(endpoint: string, paths: string[], options?: Partial<SendOptions>, trust?: SendTrust): Promise<SendResult> {
    return sender.send(endpoint, paths, options, trust);
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
