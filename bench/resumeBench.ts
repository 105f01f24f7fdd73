// The resume issue's bench row: a 1 GiB file sent encrypted to disk, the
// sender killed (SIGKILL) once the receiver holds half of it, then sent
// again: the time from the second command's start to its first new chunk on
// the wire, and the bytes both attempts put on the wire (their `sentBytes`).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

type Event = Record<string, unknown>;

function lines(child: ReturnType<typeof spawn>, onEvent: (e: Event) => void): void {
  createInterface({ input: child.stdout! }).on('line', (line) => onEvent(JSON.parse(line) as Event));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const spread = (values: number[], digits: number) => `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;

async function round(bin: string, file: string, bytes: number, work: string, round: number, port: number): Promise<{ firstChunkS: number; totalBytes: number }> {
  const dest = path.join(work, 'out', `resume-${round}`);
  await fs.mkdir(dest, { recursive: true });
  const config = (name: string) => path.join(work, `cfg-resume-${name}`);
  const rx = spawn(process.execPath, [bin, 'receive', '--dir', dest, '--bind', `tcp://127.0.0.1:${port}`, '--config-dir', config('rx'), '--accept', 'anyone', '--json'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let address = '';
  let held = 0;
  lines(rx, (e) => {
    if (e.event === 'listening') address = (e.addresses as string[])[0]!;
    if (e.direction === 'receive') held = e.bytes as number;
  });
  while (!address) await new Promise((r) => setTimeout(r, 20));
  const send = (onEvent: (e: Event) => void) => {
    const tx = spawn(process.execPath, [bin, 'send', address, file, '--config-dir', config('tx'), '--json'], { stdio: ['ignore', 'pipe', 'ignore'] });
    lines(tx, onEvent);
    return tx;
  };
  let firstSent = 0;
  const first = send((e) => e.direction === 'send' && (firstSent = (e.sentBytes as number | undefined) ?? firstSent));
  while (held < bytes / 2) await new Promise((r) => setTimeout(r, 10));
  first.kill('SIGKILL');
  await once(first, 'exit');
  const started = Date.now();
  let firstNewChunkAt = 0;
  let secondSent = 0;
  const second = send((e) => {
    if (e.direction !== 'send') return;
    secondSent = (e.sentBytes as number | undefined) ?? secondSent;
    if (!firstNewChunkAt && secondSent > 0) firstNewChunkAt = e.updatedAt as number;
  });
  const [code] = (await once(second, 'exit')) as [number];
  rx.kill('SIGINT');
  await once(rx, 'exit');
  if (code !== 0) throw new Error(`the resumed send failed (exit ${code})`);
  return { firstChunkS: (firstNewChunkAt - started) / 1000, totalBytes: firstSent + secondSent };
}

export async function resumeRows(bin: string, file: string, bytes: number, work: string, runs: number, nextPort: () => number): Promise<Array<[string, string, string, number | null, string, boolean | null]>> {
  const results = [];
  for (let i = 0; i < runs; i++) {
    results.push(await round(bin, file, bytes, work, i, nextPort()));
    process.stderr.write(`  resume round ${i + 1}: first new chunk ${results[i]!.firstChunkS.toFixed(2)} s after the start, ${(results[i]!.totalBytes / 2 ** 30).toFixed(3)} GiB sent in all\n`);
  }
  const firsts = results.map((r) => r.firstChunkS);
  const totals = results.map((r) => r.totalBytes / bytes);
  return [
    ['resume at half: start → first new chunk', `${median(firsts).toFixed(2)} s (spread ${spread(firsts, 2)})`, 'command start, key, auth, offer, RESUME', null, '< 1 s', median(firsts) < 1],
    ['resume at half: bytes sent, both attempts', `${median(totals).toFixed(3)} × the file (spread ${spread(totals, 3)})`, 'the file once', median(totals), '≤ 1.05×', median(totals) <= 1.05],
  ];
}
