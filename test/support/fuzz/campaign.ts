// A fuzzing run: many identities at once against one receiver, each with its
// own seeded script. Raw ZMTP peers claim routing ids — libzmq-style
// generated ones (0x00 + a counter from 0x6b8b4567), random ones, one
// claimed twice, none — beside plain libzmq DEALERs and REQs.
import type { Ledger } from './ledger.js';
import { Rng } from './random.js';
import { script } from './script.js';
import type { Step } from './steps.js';
import { ZmqPeer } from './zmqPeer.js';
import { ZmtpPeer } from './zmtpPeer.js';

export type PeerKind = 'reader' | 'trickler' | 'flood' | 'garbage' | 'dealer' | 'req';

/** The mix of identities, repeated: most read and must be answered exactly. */
const KINDS: PeerKind[] = ['reader', 'dealer', 'reader', 'trickler', 'flood', 'req', 'garbage', 'reader', 'dealer', 'garbage'];

/** The first routing id libzmq generates in every process: 0x00 + glibc's first rand(). */
const LIBZMQ_FIRST_ID = 0x6b8b4567;

export interface FuzzOptions {
  seed: number;
  endpoint: string;
  /** Messages in all, spread over the identities. */
  messages: number;
  identities: number;
  /** Where what is seen goes. */
  ledger: Ledger;
}

export interface FuzzRun {
  kinds: Map<PeerKind, number>;
  /** Closes every connection (left open so that their transfers idle out). */
  close(): void;
}

function libzmqId(n: number): Buffer {
  const id = Buffer.alloc(5);
  id.writeUInt32BE((LIBZMQ_FIRST_ID + n) >>> 0, 1);
  return id;
}

/** The routing id identity `i` claims: libzmq's next ones, random bytes, the previous one's again, none. */
function claimOf(i: number, rng: Rng, previous: Buffer | null): Buffer | null {
  switch (i % 5) {
    case 0:
      return libzmqId(Math.floor(i / 5) % 8);
    case 1:
      return rng.bytes(rng.between(1, 255));
    case 2:
      return previous;
    case 3:
      return null;
    default:
      return Buffer.concat([Buffer.from([0]), rng.bytes(4)]);
  }
}

interface Runner {
  run(steps: Iterable<Step>): Promise<void>;
  close(): void;
}

export async function fuzz(options: FuzzOptions): Promise<FuzzRun> {
  const root = new Rng(options.seed);
  const { ledger } = options;
  const kinds = new Map<PeerKind, number>();
  const runners: Runner[] = [];
  const runs: Array<Promise<void>> = [];
  const perIdentity = Math.ceil(options.messages / options.identities);
  let claim: Buffer | null = null;
  for (let id = 0; id < options.identities; id++) {
    const rng = root.fork(id);
    const kind = KINDS[id % KINDS.length]!;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    claim = claimOf(id, rng, claim);
    const who = `identity ${id} (${kind}${claim ? `, claiming 0x${claim.toString('hex').slice(0, 16)}` : ''})`;
    const window = kind === 'flood' ? 0 : rng.between(1, kind === 'reader' || kind === 'dealer' ? 16 : 4);
    const zmtp = kind !== 'dealer' && kind !== 'req';
    const runner: Runner = zmtp
      ? new ZmtpPeer({ who, endpoint: options.endpoint, claim, window, ledger, rng: rng.fork(1) })
      : new ZmqPeer({ who, endpoint: options.endpoint, type: kind as 'dealer' | 'req', routingId: id % 4 === 1 ? `peer-${id % 3}` : null, window, ledger });
    const steps = script(rng, { id, steps: perIdentity, raw: kind === 'garbage', trickle: kind === 'trickler', envelopes: kind !== 'req' });
    runners.push(runner);
    runs.push(runner.run(steps).catch((err: unknown) => ledger.problem(`${who} failed: ${(err as Error).stack ?? String(err)}`)));
  }
  await Promise.all(runs);
  return { kinds, close: () => runners.forEach((r) => r.close()) };
}
