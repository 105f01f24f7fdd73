// A real browser-shell host process (`zerodrop ui` from the sources), each
// with its own config folder, on loopback.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Settings } from '../../shared/ipc.js';
import type { LoopDelayReport } from '../../electron/host/loopDelay.js';

const ROOT = new URL('../../', import.meta.url);
const START_TIMEOUT_MS = 30_000;

export class ShellProcess {
  private constructor(
    readonly url: string,
    readonly configDir: string,
    private readonly child: ChildProcess,
  ) {}

  /** `listen` as `zerodrop ui --listen` takes it; a free port by default. `env` is added to this process's environment. */
  static start(configDir: string, listen = '127.0.0.1:0', env: NodeJS.ProcessEnv = {}): Promise<ShellProcess> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'electron/cli/start.ts', '--browser', '--listen', listen, '--no-open', '--config-dir', configDir],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
    );
    let output = '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`the shell did not start in time:\n${output}`)), START_TIMEOUT_MS);
      const fail = (error: Error) => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(error);
      };
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const url = /ZeroDrop is running at (\S+)/.exec(output)?.[1];
        if (url) {
          clearTimeout(timer);
          resolve(new ShellProcess(url, configDir, child));
        }
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      child.once('exit', (code) => fail(new Error(`the shell exited with ${code}:\n${output}`)));
    });
  }

  /** The host's event-loop delay since the last reset; resets it. */
  async loopDelay(): Promise<LoopDelayReport> {
    const health = new URL('/health', this.url);
    health.searchParams.set('token', new URL(this.url).searchParams.get('token')!);
    health.searchParams.set('reset', '1');
    const response = await fetch(health);
    return ((await response.json()) as { eventLoopDelay: LoopDelayReport }).eventLoopDelay;
  }

  /** Stops it as Ctrl+C would, and waits until it has exited. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * Writes a host's settings before it starts, as the person would have
 * chosen them in Settings: for a spec about something else than trust, a
 * receiver that takes files from anyone (and plain senders), instead of
 * weakening the app's defaults.
 */
export async function presetSettings(configDir: string, settings: Partial<Settings>): Promise<void> {
  await mkdir(configDir, { recursive: true, mode: 0o700 });
  await writeFile(path.join(configDir, 'settings.json'), `${JSON.stringify(settings)}\n`);
}
