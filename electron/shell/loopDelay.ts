// The host process's event-loop delay, so that an operator (and the e2e
// suite) can see that transfers never stall the process serving the UI.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface LoopDelayReport {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  samples: number;
}

export class LoopDelayMonitor {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });

  constructor() {
    this.histogram.enable();
  }

  /** The delays since the last reset. */
  report(): LoopDelayReport {
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
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
