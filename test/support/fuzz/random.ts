// A small seeded generator (mulberry32): the same seed gives the same
// messages, so a failure found once can be replayed.
import { randomInt } from 'node:crypto';

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [low, high]. */
  between(low: number, high: number): number {
    return low + this.int(high - low + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** One of `choices`, each as likely as its weight. */
  weighted<T>(choices: ReadonlyArray<readonly [number, T]>): T {
    let left = this.next() * choices.reduce((sum, [w]) => sum + w, 0);
    for (const [weight, value] of choices) if ((left -= weight) < 0) return value;
    return choices.at(-1)![1];
  }

  bytes(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }

  /** An independent generator for part `index` of the run (one per identity). */
  fork(index: number): Rng {
    return new Rng(Math.imul(this.state ^ (index + 1), 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b));
  }

  /** Sizes spread over orders of magnitude: mostly small, sometimes up to `max`. */
  size(max: number): number {
    return Math.min(max, Math.floor(Math.exp(this.next() * Math.log(max + 1))));
  }
}

/** The run's seed: ZERODROP_FUZZ_SEED when set (to replay a run), else a new one. */
export function fuzzSeed(): number {
  const given = process.env.ZERODROP_FUZZ_SEED;
  if (given === undefined || given === '') return randomInt(2 ** 31);
  const seed = Number(given);
  if (!Number.isSafeInteger(seed)) throw new Error(`ZERODROP_FUZZ_SEED must be an integer, not ${JSON.stringify(given)}`);
  return seed;
}
