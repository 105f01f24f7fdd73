// The ceilings a transfer is measured against, each measured in the same run.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import fsSync, { promises as fs } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { digestHex } from '../electron/engine/protocol/checksum.js';

const tsx = ['--import', 'tsx'];
const rawStreamScript = fileURLToPath(new URL('./rawStream.ts', import.meta.url));

async function firstLines(child: ReturnType<typeof spawn>, count: number): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of createInterface({ input: child.stdout! })) {
    lines.push(line);
    if (lines.length === count) break;
  }
  return lines;
}

export interface StreamRun {
  seconds: number;
  /** CPU time both processes spent streaming (their ZeroMQ threads included). */
  cpuSeconds: number;
}

/** (a) `bytes` through a raw PUSH/PULL stream, two processes; with `curve`, encrypted as CURVE does. */
export async function rawStream(port: number, bytes: number, chunk: number, curve = false): Promise<StreamRun> {
  const endpoint = `tcp://127.0.0.1:${port}`;
  const pull = spawn(process.execPath, [...tsx, rawStreamScript, 'pull', endpoint, String(bytes), ...(curve ? ['curve'] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
  // Listened for at once: an exit before a later once() would never be seen (and the bench would end there).
  const pullExit = once(pull, 'exit');
  const pullLines = createInterface({ input: pull.stdout! })[Symbol.asyncIterator]();
  const serverKey = ((await pullLines.next()).value as string).split(' ')[1];
  const push = spawn(process.execPath, [...tsx, rawStreamScript, 'push', endpoint, String(bytes), String(chunk), ...(serverKey ? [serverKey] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
  const pushExit = once(push, 'exit');
  const [start, pushCpu] = await firstLines(push, 2);
  const end = (await pullLines.next()).value as string;
  const pullCpu = (await pullLines.next()).value as string;
  await Promise.all([pullExit, pushExit]);
  return { seconds: (Number(end) - Number(start)) / 1000, cpuSeconds: Number(pushCpu) + Number(pullCpu) };
}

/**
 * CPU seconds of the work any sender and receiver of `source` into a tmpfs
 * folder must add to a raw stream of its bytes: read it, checksum it on
 * each side (crc32), write it to a new file in `dir`. Each is timed alone
 * in this process, in the transfer's 4 MiB pieces.
 */
export function tmpfsWorkCpuSeconds(source: string, dir: string, bytes: number, block = 4 * 1024 * 1024): Record<'read' | 'crc32' | 'write', number> {
  const buffer = Buffer.allocUnsafe(block);
  const cpu = (work: () => void) => {
    const since = process.cpuUsage();
    work();
    const { user, system } = process.cpuUsage(since);
    return (user + system) / 1e6;
  };
  const each = (step: (offset: number, length: number) => void) => () => {
    for (let offset = 0; offset < bytes; offset += block) step(offset, Math.min(block, bytes - offset));
  };
  const input = fsSync.openSync(source, 'r');
  const output = path.join(dir, 'write-alone.bin');
  const out = fsSync.openSync(output, 'wx');
  try {
    return {
      read: cpu(each((offset, length) => fsSync.readSync(input, buffer, 0, length, offset))),
      crc32: 2 * cpu(each((_, length) => digestHex('crc32', buffer.subarray(0, length)))),
      write: cpu(each((offset, length) => fsSync.writeSync(out, buffer, 0, length, offset))),
    };
  } finally {
    fsSync.closeSync(input);
    fsSync.closeSync(out);
    fsSync.rmSync(output);
  }
}

const run = promisify(execFile);

/** (b) Seconds for `dd conv=fsync` to copy `source` to `target`: the same bytes, read as the transfer reads them. */
export async function ddSeconds(source: string, target: string): Promise<number> {
  const start = performance.now();
  await run('dd', [`if=${source}`, `of=${target}`, 'bs=4M', 'conv=fsync', 'status=none']);
  return (performance.now() - start) / 1000;
}

/** Drops `file` from the page cache (this file only, not the machine's), so that the next read of it is cold. */
export async function dropFromCache(file: string): Promise<void> {
  await run('dd', [`if=${file}`, 'iflag=nocache', 'count=0', 'status=none']);
}

/** (c) Seconds for a plain Node copy of files that writes, fsyncs and renames each, `parallel` at a time. */
export async function plainCopySeconds(files: string[], destDir: string, parallel = 8): Promise<number> {
  await fs.mkdir(destDir, { recursive: true });
  const start = performance.now();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < files.length) {
      const source = files[next++]!;
      const data = await fs.readFile(source);
      const final = path.join(destDir, path.basename(source));
      const temp = `${final}.tmp`;
      const handle = await fs.open(temp, 'w');
      await handle.write(data);
      await handle.sync();
      await handle.close();
      await fs.rename(temp, final);
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return (performance.now() - start) / 1000;
}
