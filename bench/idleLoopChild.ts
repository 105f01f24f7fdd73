// bench/idleLoop.ts's process: does nothing but sample its loop, and says
// what it saw once its input ends.
import { LoopDelayMonitor } from '../electron/host/loopDelay.js';

const monitor = new LoopDelayMonitor();
process.stdin.resume();
process.stdin.on('end', () => process.stdout.write(JSON.stringify(monitor.report())));
