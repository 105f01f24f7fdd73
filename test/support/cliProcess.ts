// The built `zerodrop` command as real processes: a receiver whose memory is
// read from /proc, a sender that reports in JSON. Free of node:test, for
// scripts too; a test calls stopAllCli() when it ends.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import './configHome.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = path.join(ROOT, 'bin/zerodrop.js');

const running = new Set<ChildProcess>();

/** Kills every CLI process still running, and waits until each has ended (a test's clean-up). */
export async function stopAllCli(): Promise<void> {
  const ended = [...running].map((child) => (child.exitCode === null && child.signalCode === null ? once(child, 'exit') : null));
  for (const child of running) child.kill('SIGKILL');
  await Promise.all(ended);
}

/** A process a test started around the CLI (a terminal running it): stopped with the CLI's own. */
export function trackCli(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Whether a source of the CLI (tsconfig.build.json) is newer than `built(itsPath)`, or that has none. */
function buildIsStale(dir: string, built: (rel: string) => string): boolean {
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (rel !== path.join('electron', 'preload') && buildIsStale(rel, built)) return true;
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')) {
      const file = path.join(ROOT, built(rel));
      if (!existsSync(file) || statSync(file).mtimeMs < statSync(path.join(ROOT, rel)).mtimeMs) return true;
    }
  }
  return false;
}

const run = (command: string, args: string[]) =>
  new Promise<void>((resolve, reject) => execFile(command, args, { cwd: ROOT }, (err) => (err ? reject(err) : resolve())));

let building: Promise<void> | null = null;

/**
 * Builds the CLI as `npm install` does (tsc, then the bundle that
 * bin/zerodrop.js runs), unless it is already up to date.
 */
export function buildCli(): Promise<void> {
  building ??= (async () => {
    const sources = ['electron', 'shared'];
    if (sources.some((dir) => buildIsStale(dir, (rel) => path.join('dist', rel.replace(/\.ts$/, '.js'))))) await run('npx', ['tsc', '-p', 'tsconfig.build.json']);
    if (sources.some((dir) => buildIsStale(dir, () => path.join('dist', 'electron', 'bundle', 'main.js')))) await run('npm', ['run', '--silent', 'build:cli']);
  })();
  return building;
}

/** A process's peak resident memory (VmHWM), in bytes, from /proc (Linux). */
export function peakMemoryBytes(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmHWM for process ${pid}`);
  return Number(match[1]) * 1024;
}

export interface CliReceiver {
  child: ChildProcess;
  endpoint: string;
  /** The first address it printed (carrying its key when encrypted). */
  address: string;
  /** Its stdout's JSON lines, when kept. */
  lines: string[];
  /** The end of what it wrote to stderr (a native abort says why there). */
  stderrTail(): string;
  /** Its peak memory so far (VmHWM). */
  peakMemoryBytes(): number;
  /** Whether it is still running. */
  readonly alive: boolean;
  /** Stops it as Ctrl+C does; resolves with how it exited. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface ReceiverProcessOptions {
  /** More arguments, e.g. ['--idle-ms', '2000']. */
  args?: string[];
  /** Keep stdout's lines (false for long runs: progress lines are only read, so the receiver never blocks on its pipe). */
  keepLines?: boolean;
  /** Give the receiver a standard input (to answer --accept ask). */
  stdin?: boolean;
}

const STDERR_TAIL = 16 * 1024;

/**
 * Tests about something other than trust run plain (--plain); one that
 * gives its own --config-dir runs encrypted, as a person's would.
 */
function modeArgs(args: string[]): string[] {
  return args.includes('--config-dir') ? [] : ['--plain'];
}

/** Starts `zerodrop receive --json` on a free loopback port; resolves once it listens. */
export async function startCliReceiver(dir: string, options: ReceiverProcessOptions = {}): Promise<CliReceiver> {
  const args = options.args ?? [];
  const child = spawn(process.execPath, [BIN, 'receive', '--dir', dir, '--bind', 'tcp://127.0.0.1:0', '--json', ...modeArgs(args), ...args], {
    stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = once(child, 'exit').then(([code, signal]) => {
    running.delete(child);
    return { code: code as number | null, signal: signal as NodeJS.Signals | null };
  });
  let stderr = '';
  child.stderr!.on('data', (bytes: Buffer) => (stderr = (stderr + bytes.toString('utf8')).slice(-STDERR_TAIL)));
  const lines: string[] = [];
  const reader = createInterface({ input: child.stdout! });
  const first = await Promise.race([once(reader, 'line').then(([line]) => line as string), exited.then(() => null)]);
  if (first === null) throw new Error(`the receiver exited before listening: ${stderr}`);
  lines.push(first);
  reader.on('line', (line) => {
    if (options.keepLines !== false) lines.push(line);
  });
  const listening = JSON.parse(first) as { event: string; endpoints: string[]; addresses: string[] };
  if (listening.event !== 'listening') throw new Error(`the receiver's first event is ${first}`);
  return {
    child,
    endpoint: listening.endpoints[0]!,
    address: listening.addresses[0]!,
    lines,
    stderrTail: () => stderr,
    peakMemoryBytes: () => peakMemoryBytes(child.pid!),
    get alive() {
      return child.exitCode === null && child.signalCode === null;
    },
    stop() {
      child.kill('SIGINT');
      return exited;
    },
  };
}

export interface SendOutcome {
  code: number | null;
  /** Its --json events, in order. */
  events: Array<Record<string, unknown>>;
  stderr: string;
}

/** Runs `zerodrop send ENDPOINT PATH… --json` to its end. */
export async function cliSend(endpoint: string, paths: string[], args: string[] = []): Promise<SendOutcome> {
  const child = spawn(process.execPath, [BIN, 'send', endpoint, ...paths, '--json', ...modeArgs(args), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const events: Array<Record<string, unknown>> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => events.push(JSON.parse(line) as Record<string, unknown>));
  let stderr = '';
  child.stderr!.on('data', (bytes: Buffer) => (stderr = (stderr + bytes.toString('utf8')).slice(-STDERR_TAIL)));
  const [code] = (await once(child, 'close')) as [number | null];
  running.delete(child);
  return { code, events, stderr };
}
