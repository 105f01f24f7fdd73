// The ceilings a transfer is measured against, each measured in the same run.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomFillSync } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const tsx = ['--import', 'tsx'];
const rawStream = fileURLToPath(new URL('./rawStream.ts', import.meta.url));

async function firstLines(child: ReturnType<typeof spawn>, count: number): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of createInterface({ input: child.stdout! })) {
    lines.push(line);
    if (lines.length === count) break;
  }
  return lines;
}

/** (a) Seconds for `bytes` through a raw PUSH/PULL stream, two processes. */
export async function rawStreamSeconds(port: number, bytes: number, chunk: number): Promise<number> {
  const endpoint = `tcp://127.0.0.1:${port}`;
  const pull = spawn(process.execPath, [...tsx, rawStream, 'pull', endpoint, String(bytes)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const pullLines = createInterface({ input: pull.stdout! })[Symbol.asyncIterator]();
  await pullLines.next();
  const push = spawn(process.execPath, [...tsx, rawStream, 'push', endpoint, String(bytes), String(chunk)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [start] = await firstLines(push, 1);
  const end = (await pullLines.next()).value as string;
  await Promise.all([once(pull, 'exit'), once(push, 'exit')]);
  return (Number(end) - Number(start)) / 1000;
}

/** (b) Seconds for a plain Node loop to write `bytes` to a file and fsync it. */
export async function diskWriteSeconds(file: string, bytes: number, block = 4 * 1024 * 1024): Promise<number> {
  const buffer = randomFillSync(Buffer.allocUnsafe(block));
  const start = performance.now();
  const handle = await fs.open(file, 'w');
  for (let written = 0; written < bytes; written += block) await handle.write(buffer, 0, Math.min(block, bytes - written), written);
  await handle.sync();
  await handle.close();
  return (performance.now() - start) / 1000;
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
