// The host's handle on the receiver actor.
import type { FileProgress, PartialListing, ReceiverStatus } from '../../../shared/transfer.js';
import type { BatchOffer, ConsentDecision } from '../../../shared/trust.js';
import type { ReceiverActorApi, ReceiverOptions } from './api.js';
import { ActorClient, siblingModule } from './mailbox.js';
import type { ReceiverEvents, ReceiverMethods } from './receiverWorker.js';

const STOPPED: ReceiverStatus = { listening: false, dir: null, endpoints: [], addresses: [] };

class ReceiverActor implements ReceiverActorApi {
  private readonly client = new ActorClient<ReceiverMethods, ReceiverEvents>(siblingModule(import.meta.url, 'receiverWorker'));
  private current: ReceiverStatus = STOPPED;

  constructor() {
    this.client.on('status', (status) => (this.current = status));
  }

  async start(options: ReceiverOptions): Promise<ReceiverStatus> {
    return (this.current = await this.client.call('start', options));
  }

  async stop(): Promise<ReceiverStatus> {
    return (this.current = await this.client.call('stop'));
  }

  status(): ReceiverStatus {
    return this.current;
  }

  files(): Promise<FileProgress[]> {
    return this.client.call('files');
  }

  partials(): Promise<PartialListing[]> {
    return this.client.call('partials');
  }

  discardPartial(id: string): Promise<boolean> {
    return this.client.call('discardPartial', id);
  }

  cancel(fileId: string): Promise<boolean> {
    return this.client.call('cancel', fileId);
  }

  onProgress(listener: (files: FileProgress[]) => void): () => void {
    return this.client.on('progress', listener);
  }

  onStatus(listener: (status: ReceiverStatus) => void): () => void {
    return this.client.on('status', listener);
  }

  onAsk(listener: (offer: BatchOffer) => void): () => void {
    return this.client.on('ask', listener);
  }

  onAskEnded(listener: (batch: string) => void): () => void {
    return this.client.on('askEnded', listener);
  }

  answer(batch: string, decision: ConsentDecision): void {
    this.client.call('answer', batch, decision).catch(() => undefined);
  }

  close(): Promise<void> {
    return this.client.shutdown();
  }
}

export function createReceiverActor(): ReceiverActorApi {
  return new ReceiverActor();
}
