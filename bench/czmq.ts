// The independent C peer (interop/czmq, czmq and zlib's crc32) doing the same
// transfer as ZeroDrop, built as the interop tests build it: the bench's
// yardstick for CPU per byte.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freshPort } from './cliRuns.js';

const buildScript = fileURLToPath(new URL('../interop/czmq/build.sh', import.meta.url));

/** The peer's path, or why it could not be built (libczmq-dev missing, say). */
export async function buildPeer(dir: string): Promise<string | { reason: string }> {
  const peer = path.join(dir, 'zdpeer');
  try {
    await promisify(execFile)('sh', [buildScript, peer]);
    return peer;
  } catch (err) {
    return { reason: ((err as { stderr?: string }).stderr ?? String(err)).trim().split('\n')[0]! };
  }
}

/**
 * Runs `peer ARGS…` under sh and reads sh's `times`: the CPU seconds its
 * child used. Resolves once the peer has exited, with its first output line
 * passed to `onLine` as it comes.
 */
function timed(peer: string, args: string[], onLine: (line: string) => void = () => undefined): Promise<number> {
  const child = spawn('sh', ['-c', '"$@"; status=$?; times; exit $status', 'sh', peer, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    onLine(line);
  });
  return once(child, 'exit').then(([code]) => {
    if (code !== 0) throw new Error(`zdpeer ${args[0]} exited with ${code}`);
    // `times`: the shell's own user and system time, then its children's.
    const [user, system] = lines.at(-1)!.split(/\s+/).map((t) => {
      const [, min, sec] = /^(\d+)m([\d.]+)s$/.exec(t)!;
      return Number(min) * 60 + Number(sec);
    });
    return user! + system!;
  });
}

export interface PeerRun {
  seconds: number;
  senderCpu: number;
  receiverCpu: number;
}

/** The C sender sends `file` to the C receiver over tcp loopback, in `chunkBytes` chunks with crc32. */
export async function peerTransfer(peer: string, file: string, destDir: string, chunkBytes: number): Promise<PeerRun> {
  const endpoint = `tcp://127.0.0.1:${freshPort()}`;
  let listening: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (listening = resolve));
  const receiver = timed(peer, ['receive', endpoint, destDir, '1'], (line) => line.startsWith('listening') && listening());
  await ready;
  const start = performance.now();
  const senderCpu = await timed(peer, ['send', endpoint, file, path.basename(file), String(chunkBytes), 'crc32']);
  const seconds = (performance.now() - start) / 1000;
  return { seconds, senderCpu, receiverCpu: await receiver };
}
