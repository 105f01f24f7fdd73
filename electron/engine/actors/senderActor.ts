// The host's handle on the sender actor.
import type { FileProgress, SendOptions, SendTrust } from '../../../shared/transfer.js';
import type { SendResult } from '../../../shared/ipc.js';
import type { SenderActorApi } from './api.js';
import { ActorClient, siblingModule } from './mailbox.js';
import type { SenderEvents, SenderMethods } from './senderWorker.js';

class SenderActor implements SenderActorApi {
  private readonly client = new ActorClient<SenderMethods, SenderEvents>(siblingModule(import.meta.url, 'senderWorker'));

  send(endpoint: string, paths: string[], options?: Partial<SendOptions>, trust?: SendTrust): Promise<SendResult> {
    return this.client.call('send', endpoint, paths, options, trust);
  }

  // Fire and forget; one that comes after the worker has shut down has nothing left to act on.
  cancel(fileId: string): void {
    this.client.call('cancel', fileId).catch(() => undefined);
  }

  retry(fileId: string): void {
    this.client.call('retry', fileId).catch(() => undefined);
  }

  files(): Promise<FileProgress[]> {
    return this.client.call('files');
  }

  idle(): Promise<void> {
    return this.client.call('idle');
  }

  onProgress(listener: (files: FileProgress[]) => void): () => void {
    return this.client.on('progress', listener);
  }

  close(): Promise<void> {
    return this.client.shutdown();
  }
}

export function createSenderActor(): SenderActorApi {
  return new SenderActor();
}
