// What the process cost, for scripts and benchmarks: peak memory of the whole
// process (the engine's worker included) and how long the host's event loop
// was ever kept waiting.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

export function resourceStats(): { peakRssBytes: number; loopDelayP99Ms: number; loopDelayMaxMs: number; cpuSeconds: number } {
  const cpu = process.cpuUsage();
  return {
    // The whole process: the engine's worker threads included.
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1e3) / 1e3,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    loopDelayP99Ms: Math.round(loopDelay.percentile(99) / 1e4) / 100,
    loopDelayMaxMs: Math.round(loopDelay.max / 1e4) / 100,
  };
}
