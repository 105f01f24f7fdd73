// `npm run bench`: ZeroDrop's throughput and memory against ceilings measured
// in the same run on the same machine. Both sides are the real CLI, each in
// its own process, over tcp loopback, with crc32 checksums and fsync.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import '../test/support/configHome.js';
import { randomFile } from '../test/support/files.js';
import { availableParallelism } from 'node:os';
import { diskWriteSeconds, plainCopySeconds, rawStream, tmpfsWorkCpuSeconds } from './ceilings.js';
import { resumeRows } from './resumeBench.js';
import { trustRows } from './trustBench.js';
import { uiFigures } from './uiBench.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const root = fileURLToPath(new URL('../', import.meta.url));
const bin = path.join(root, 'bin/zerodrop.js');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const bigBytes = Number(process.env.BENCH_BYTES ?? GiB);
const smallCount = 1000;
/** Which parts to run, e.g. BENCH_ONLY=small or BENCH_ONLY=disk,tmpfs; all by default. */
const only = new Set((process.env.BENCH_ONLY ?? 'disk,tmpfs,small,trust,resume,ui').split(','));
const smallBytes = 64 * 1024;
let port = 17_000 + Math.floor(Math.random() * 1000);

interface SideEvent {
  event: string;
  status?: string;
  startedAt?: number;
  updatedAt?: number;
  peakRssBytes?: number;
  loopDelayP99Ms?: number;
  failed?: number;
}

interface TransferRun {
  seconds: number;
  senderRss: number;
  receiverRss: number;
  senderLoopP99: number;
  receiverLoopP99: number;
}

function jsonLines(stream: NodeJS.ReadableStream, into: SideEvent[]): void {
  createInterface({ input: stream }).on('line', (line) => into.push(JSON.parse(line) as SideEvent));
}

interface Receiver {
  endpoint: string;
  /** Stops it (as Ctrl+C would) and returns its last event. */
  stop(): Promise<SideEvent>;
}

async function startReceiver(destDir: string): Promise<Receiver> {
  await fs.mkdir(destDir, { recursive: true });
  const endpoint = `tcp://127.0.0.1:${port++}`;
  const events: SideEvent[] = [];
  const child = spawn(process.execPath, [bin, 'receive', '--dir', destDir, '--bind', endpoint, '--json', '--plain'], { stdio: ['ignore', 'pipe', 'ignore'] });
  jsonLines(child.stdout!, events);
  while (!events.some((e) => e.event === 'listening')) await new Promise((resolve) => setTimeout(resolve, 20));
  return {
    endpoint,
    async stop() {
      child.kill('SIGINT');
      await once(child, 'exit');
      return events.find((e) => e.event === 'stopped')!;
    },
  };
}

/** Sends with a new sender CLI; times from the first file's start to the last file's end. */
async function send(endpoint: string, paths: string[]): Promise<{ seconds: number; summary: SideEvent }> {
  const events: SideEvent[] = [];
  const sender = spawn(process.execPath, [bin, 'send', endpoint, ...paths, '--json', '--plain'], { stdio: ['ignore', 'pipe', 'inherit'] });
  jsonLines(sender.stdout!, events);
  await once(sender, 'exit');
  const summary = events.find((e) => e.event === 'summary');
  if (!summary || summary.failed !== 0) throw new Error(`the transfer failed: ${JSON.stringify(events.slice(-3))}`);
  const done = events.filter((e) => e.status === 'done');
  return { seconds: (Math.max(...done.map((e) => e.updatedAt!)) - Math.min(...done.map((e) => e.startedAt!))) / 1000, summary };
}

/** One transfer between two new CLIs, with each side's peak memory and event-loop delay. */
async function transfer(paths: string[], destDir: string): Promise<TransferRun> {
  const receiver = await startReceiver(destDir);
  const { seconds, summary } = await send(receiver.endpoint, paths);
  const stopped = await receiver.stop();
  return {
    seconds,
    senderRss: summary.peakRssBytes!,
    receiverRss: stopped.peakRssBytes!,
    senderLoopP99: summary.loopDelayP99Ms!,
    receiverLoopP99: stopped.loopDelayP99Ms!,
  };
}

interface Pair {
  ceiling: number;
  ours: number;
}

/**
 * Runs a ceiling and ZeroDrop back to back, `runs` times. This machine's
 * disk speed drifts by several times within a minute, so each ratio is
 * taken within one round, and the median round is reported. Each run
 * writes to a new place, and nothing written is deleted before the end:
 * deleting skews the next run on this disk (ext4 without a journal scans
 * past recently freed inodes on every create for minutes, and the `discard`
 * mount option trims freed blocks while the next file is written).
 */
async function rounds<Run extends { seconds: number }>(
  label: string,
  ceiling: (round: number) => Promise<number>,
  ours: (round: number) => Promise<Run>,
  afterRound: () => Promise<void> = async () => undefined,
): Promise<{ pair: Pair; run: Run }> {
  const results: Array<{ pair: Pair; run: Run }> = [];
  for (let i = 0; i < runs; i++) {
    execFileSync('sync');
    const c = await ceiling(i);
    execFileSync('sync');
    const run = await ours(i);
    await afterRound();
    process.stderr.write(`  ${label} round ${i + 1}: ceiling ${c.toFixed(3)} s, ZeroDrop ${run.seconds.toFixed(3)} s\n`);
    results.push({ pair: { ceiling: c, ours: run.seconds }, run });
  }
  results.sort((a, b) => a.pair.ceiling / a.pair.ours - b.pair.ceiling / b.pair.ours);
  return results[Math.floor(results.length / 2)]!;
}

/**
 * Reads `file` through, so the sender finds it in the page cache in every
 * round, as in the first: the ceilings read nothing, and this machine's
 * memory may drop it while the rounds' output piles up.
 */
async function cached(file: string): Promise<string> {
  const handle = await fs.open(file, 'r');
  const buffer = Buffer.allocUnsafe(4 * MiB);
  try {
    for (let offset = 0; (await handle.read(buffer, 0, buffer.length, offset)).bytesRead > 0; offset += buffer.length);
  } finally {
    await handle.close();
  }
  return file;
}

/** Nothing is deleted before the end (see rounds()), so the room for it all is checked first. */
async function enoughSpace(dir: string, bytes: number): Promise<void> {
  const { bavail, bsize } = await fs.statfs(dir);
  if (bavail * bsize < bytes * 1.1) {
    throw new Error(`the bench needs about ${mb(bytes)} free in ${dir}; there are ${mb(bavail * bsize)}. Fewer rounds: BENCH_RUNS=N.`);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const rows: string[][] = [];
function row(what: string, value: string, ceiling: string, ratio: number | null, target: string, pass: boolean | null): void {
  rows.push([what, value, ceiling, ratio === null ? '' : `${ratio.toFixed(2)}×`, target, pass === null ? '' : pass ? '✓' : '✗']);
}
const mbps = (bytes: number, seconds: number) => `${(bytes / seconds / 1e6).toFixed(0)} MB/s`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

async function main(): Promise<void> {
  const work = await fs.mkdtemp(path.join(tmpdir(), 'zd-bench-'));
  const shm = await fs.mkdtemp(path.join('/dev/shm', 'zd-bench-')).catch(() => null);
  try {
    process.stderr.write(`Preparing ${mb(bigBytes)} and ${smallCount} × ${smallBytes / 1024} KiB of random files in ${work}\n`);
    const needBig = only.has('disk') || only.has('tmpfs') || only.has('trust') || only.has('resume');
    const big = needBig ? await randomFile(path.join(work, 'src', 'big.bin'), bigBytes) : '';
    const mid = only.has('disk') ? await randomFile(path.join(work, 'src', 'mid.bin'), 64 * MiB) : '';
    const smallDir = path.join(work, 'src', 'small');
    const smallFiles = await Promise.all(Array.from({ length: smallCount }, (_, i) => randomFile(path.join(smallDir, `f${String(i).padStart(4, '0')}.bin`), smallBytes)));

    const size = bigBytes % GiB === 0 ? `${bigBytes / GiB} GiB` : `${bigBytes / MiB} MiB`;
    await enoughSpace(work, (2 * runs + 1) * ((needBig ? bigBytes : 0) + 64 * MiB + smallCount * smallBytes));
    await fs.mkdir(path.join(work, 'out'));
    const out = (what: string) => (round: number) => path.join(work, 'out', `${what}-${round}`);
    const disk = only.has('disk')
      ? await rounds(`${size} → disk`, (i) => diskWriteSeconds(out('plain')(i), bigBytes), async (i) => transfer([await cached(big)], out('recv')(i)))
      : null;
    // RAM holds a tmpfs: each round's file goes before the next.
    const shmOut = shm && path.join(shm, 'recv');
    const streamCpu: number[] = [];
    const tmpfs = shmOut && only.has('tmpfs')
      ? await rounds(
          `${size} → tmpfs`,
          async () => {
            const stream = await rawStream(port++, bigBytes, MiB);
            streamCpu.push(stream.cpuSeconds);
            return stream.seconds;
          },
          async () => transfer([await cached(big)], shmOut),
          () => fs.rm(shmOut, { recursive: true, force: true }),
        )
      : null;
    const tmpfsWork = shm && tmpfs ? tmpfsWorkCpuSeconds(big, shm, bigBytes) : null;
    const mid64 = disk
      ? await rounds('64 MiB → disk', (i) => diskWriteSeconds(out('plain-mid')(i), 64 * MiB), async (i) => transfer([await cached(mid)], out('recv-mid')(i)))
      : null;
    // A receiver is left running and takes one batch after another, as in
    // use; each round sends the folder under a new name (a link to it).
    const smallReceiver = only.has('small') ? await startReceiver(out('recv-small')(0)) : null;
    const small = smallReceiver
      ? await rounds(
          `${smallCount} small files`,
          (i) => plainCopySeconds(smallFiles, out('copy')(i)),
          async (i) => {
            const batch = path.join(work, 'src', `small-${i}`);
            await fs.symlink(smallDir, batch);
            return send(smallReceiver.endpoint, [batch]);
          },
        )
      : null;
    await smallReceiver?.stop();

    const ratio = ({ pair }: { pair: Pair }) => pair.ceiling / pair.ours;
    if (disk) row(`${size} file → disk (crc32, fsync)`, mbps(bigBytes, disk.pair.ours), `plain write + fsync ${mbps(bigBytes, disk.pair.ceiling)}`, ratio(disk), '≥ 0.90×', ratio(disk) >= 0.9);
    if (tmpfs && tmpfsWork) {
      row(`${size} file → tmpfs (crc32)`, mbps(bigBytes, tmpfs.pair.ours), `raw PUSH/PULL ${mbps(bigBytes, tmpfs.pair.ceiling)}`, ratio(tmpfs), '≥ 0.70×', ratio(tmpfs) >= 0.7);
      // However well built, a transfer does the raw stream's work and also
      // reads, checksums twice and writes the bytes: on this many cores it
      // cannot take less than that CPU time divided by them. An upper bound:
      // it assumes the work spreads perfectly and every byte is in cache.
      const stream = median(streamCpu);
      const least = stream + tmpfsWork.read + tmpfsWork.crc32 + tmpfsWork.write;
      const cores = availableParallelism();
      const cpu = (seconds: number) => `${seconds.toFixed(2)}`;
      row(
        `  least CPU of any such transfer, ${cores} cores`,
        `${cpu(least)} CPU-s: stream ${cpu(stream)} + read ${cpu(tmpfsWork.read)} + crc32 ×2 ${cpu(tmpfsWork.crc32)} + write ${cpu(tmpfsWork.write)}`,
        `so at most ${mbps(bigBytes, least / cores)}`,
        tmpfs.pair.ceiling / (least / cores),
        'upper bound',
        null,
      );
    }
    if (small) {
      row(
        `${smallCount} × 64 KiB files → disk`,
        `${(smallCount / small.pair.ours).toFixed(0)} files/s`,
        `plain copy + fsync + rename, 8 at a time: ${(smallCount / small.pair.ceiling).toFixed(0)} files/s`,
        ratio(small),
        '≥ 0.50×',
        ratio(small) >= 0.5,
      );
    }
    if (disk && mid64) {
      const big1 = disk.run;
      row('peak memory, sender', mb(big1.senderRss), '', null, '< 200 MB', big1.senderRss < 200e6);
      row('peak memory, receiver', mb(big1.receiverRss), '', null, '< 200 MB', big1.receiverRss < 200e6);
      const growth = Math.max(big1.senderRss / mid64.run.senderRss, big1.receiverRss / mid64.run.receiverRss);
      row(`memory, ${size} vs 64 MiB file`, `${mb(Math.max(big1.senderRss, big1.receiverRss))} vs ${mb(Math.max(mid64.run.senderRss, mid64.run.receiverRss))}`, '64 MiB transfer', growth, '≤ 1.25×', growth <= 1.25);
      row('host event loop p99, send / receive', `${big1.senderLoopP99} / ${big1.receiverLoopP99} ms`, '', null, '< 20 ms', Math.max(big1.senderLoopP99, big1.receiverLoopP99) < 20);
    }
    if (only.has('trust') && needBig) {
      await fs.mkdir(path.join(work, 'out'), { recursive: true });
      for (const r of await trustRows(bin, await cached(big), bigBytes, work, runs, () => port++)) row(...r);
    }
    if (only.has('resume') && needBig) {
      await fs.mkdir(path.join(work, 'out'), { recursive: true });
      for (const r of await resumeRows(bin, await cached(big), bigBytes, work, runs, () => port++)) row(...r);
    }
    if (only.has('ui')) {
      const ui = await uiFigures(runs);
      const ms = (value: number, digits = 1) => `${value.toFixed(digits)} ms`;
      row('chunk map draw, 100,000 vs 10 chunks', `${ms(ui.drawLargeMs, 3)} vs ${ms(ui.drawSmallMs, 3)}`, '', null, '≤ +2 ms', ui.drawLargeMs <= ui.drawSmallMs + 2);
      const longest = Math.max(ui.receiverLongTaskMs, ui.senderLongTaskMs);
      row('longest UI task, 200 MiB transfer, receive / send', `${ms(ui.receiverLongTaskMs)} / ${ms(ui.senderLongTaskMs)}`, '', null, '≤ 100 ms', longest <= 100);
      const loop = Math.max(ui.receivingLoopP99Ms, ui.sendingLoopP99Ms);
      row('longest UI task taking 100,000 files at once', ms(ui.bulkLongTaskMs), '', null, '', null);
      row('longest UI task scrolling 100,000 rows', `${ms(ui.scrollLongTaskMs)} (${ui.scrollRenderedRows} rows in the page)`, '', null, '≤ 100 ms', ui.scrollLongTaskMs <= 100);
      row('browser-shell host event loop p99, receive / send', `${ms(ui.receivingLoopP99Ms)} / ${ms(ui.sendingLoopP99Ms)}`, '', null, '< 20 ms', loop < 20);
    }

    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length), ['what', 'ZeroDrop', 'ceiling (same run)', 'ratio', 'target', ''][i]!.length));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
    console.log(`\nZeroDrop benchmark — ${runs} rounds of ceiling then ZeroDrop, median round; ${new Date().toISOString()}`);
    console.log(line(['what', 'ZeroDrop', 'ceiling (same run)', 'ratio', 'target', '']));
    for (const r of rows) console.log(line(r));
  } finally {
    await fs.rm(work, { recursive: true, force: true });
    if (shm) await fs.rm(shm, { recursive: true, force: true });
  }
}

await main();
