// What the process cost, for scripts and benchmarks: peak memory of the whole
// process (the engine's worker included) and how long the host's event loop
// was ever kept waiting while the command worked.
import { LoopDelayMonitor } from '../host/loopDelay.js';

let loopDelay: LoopDelayMonitor | null = null;

/**
 * Watches the event loop from now on: called as a command begins its work.
 * Loading the command's code before that holds the loop for tens of
 * milliseconds, before anything is sent or received.
 */
export function watchLoop(): void {
  loopDelay ??= new LoopDelayMonitor();
}

export function resourceStats(): { peakRssBytes: number; loopDelayP99Ms: number; loopDelayMaxMs: number; cpuSeconds: number } {
  const cpu = process.cpuUsage();
  const delay = loopDelay?.report() ?? { p99Ms: 0, maxMs: 0 };
  return {
    // The whole process: the engine's worker threads included.
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1e3) / 1e3,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    // Beyond the sampling interval, which Node counts in: an idle loop reads 0 here, not 10 ms.
    loopDelayP99Ms: delay.p99Ms,
    loopDelayMaxMs: delay.maxMs,
  };
}
