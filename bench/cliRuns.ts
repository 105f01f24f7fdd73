// ZeroDrop's real CLI as the bench runs it: a receiver and a sender, each in
// its own process, reporting what they cost through their --json events.
// Plain v1 (--plain): the engine's figures are for the protocol itself; the
// encrypted path has its own rows (trustBench.ts).
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ZERODROP_BIN = fileURLToPath(new URL('../bin/zerodrop.js', import.meta.url));
let nextPort = 17_000 + Math.floor(Math.random() * 1000);

/** A port no earlier run of this bench used. */
export function freshPort(): number {
  return nextPort++;
}

interface SideEvent {
  event: string;
  status?: string;
  startedAt?: number;
  updatedAt?: number;
  peakRssBytes?: number;
  cpuSeconds?: number;
  loopDelayP99Ms?: number;
  failed?: number;
}

/** Where a side runs: this machine's network, or a network namespace (bench/link.ts). */
export interface Place {
  netns?: string;
  host: string;
}

export const LOOPBACK: Place = { host: '127.0.0.1' };

/** A CLI process; the end of what it says on stderr is kept in `said`, for an error that says why. */
function cli(place: Place, args: string[], said: { tail: string }, nodeArgs: string[] = []): ReturnType<typeof spawn> {
  const command = [process.execPath, ...nodeArgs, ZERODROP_BIN, ...args];
  const [file, ...rest] = place.netns ? ['ip', 'netns', 'exec', place.netns, ...command] : command;
  const child = spawn(file!, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.on('data', (b: Buffer) => (said.tail = (said.tail + b.toString()).slice(-1000)));
  return child;
}

function jsonLines(stream: NodeJS.ReadableStream, into: SideEvent[]): void {
  createInterface({ input: stream }).on('line', (line) => into.push(JSON.parse(line) as SideEvent));
}

export interface Side {
  rss: number;
  /** CPU time of the whole process, start-up included. */
  cpu: number;
  loopP99: number;
}

const sideOf = (event: SideEvent): Side => ({ rss: event.peakRssBytes!, cpu: event.cpuSeconds!, loopP99: event.loopDelayP99Ms! });

export interface Receiver {
  endpoint: string;
  /** Stops it (as Ctrl+C would) and returns what it cost. */
  stop(): Promise<Side>;
}

export async function startReceiver(destDir: string, place: Place = LOOPBACK): Promise<Receiver> {
  await fs.mkdir(destDir, { recursive: true });
  // Other programs on this machine may hold a port the bench picks: the next one is tried.
  for (let attempt = 0; ; attempt++) {
    const endpoint = `tcp://${place.host}:${freshPort()}`;
    const events: SideEvent[] = [];
    const said = { tail: '' };
    const child = cli(place, ['receive', '--dir', destDir, '--bind', endpoint, '--json', '--plain'], said);
    const exited = once(child, 'exit');
    jsonLines(child.stdout!, events);
    while (!events.some((e) => e.event === 'listening') && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 20));
    if (child.exitCode !== null) {
      if (attempt < 5 && /in use/i.test(said.tail)) continue;
      throw new Error(`the receiver exited with ${child.exitCode}: ${said.tail.trim()}`);
    }
    return {
      endpoint,
      async stop() {
        child.kill('SIGINT');
        await exited;
        const stopped = events.find((e) => e.event === 'stopped');
        if (!stopped) throw new Error(`the receiver did not stop cleanly: ${said.tail.trim()}`);
        return sideOf(stopped);
      },
    };
  }
}

export interface Sent {
  /** From the first file's start to the last file's end. */
  seconds: number;
  sender: Side;
}

/** Sends with a new sender CLI; `nodeArgs` go to its Node (a measure, not how ZeroDrop runs). */
export async function send(endpoint: string, paths: string[], place: Place = LOOPBACK, nodeArgs: string[] = []): Promise<Sent> {
  const events: SideEvent[] = [];
  const said = { tail: '' };
  const sender = cli(place, ['send', endpoint, ...paths, '--json', '--plain'], said, nodeArgs);
  jsonLines(sender.stdout!, events);
  await once(sender, 'exit');
  const summary = events.find((e) => e.event === 'summary');
  if (!summary || summary.failed !== 0) throw new Error(`the transfer failed: ${JSON.stringify(events.slice(-3))} ${said.tail.trim()}`);
  const done = events.filter((e) => e.status === 'done');
  return { seconds: (Math.max(...done.map((e) => e.updatedAt!)) - Math.min(...done.map((e) => e.startedAt!))) / 1000, sender: sideOf(summary) };
}

export interface TransferRun extends Sent {
  receiver: Side;
}

/** One transfer between two new CLIs. */
export async function transfer(paths: string[], destDir: string, from: Place = LOOPBACK, to: Place = LOOPBACK): Promise<TransferRun> {
  const receiver = await startReceiver(destDir, to);
  const sent = await send(receiver.endpoint, paths, from);
  return { ...sent, receiver: await receiver.stop() };
}

/** What each CLI costs with nothing to move: started, one empty file sent, stopped. */
export async function startUpCpu(work: string): Promise<{ sender: number; receiver: number }> {
  const empty = path.join(work, 'empty-file');
  await fs.writeFile(empty, '');
  const run = await transfer([empty], path.join(work, 'start-up', String(nextPort)));
  return { sender: run.sender.cpu, receiver: run.receiver.cpu };
}

/**
 * What the runtime alone costs one side: a Node process that starts a worker
 * thread doing nothing and exits, measured as the CLI measures itself
 * (process.cpuUsage, all threads). A CLI is that and its code.
 */
export async function runtimeCpu(): Promise<number> {
  const program =
    "const { Worker } = require('node:worker_threads'); new Worker('0', { eval: true }).on('exit', () => { const u = process.cpuUsage(); console.log((u.user + u.system) / 1e6); });";
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', program]);
  return Number(stdout.trim());
}
