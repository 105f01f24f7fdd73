// The host's event-loop delay as the CLI's --json summary and the browser
// shell report it: the lateness of the sampling timer, not its interval.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { LoopDelayMonitor } from '../../electron/host/loopDelay.js';
import { busyWait } from '../support/busyWait.js';

test('an idle loop reads as almost no delay, and a loop held for 120 ms as about that', async () => {
  const monitor = new LoopDelayMonitor();
  try {
    await sleep(300);
    const idle = monitor.report();
    assert.ok(idle.samples >= 10, `${idle.samples} samples`);
    // Node's histogram holds the whole interval between samples (10 ms when
    // idle): counted in, no sample could read under 10 ms, however quiet the
    // machine; left out, the median reads its lateness alone.
    assert.ok(idle.p50Ms < 10, `idle p50 ${idle.p50Ms} ms`);
    monitor.reset();
    await sleep(50); // a sample after the reset: Node measures from one to the next
    busyWait(120); // holds the loop, as a long synchronous task would
    await sleep(50);
    const held = monitor.report();
    assert.ok(held.maxMs >= 100, `held for 120 ms, max ${held.maxMs} ms`);
  } finally {
    monitor.stop();
  }
});
