// The host process's event-loop delay, so that an operator (the browser
// shell's report, the CLI's --json summary) and the bench can see that
// transfers never stall the process serving the UI or the terminal.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface LoopDelayReport {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  samples: number;
}

const RESOLUTION_MS = 10;

export class LoopDelayMonitor {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });

  constructor() {
    this.histogram.enable();
  }

  /** The delays since the last reset. */
  report(): LoopDelayReport {
    // Node measures from one sampling timer to the next, so an idle loop
    // reads as the sampling interval: that part is not delay.
    const ms = (ns: number) => Math.max(0, Math.round(ns / 1e4 - RESOLUTION_MS * 100) / 100);
    const h = this.histogram;
    return { p50Ms: ms(h.percentile(50)), p99Ms: ms(h.percentile(99)), maxMs: ms(h.max), samples: h.count };
  }

  reset(): void {
    this.histogram.reset();
  }

  stop(): void {
    this.histogram.disable();
  }
}
