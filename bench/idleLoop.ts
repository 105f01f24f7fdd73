// An idle Node process beside the bench's transfers, with the CLI's own
// measure of event-loop delay: what this machine's scheduler alone cost a
// process's loop in the same minutes, the floor under the CLI figures.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { LoopDelayReport } from '../electron/host/loopDelay.js';

const CHILD = fileURLToPath(new URL('./idleLoopChild.ts', import.meta.url));

export interface IdleLoop {
  /** Ends the process (once, however often called); its delays over its whole life. */
  stop(): Promise<LoopDelayReport>;
}

export function idleLoop(): IdleLoop {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { stdio: ['pipe', 'pipe', 'inherit'] });
  let said = '';
  child.stdout!.on('data', (b: Buffer) => (said += b.toString()));
  let stopped: Promise<LoopDelayReport> | null = null;
  return {
    stop: () =>
      (stopped ??= (async () => {
        child.stdin!.end();
        if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
        return JSON.parse(said) as LoopDelayReport;
      })()),
  };
}
