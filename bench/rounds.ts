// Interleaved rounds and how their figures are reported. This machine's disk
// and CPU drift by several times within minutes (other work shares them), so
// every comparison is made within one round, rounds interleave the things
// compared, and a figure is reported as its median with its spread.
import { execFileSync } from 'node:child_process';

/**
 * Runs `steps` in order, `runs` times; returns each step's results, round by
 * round. `alternate`: every other round runs the steps after the first in
 * reverse, so that none of those always follows the same one (the first is
 * the ceiling, measured first in every round).
 */
export async function interleaved<Steps extends Record<string, (round: number) => Promise<unknown>>>(
  label: string,
  runs: number,
  steps: Steps,
  show: (results: { [K in keyof Steps]: Awaited<ReturnType<Steps[K]>> }) => string,
  alternate = false,
): Promise<Array<{ [K in keyof Steps]: Awaited<ReturnType<Steps[K]>> }>> {
  const rounds: Array<{ [K in keyof Steps]: Awaited<ReturnType<Steps[K]>> }> = [];
  const inOrder = Object.entries(steps) as Array<[keyof Steps, Steps[keyof Steps]]>;
  const reversed = [inOrder[0]!, ...inOrder.slice(1).reverse()];
  for (let i = 0; i < runs; i++) {
    const results = {} as { [K in keyof Steps]: Awaited<ReturnType<Steps[K]>> };
    for (const [name, step] of alternate && i % 2 === 1 ? reversed : inOrder) {
      // What an earlier step wrote is not left for this one's fsyncs.
      execFileSync('sync');
      results[name] = (await step(i)) as Awaited<ReturnType<Steps[typeof name]>>;
    }
    process.stderr.write(`  ${label} round ${i + 1}: ${show(results)}\n`);
    rounds.push(results);
  }
  return rounds;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** `median (min–max)` of `values` shown by `format`. */
export function spread(values: number[], format: (value: number) => string): string {
  if (values.length === 1) return format(values[0]!);
  return `${format(median(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})`;
}

export const mbps = (bytes: number, seconds: number) => bytes / seconds / 1e6;
export const mbText = (mbPerSecond: number) => `${mbPerSecond.toFixed(0)} MB/s`;
export const times = (ratio: number) => `${ratio.toFixed(2)}×`;
export const seconds = (value: number) => value.toFixed(2);

export class Table {
  private readonly rows: string[][] = [];

  /** One figure: what, ZeroDrop's value, its ceiling, the ratio, the target, and whether it is met (null: not judged). */
  row(what: string, value: string, ceiling: string, ratio: string, target: string, pass: boolean | null): void {
    this.rows.push([what, value, ceiling, ratio, target, pass === null ? '' : pass ? '✓' : '✗']);
  }

  print(title: string): void {
    const head = ['what', 'ZeroDrop', 'ceiling (same run)', 'ratio', 'target', ''];
    const all = [head, ...this.rows];
    const widths = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
    console.log(`\n${title}`);
    for (const r of all) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
  }
}
