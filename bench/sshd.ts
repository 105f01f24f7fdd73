// An sshd on loopback for the bench's secure-copy ceiling: a temporary host
// key and client key, root login by key only, nothing of the machine's own
// ssh set-up used or changed. `scp` through it is what people use today
// for a secure copy between two machines.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';

export interface Sshd {
  port: number;
  /** CPU seconds of every session sshd has finished so far (its reaped children). */
  serverCpuSeconds(): number;
  /** Copies `file` to `dest` with scp; wall and client CPU seconds. */
  copy(file: string, dest: string): Promise<{ seconds: number; clientCpuSeconds: number }>;
  stop(): Promise<void>;
}

const TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** cutime + cstime of a process: the CPU of the children it has waited for. */
function childCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) / TICKS;
}

/** The reason, in words, when this machine cannot run it (not root, no sshd or scp). */
export async function startSshd(dir: string, port: number): Promise<Sshd | string> {
  if (process.getuid?.() !== 0) return 'not root: sshd needs it here';
  const sshdBin = ['/usr/sbin/sshd', '/usr/bin/sshd'].find((p) => existsSync(p));
  if (!sshdBin) return 'no sshd (apt-get install openssh-server)';
  await fs.mkdir(dir, { recursive: true });
  await fs.mkdir('/run/sshd', { recursive: true });
  const hostKey = path.join(dir, 'host_key');
  const clientKey = path.join(dir, 'client_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', clientKey]);
  await fs.copyFile(`${clientKey}.pub`, path.join(dir, 'authorized_keys'));
  const args = ['-D', '-e', '-f', '/dev/null', '-p', String(port), '-h', hostKey, '-o', `AuthorizedKeysFile=${path.join(dir, 'authorized_keys')}`,
    '-o', 'PermitRootLogin=prohibit-password', '-o', 'StrictModes=no', '-o', 'UsePAM=no', '-o', `PidFile=${path.join(dir, 'sshd.pid')}`, '-o', 'ListenAddress=127.0.0.1', '-o', 'Subsystem=sftp internal-sftp'];
  const server: ChildProcess = spawn(sshdBin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let said = '';
  server.stderr!.on('data', (b: Buffer) => (said += b.toString()));
  for (let i = 0; i < 100 && !said.includes('listening'); i++) await new Promise((r) => setTimeout(r, 50));
  if (!said.includes('listening')) {
    server.kill();
    return `sshd did not start: ${said.slice(0, 300)}`;
  }
  const ssh = ['-P', String(port), '-i', clientKey, '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-o', 'BatchMode=yes'];
  return {
    port,
    serverCpuSeconds: () => childCpuSeconds(server.pid!),
    async copy(file, dest) {
      const started = process.hrtime.bigint();
      // The shell's `times` prints its children's CPU: scp and the ssh it runs.
      const child = spawn('sh', ['-c', `scp "$@" >&2 && times`, 'sh', ...ssh, file, `root@127.0.0.1:${dest}`], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
      const [code] = (await once(child, 'exit')) as [number];
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) throw new Error(`scp failed: ${err.slice(0, 300)}`);
      const children = out.trim().split('\n')[1] ?? '';
      const clientCpuSeconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
      return { seconds, clientCpuSeconds };
    },
    async stop() {
      server.kill();
      await once(server, 'exit').catch(() => undefined);
    },
  };
}
