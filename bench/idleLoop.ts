// An idle Node process beside the bench's transfers, with the CLI's own
// measure of event-loop delay: what this machine's scheduler alone cost a
// process's loop in the same seconds, the floor under the CLI figures. On
// two cores a transfer keeps both busy, and an idle process beside it waits
// for its turn as long as the CLI's own loop does (a cold 1 GiB send: 12.3
// ms for the idle process, 17.6 and 12.7 for the sender and the receiver).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { LoopDelayReport } from '../electron/host/loopDelay.js';

const CHILD = fileURLToPath(new URL('./idleLoopChild.ts', import.meta.url));

export interface IdleLoop {
  /** Starts watching a window of time; the function returned ends it and gives the delays in it. */
  window(): () => Promise<LoopDelayReport>;
  /** Ends the process (once, however often called); its delays over its whole life. */
  stop(): Promise<LoopDelayReport>;
}

const NOTHING: LoopDelayReport = { p50Ms: 0, p99Ms: 0, maxMs: 0, samples: 0 };

function parsedReport(line: string): { id: string; report: LoopDelayReport | null } | null {
  try {
    return JSON.parse(line) as { id: string; report: LoopDelayReport | null };
  } catch {
    return null;
  }
}

export function idleLoop(): IdleLoop {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = new Map<string, (report: LoopDelayReport | null) => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    // Its reports are JSON lines; anything else on its output (a runtime's warning) is none, not a crash of the bench.
    const said = parsedReport(line);
    if (!said) return;
    const { id, report } = said;
    waiting.get(id)?.(report);
    waiting.delete(id);
  });
  // A process that died takes no more lines.
  child.stdin!.on('error', () => undefined);
  // Once its output has ended nothing more will be said: whatever still waits hears nothing.
  let ended = false;
  const closed = once(child, 'close').then(() => {
    ended = true;
    for (const hear of waiting.values()) hear(null);
    waiting.clear();
  });
  const answer = (id: string) => new Promise<LoopDelayReport | null>((resolve) => (ended ? resolve(null) : waiting.set(id, resolve)));
  let windows = 0;
  let stopped: Promise<LoopDelayReport> | null = null;
  return {
    window() {
      const id = String(++windows);
      child.stdin!.write(`start ${id}\n`);
      return async () => {
        const report = answer(id);
        child.stdin!.write(`stop ${id}\n`);
        return (await report) ?? NOTHING;
      };
    },
    stop: () =>
      (stopped ??= (async () => {
        const whole = answer('whole');
        child.stdin!.end();
        await closed;
        const report = await whole;
        if (!report) throw new Error('the idle process ended without its report');
        return report;
      })()),
  };
}
