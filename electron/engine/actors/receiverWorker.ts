// The receiver actor's thread.
import { DEFAULT_PORT } from '../../../shared/protocol.js';
import type { FileProgress, PartialListing, ReceiverStatus } from '../../../shared/transfer.js';
import type { BatchOffer, ConsentDecision } from '../../../shared/trust.js';
import { Receiver, type ReceiverSecurity } from '../receiver/receiver.js';
import { loadOrCreateIdentity } from '../trust/deviceIdentity.js';
import { deviceBook } from '../trust/trustBooks.js';
import { TrustStore } from '../trust/trustStore.js';
import { LatestWins } from '../util/serial.js';
import type { ReceiverOptions } from './api.js';
import { serveActor } from './mailbox.js';

let receiver: Receiver | null = null;
const DEFAULT_ASK_MS = 60_000;
/**
 * Starting and stopping bind and unbind a socket and take and release the
 * folder's lock, so they never overlap: two windows starting a receiver at
 * once would otherwise both bind, and one receiver would be left with no
 * owner. Here, for every caller (host, CLI, tests); the last request wins.
 */
const changes = new LatestWins<ReceiverStatus>();

/** Questions to the receiving person waiting for an answer, by batch. */
const asking = new Map<string, (decision: ConsentDecision) => void>();

function status(error?: string): ReceiverStatus {
  const encryption = receiver?.encryption;
  return {
    listening: receiver !== null,
    dir: receiver?.root ?? null,
    endpoints: receiver?.boundEndpoints ?? [],
    addresses: receiver?.addresses ?? [],
    ...(encryption ? { encryption } : {}),
    ...(error ? { error } : {}),
  };
}

/** Asks the host (which asks the person) and waits; a withdrawn question is declined. */
function ask(offer: BatchOffer, signal: AbortSignal): Promise<ConsentDecision> {
  return new Promise((resolve) => {
    asking.set(offer.batch, resolve);
    signal.addEventListener('abort', () => {
      asking.delete(offer.batch);
      emit('askEnded', offer.batch);
      resolve('decline');
    });
    emit('ask', offer);
  });
}

async function securityOf(options: ReceiverOptions): Promise<ReceiverSecurity | undefined> {
  const wanted = options.security;
  if (!wanted) return undefined;
  const identity = await loadOrCreateIdentity(wanted.configDir);
  const book = deviceBook(await TrustStore.open(wanted.configDir));
  return { identity, book, ask, accept: wanted.accept, acceptPlain: wanted.acceptPlain, askTimeoutMs: wanted.askTimeoutMs ?? DEFAULT_ASK_MS, partials: wanted.partials };
}

async function startNow(options: ReceiverOptions): Promise<ReceiverStatus> {
  await stopNow();
  const candidate = new Receiver({
    dir: options.dir,
    bind: options.bind ?? [`tcp://*:${DEFAULT_PORT}`],
    limits: options.limits ?? {},
    onProgress: (files) => emit('progress', files),
    security: await securityOf(options),
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
  answer(batch: string, decision: ConsentDecision): void {
    const resolve = asking.get(batch);
    asking.delete(batch);
    resolve?.(decision);
  },
  partials(): Promise<PartialListing[]> {
    return receiver?.keptPartials() ?? Promise.resolve([]);
  },
  discardPartial(id: string): Promise<boolean> {
    return receiver?.discardPartial(id) ?? Promise.resolve(false);
  },
  cancel(fileId: string): boolean {
    return receiver?.cancel(fileId) ?? false;
  },
};

export type ReceiverMethods = typeof methods;
export type ReceiverEvents = { progress: FileProgress[]; status: ReceiverStatus; ask: BatchOffer; askEnded: string };

// Shutting down is one more stop, queued behind (or superseding) the rest.
const emit = serveActor<ReceiverMethods, ReceiverEvents>(methods, async () => void (await methods.stop()));
