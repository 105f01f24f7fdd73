// The receiver actor's thread.
import { DEFAULT_PORT } from '../../../shared/protocol.js';
import type { FileProgress, ReceiverStatus } from '../../../shared/transfer.js';
import { Receiver } from '../receiver/receiver.js';
import { LatestWins } from '../util/serial.js';
import type { ReceiverOptions } from './api.js';
import { serveActor } from './mailbox.js';

let receiver: Receiver | null = null;
/**
 * Starting and stopping bind and unbind a socket and take and release the
 * folder's lock, so they never overlap: two windows starting a receiver at
 * once would otherwise both bind, and one receiver would be left with no
 * owner. Here, for every caller (host, CLI, tests); the last request wins.
 */
const changes = new LatestWins<ReceiverStatus>();

function status(error?: string): ReceiverStatus {
  return {
    listening: receiver !== null,
    dir: receiver?.root ?? null,
    endpoints: receiver?.boundEndpoints ?? [],
    addresses: receiver?.addresses ?? [],
    ...(error ? { error } : {}),
  };
}

async function startNow(options: ReceiverOptions): Promise<ReceiverStatus> {
  await stopNow();
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
}

async function stopNow(): Promise<ReceiverStatus> {
  const current = receiver;
  receiver = null;
  await current?.stop();
  const stopped = status();
  if (current) emit('status', stopped);
  return stopped;
}

const methods = {
  start(options: ReceiverOptions): Promise<ReceiverStatus> {
    return changes.request(() => startNow(options));
  },
  stop(): Promise<ReceiverStatus> {
    return changes.request(stopNow);
  },
  files(): FileProgress[] {
    return receiver?.files() ?? [];
  },
  cancel(fileId: string): boolean {
    return receiver?.cancel(fileId) ?? false;
  },
};

export type ReceiverMethods = typeof methods;
export type ReceiverEvents = { progress: FileProgress[]; status: ReceiverStatus };

// Shutting down is one more stop, queued behind (or superseding) the rest.
const emit = serveActor<ReceiverMethods, ReceiverEvents>(methods, async () => void (await methods.stop()));
