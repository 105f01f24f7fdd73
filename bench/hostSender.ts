// A sender as the desktop app runs it: one long-lived host (hostSenderChild.ts)
// that sends batch after batch, where the CLI is a new process per batch
// and its optimizing compiler starts cold each time.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Sent } from './cliRuns.js';

const CHILD = fileURLToPath(new URL('./hostSenderChild.ts', import.meta.url));

export interface HostSender {
  send(endpoint: string, folder: string): Promise<Sent>;
  close(): Promise<void>;
}

export async function startHostSender(): Promise<HostSender> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const line = await lines.next();
    if (line.done) throw new Error(`the host sender exited with ${child.exitCode}`);
    return line.value as string;
  };
  if ((await next()) !== 'ready') throw new Error('the host sender did not start');
  return {
    async send(endpoint, folder) {
      child.stdin!.write(`${JSON.stringify({ endpoint, path: folder })}\n`);
      const line = await next();
      const run = JSON.parse(line) as { seconds: number | null; failed: number; cpuSeconds: number; peakRssBytes: number; loopP99: number };
      if (run.failed !== 0 || run.seconds === null) throw new Error(`the host sender's batch failed: ${line}`);
      return { seconds: run.seconds!, sender: { cpu: run.cpuSeconds, rss: run.peakRssBytes, loopP99: run.loopP99 } };
    },
    async close() {
      child.stdin!.end();
      await exited;
    },
  };
}
