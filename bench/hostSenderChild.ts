// bench/hostSender.ts's process: the desktop app's sending path without a
// window. It opens a host from the build the app runs (dist/, tsc's output:
// the same modules and worker files as Electron's main process), then sends
// one batch per input line `{"endpoint":…,"path":…}` through the UI
// contract's `sender.send`, and answers each with what it cost, as a line of
// JSON. Its input ending closes the host.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { FileProgress } from '../shared/transfer.js';
import type { SendResult } from '../shared/ipc.js';
import { hasEnded } from '../shared/transfer.js';
import { LoopDelayMonitor } from '../electron/host/loopDelay.js';

type OpenHost = typeof import('../electron/host/openHost.js');
const { openHost } = (await import(new URL('../dist/electron/host/openHost.js', import.meta.url).href)) as OpenHost;

const configDir = await fs.mkdtemp(path.join(os.tmpdir(), 'zd-bench-host-'));
const host = await openHost(configDir, {
  shell: 'browser',
  pickFolder: async () => null,
  pickFiles: async () => null,
  openPath: async () => undefined,
  revealPath: async () => undefined,
});

/** Every file's last progress: a batch's may come before `sender.send` answers. */
const seen = new Map<string, FileProgress>();
let waiting: { ids: string[]; done: () => void } | null = null;
const check = () => {
  if (waiting && waiting.ids.every((id) => hasEnded(seen.get(id)?.status ?? 'queued'))) waiting.done();
};
host.events.listen((event, payload) => {
  if (event !== 'files.progress') return;
  for (const file of payload as FileProgress[]) seen.set(file.id, file);
  check();
});

async function sendBatch(endpoint: string, folder: string): Promise<object> {
  const loop = new LoopDelayMonitor();
  const cpuBefore = process.cpuUsage();
  const result = (await host.call('sender.send', [{ endpoint, plain: true, paths: [folder] }])) as SendResult;
  await new Promise<void>((resolve) => {
    waiting = { ids: result.fileIds, done: resolve };
    check();
  });
  waiting = null;
  const cpu = process.cpuUsage(cpuBefore);
  const report = loop.report();
  loop.stop();
  const files = result.fileIds.map((id) => seen.get(id)!);
  seen.clear();
  return {
    // No file sent at all is no time: the bench refuses the round.
    seconds: files.length === 0 ? null : (Math.max(...files.map((f) => f.updatedAt ?? 0)) - Math.min(...files.map((f) => f.startedAt ?? Infinity))) / 1000,
    failed: files.filter((f) => f.status !== 'done').length + result.skipped.length,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    loopP99: report.p99Ms,
  };
}

process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  const { endpoint, path: folder } = JSON.parse(line) as { endpoint: string; path: string };
  process.stdout.write(`${JSON.stringify(await sendBatch(endpoint, folder))}\n`);
}
await host.close();
await fs.rm(configDir, { recursive: true, force: true });
