// The receiver actor's thread.
import { DEFAULT_PORT } from '../../../shared/protocol.js';
import type { FileProgress, ReceiverStatus } from '../../../shared/transfer.js';
import { Receiver } from '../receiver/receiver.js';
import type { ReceiverOptions } from './api.js';
import { serveActor } from './mailbox.js';

let receiver: Receiver | null = null;

function status(error?: string): ReceiverStatus {
  return {
    listening: receiver !== null,
    dir: receiver?.root ?? null,
    endpoints: receiver?.boundEndpoints ?? [],
    addresses: receiver?.addresses ?? [],
    ...(error ? { error } : {}),
  };
}

const methods = {
  async start(options: ReceiverOptions): Promise<ReceiverStatus> {
    await methods.stop();
    const candidate = new Receiver({
      dir: options.dir,
      bind: options.bind ?? [`tcp://*:${DEFAULT_PORT}`],
      limits: options.limits ?? {},
      onProgress: (files) => emit('progress', files),
    });
    try {
      await candidate.start();
    } catch (err) {
      const failed = status((err as Error).message);
      emit('status', failed);
      throw err;
    }
    receiver = candidate;
    const started = status();
    emit('status', started);
    return started;
  },
  async stop(): Promise<ReceiverStatus> {
    const current = receiver;
    receiver = null;
    await current?.stop();
    const stopped = status();
    if (current) emit('status', stopped);
    return stopped;
  },
  files(): FileProgress[] {
    return receiver?.files() ?? [];
  },
};

export type ReceiverMethods = typeof methods;
export type ReceiverEvents = { progress: FileProgress[]; status: ReceiverStatus };

// Shutting down is a stop: the socket is closed and the folder released.
const emit = serveActor<ReceiverMethods, ReceiverEvents>(methods, async () => void (await methods.stop()));
