// bench/idleLoop.ts's process: does nothing but sample its loop. A line
// `start ID` begins a window, `stop ID` ends it and says what the loop saw
// in it; once its input ends it says what it saw over its whole life.
import { createInterface } from 'node:readline';
import { LoopDelayMonitor } from '../electron/host/loopDelay.js';

const whole = new LoopDelayMonitor();
const windows = new Map<string, LoopDelayMonitor>();
const say = (id: string, monitor: LoopDelayMonitor | undefined) => process.stdout.write(`${JSON.stringify({ id, report: monitor?.report() ?? null })}\n`);

createInterface({ input: process.stdin })
  .on('line', (line) => {
    const [verb, id = ''] = line.split(' ');
    if (verb === 'start') windows.set(id, new LoopDelayMonitor());
    if (verb !== 'stop') return;
    const monitor = windows.get(id);
    windows.delete(id);
    say(id, monitor);
    monitor?.stop();
  })
  .on('close', () => say('whole', whole));
