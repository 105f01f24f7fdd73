// What every part of the bench shares: where it writes, how many rounds it
// runs, the table it adds rows to, and every ZeroDrop transfer's event-loop
// delay (the target holds for each transfer, so each one is kept).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LOOPBACK, startReceiver, transfer, type Place, type Receiver, type Sent, type TransferRun } from './cliRuns.js';
import type { IdleLoop } from './idleLoop.js';
import type { Table } from './rounds.js';

const MiB = 1024 * 1024;

export interface Bench {
  work: string;
  /** A folder on tmpfs, or null where there is none. */
  shm: string | null;
  runs: number;
  table: Table;
  /** An idle Node process beside every transfer: the machine's own share of a loop's delay. */
  idle: IdleLoop;
  /** The host event loop's p99 in every ZeroDrop process the bench ran, in ms, the idle process's in the same seconds, and which process it was. */
  loops: LoopNote[];
}

export interface LoopNote {
  ms: number;
  idleMs: number;
  what: string;
}

/**
 * Runs a transfer while the idle process watches its loop over the same
 * seconds, and notes the event-loop delay of the transfer's sides against
 * it; `what` names the transfer.
 */
export async function noted<R extends Sent | TransferRun>(bench: Bench, what: string, work: () => Promise<R>): Promise<R> {
  const stop = bench.idle.window();
  const run = await work().catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  const idleMs = (await stop()).p99Ms;
  bench.loops.push({ ms: run.sender.loopP99, idleMs, what: `${what}, sender` });
  if ('receiver' in run) bench.loops.push({ ms: run.receiver.loopP99, idleMs, what: `${what}, receiver` });
  return run;
}

/** A receiver left running for several sends, its loop delay noted when it stops against the idle process's over its whole life. */
export async function notedReceiver(bench: Bench, destDir: string, what: string, place: Place = LOOPBACK): Promise<Receiver> {
  const stop = bench.idle.window();
  const receiver = await startReceiver(destDir, place).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return {
    endpoint: receiver.endpoint,
    stop: async () => {
      const side = await receiver.stop();
      bench.loops.push({ ms: side.loopP99, idleMs: (await stop()).p99Ms, what: `${what}, receiver` });
      return side;
    },
  };
}

/** A transfer between two new CLIs, its loop delays noted. */
export function zerodrop(bench: Bench, paths: string[], destDir: string, from: Place = LOOPBACK, to: Place = LOOPBACK): Promise<TransferRun> {
  return noted(bench, `${path.basename(paths[0]!)} → ${path.basename(destDir)}`, () => transfer(paths, destDir, from, to));
}

/** A new place under `work`/out for each run: nothing written is deleted before the end (see run.ts). */
export function outPath(bench: Bench, what: string, round: number): string {
  return path.join(bench.work, 'out', `${what}-${round}`);
}

/** Reads `file` through, so that it is in the page cache. */
export async function cached(file: string): Promise<string> {
  const handle = await fs.open(file, 'r');
  const buffer = Buffer.allocUnsafe(4 * MiB);
  try {
    for (let offset = 0; (await handle.read(buffer, 0, buffer.length, offset)).bytesRead > 0; offset += buffer.length);
  } finally {
    await handle.close();
  }
  return file;
}

/** A move into a tmpfs folder, which goes once it is done: RAM holds it. */
export async function intoTmpfs<T>(dir: string, move: (dir: string) => Promise<T>): Promise<T> {
  try {
    return await move(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export const sizeText = (bytes: number) => (bytes % (1024 * MiB) === 0 ? `${bytes / (1024 * MiB)} GiB` : `${bytes / MiB} MiB`);
