// A receiver in a process of its own, to be killed as a crash would: started
// directly, or under a supervisor that never reaps it (a killed receiver then
// stays a zombie, as under a supervisor that has not yet waited for it).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const child = path.join(repo, 'test/support/receiverChild.ts');

const spawned: ChildProcess[] = [];
after(() => spawned.splice(0).forEach((c) => c.kill('SIGKILL')));

export interface ReceiverProcess {
  /** The receiver's own process id (not the supervisor's). */
  pid: number;
  endpoint: string;
  dir: string;
  /** The process spawned: the receiver, or its supervisor. */
  spawned: ChildProcess;
}

export async function receiverProcess(dir: string, { unreaped = false } = {}): Promise<ReceiverProcess> {
  const node = [process.execPath, '--import', 'tsx', child, dir].map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ');
  // `exec sleep`: the shell becomes a parent that never waits for its child.
  const proc = unreaped
    ? spawn('sh', ['-c', `${node} & exec sleep 600`], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(process.execPath, ['--import', 'tsx', child, dir], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
  spawned.push(proc);
  const [line] = (await once(createInterface({ input: proc.stdout! }), 'line')) as [string];
  const started = JSON.parse(line) as { pid: number; endpoint: string; dir: string };
  return { ...started, spawned: proc };
}

/** The state letter of a process (R, S, Z…), or null once it is gone. */
export async function processState(pid: number): Promise<string | null> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  // The name in parentheses may hold spaces: the state follows the last ')'.
  return stat ? stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) : null;
}
