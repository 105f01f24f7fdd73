// One large file: to disk against `dd conv=fsync` and against ZeroDrop's own
// speed into tmpfs (whichever is lower is the limit that applies), and into
// tmpfs for CPU per byte against the C peer and a raw ZeroMQ stream.
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { ddSeconds, dropFromCache, rawStream, tmpfsWorkCpuSeconds } from './ceilings.js';
import { freshPort, runtimeCpu, startUpCpu, type TransferRun } from './cliRuns.js';
import { cached, intoTmpfs, outPath, sizeText, zerodrop, type Bench } from './context.js';
import { crcCpu } from './crcShare.js';
import { peerTransfer } from './czmq.js';
import { interleaved, mbps, mbText, median, seconds, spread, times } from './rounds.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const CHUNK_BYTES = 4 * MiB;

/** `big` to disk, its source warm then cold; returns the warm rounds' transfers (for the memory rows). */
export async function diskRows(bench: Bench, big: string, bytes: number, mid: string): Promise<{ big: TransferRun[]; mid: TransferRun[] }> {
  const size = sizeText(bytes);
  let warm: { big: TransferRun[]; mid: TransferRun[] } = { big: [], mid: [] };
  for (const source of ['warm', 'cold'] as const) {
    const prepare = (file: string) => (source === 'warm' ? cached(file) : dropFromCache(file));
    const rounds = await interleaved(
      `${size} → disk, ${source} source`,
      bench.runs,
      {
        dd: async (i) => (await prepare(big), ddSeconds(big, outPath(bench, `dd-${source}`, i))),
        tmpfs: async () => (await prepare(big), intoTmpfs(path.join(bench.shm!, 'recv'), (dir) => zerodrop(bench, [big], dir))),
        disk: async (i) => (await prepare(big), zerodrop(bench, [big], outPath(bench, `recv-${source}`, i))),
        mid: async (i) => (source === 'warm' ? (await cached(mid), zerodrop(bench, [mid], outPath(bench, 'recv-mid', i))) : null),
      },
      (r) => `dd ${seconds(r.dd)} s, ZeroDrop → tmpfs ${seconds(r.tmpfs.seconds)} s, → disk ${seconds(r.disk.seconds)} s`,
    );
    const dd = rounds.map((r) => mbps(bytes, r.dd));
    const tmpfs = rounds.map((r) => mbps(bytes, r.tmpfs.seconds));
    const disk = rounds.map((r) => mbps(bytes, r.disk.seconds));
    const lesser = rounds.map((_, i) => Math.min(dd[i]!, tmpfs[i]!));
    const ratios = disk.map((d, i) => d / lesser[i]!);
    const diskBound = dd.filter((d, i) => d < tmpfs[i]!).length;
    const limit =
      diskBound * 2 > rounds.length ? `the disk (dd lower in ${diskBound} of ${rounds.length} rounds)` : `ZeroDrop's own speed (tmpfs lower in ${rounds.length - diskBound} of ${rounds.length})`;
    bench.table.row(
      `${size} file → disk, ${source} source (crc32, fsync)`,
      spread(disk, mbText),
      `dd conv=fsync ${spread(dd, mbText)}; ZeroDrop → tmpfs ${spread(tmpfs, mbText)}; limit: ${limit}`,
      spread(ratios, times),
      '≥ 0.90× of the lesser',
      median(ratios) >= 0.9,
    );
    if (source === 'warm') warm = { big: rounds.map((r) => r.disk), mid: rounds.map((r) => r.mid!) };
  }
  return warm;
}

/** Peak memory of the large transfer and of a 64 MiB one. */
export function memoryRows(bench: Bench, size: string, runs: { big: TransferRun[]; mid: TransferRun[] }): void {
  const sender = median(runs.big.map((r) => r.sender.rss));
  const receiver = median(runs.big.map((r) => r.receiver.rss));
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
  bench.table.row('peak memory, sender / receiver', `${mb(sender)} / ${mb(receiver)}`, '', '', '< 200 MB', Math.max(sender, receiver) < 200e6);
  const midPeak = median(runs.mid.map((r) => Math.max(r.sender.rss, r.receiver.rss)));
  const growth = Math.max(sender, receiver) / midPeak;
  bench.table.row(`peak memory, ${size} vs 64 MiB file`, `${mb(Math.max(sender, receiver))} vs ${mb(midPeak)}`, '', times(growth), '≤ 1.25×', growth <= 1.25);
}

/** Into tmpfs: time against a raw stream, and CPU per GiB of each side against the C peer's. */
export async function tmpfsRows(bench: Bench, big: string, bytes: number, peer: string | { reason: string }): Promise<void> {
  const size = sizeText(bytes);
  const shm = bench.shm!;
  // Each CLI's CPU with nothing to move, so that it can be told from the transfer's.
  const idle: Array<{ sender: number; receiver: number }> = [];
  const bare: number[] = [];
  for (let i = 0; i < 3; i++) {
    idle.push(await startUpCpu(bench.work));
    bare.push(await runtimeCpu());
  }
  const startUp = { sender: median(idle.map((s) => s.sender)), receiver: median(idle.map((s) => s.receiver)) };
  const rounds = await interleaved(
    `${size} → tmpfs`,
    bench.runs,
    {
      stream: () => rawStream(freshPort(), bytes, MiB),
      zerodrop: async () => (await cached(big), intoTmpfs(path.join(shm, 'recv'), (dir) => zerodrop(bench, [big], dir))),
      czmq: async () => (typeof peer === 'string' ? intoTmpfs(path.join(shm, 'czmq'), (dir) => peerTransfer(peer, big, dir, CHUNK_BYTES)) : null),
    },
    (r) =>
      `raw stream ${seconds(r.stream.seconds)} s, ZeroDrop ${seconds(r.zerodrop.seconds)} s (CPU-s ${seconds(r.zerodrop.sender.cpu)} + ${seconds(r.zerodrop.receiver.cpu)})` +
      (r.czmq ? `, C peer ${seconds(r.czmq.seconds)} s (CPU-s ${seconds(r.czmq.senderCpu)} + ${seconds(r.czmq.receiverCpu)})` : ''),
  );
  const ours = rounds.map((r) => mbps(bytes, r.zerodrop.seconds));
  const stream = rounds.map((r) => mbps(bytes, r.stream.seconds));
  const vsStream = ours.map((o, i) => o / stream[i]!);
  bench.table.row(`${size} file → tmpfs (crc32)`, spread(ours, mbText), `raw zeromq.js PUSH/PULL ${spread(stream, mbText)}`, spread(vsStream, times), '≥ 0.70×', median(vsStream) >= 0.7);

  const work = tmpfsWorkCpuSeconds(big, shm, bytes);
  const streamCpu = median(rounds.map((r) => r.stream.cpuSeconds));
  const least = streamCpu + work.read + work.crc32 + work.write;
  const cores = availableParallelism();
  bench.table.row(
    `  least CPU of any such transfer, ${cores} cores`,
    `${seconds(least)} CPU-s: stream ${seconds(streamCpu)} + read ${seconds(work.read)} + crc32 ×2 ${seconds(work.crc32)} + write ${seconds(work.write)}`,
    `so at most ${mbText(mbps(bytes, least / cores))}`,
    times(mbps(bytes, least / cores) / median(stream)),
    'upper bound of the ratio above',
    null,
  );

  const perGiB = (cpu: number) => (cpu * GiB) / bytes;
  const cpuText = (cpu: number) => `${cpu.toFixed(2)}`;
  const oursCpu = rounds.map((r) => perGiB(r.zerodrop.sender.cpu + r.zerodrop.receiver.cpu));
  const oursNet = rounds.map((r) => perGiB(r.zerodrop.sender.cpu - startUp.sender + r.zerodrop.receiver.cpu - startUp.receiver));
  if (typeof peer !== 'string') {
    bench.table.row('CPU-s per GiB vs the C peer (interop/czmq)', `${spread(oursCpu, cpuText)} CPU-s/GiB`, `skipped: ${peer.reason}`, '', '', null);
  } else {
    const c = rounds.map((r) => r.czmq!);
    const cCpu = c.map((r) => perGiB(r.senderCpu + r.receiverCpu));
    const ratio = cCpu.map((v, i) => v / oursCpu[i]!);
    bench.table.row(
      'CPU-s per GiB, sender + receiver, start-up included',
      `${spread(oursCpu, cpuText)}; without start-up ${spread(oursNet, cpuText)}`,
      `C peer (czmq, same chunks) ${spread(cCpu, cpuText)}`,
      spread(ratio, times),
      '≥ 1.00× (no more CPU than C)',
      median(ratio) >= 1,
    );
    const side = (name: string, ours: (r: TransferRun) => number, start: number, theirs: (r: (typeof c)[number]) => number) =>
      bench.table.row(
        `  ${name}`,
        `${spread(rounds.map((r) => perGiB(ours(r.zerodrop))), cpuText)}; without start-up (${start.toFixed(2)}) ${spread(rounds.map((r) => perGiB(ours(r.zerodrop) - start)), cpuText)}`,
        `C ${spread(c.map((r) => perGiB(theirs(r))), cpuText)}`,
        '',
        '',
        null,
      );
    side('sender', (r) => r.sender.cpu, startUp.sender, (r) => r.senderCpu);
    side('receiver', (r) => r.receiver.cpu, startUp.receiver, (r) => r.receiverCpu);
    // Both sides make the same calls and the same crc32 (zlib's, in C too): a
    // transfer that did no more than C's would still add the runtime's start.
    const runtime = perGiB(2 * median(bare));
    const best = cCpu.map((v) => v / (v + runtime));
    bench.table.row(
      `  the runtime alone: two Node processes, each starting an idle worker`,
      `${seconds(runtime)} CPU-s per GiB`,
      `C peer ${spread(cCpu, cpuText)}: ZeroDrop doing exactly C's work would read`,
      spread(best, times),
      'upper bound of the CPU ratio above',
      null,
    );
    const cSpeed = c.map((r) => mbps(bytes, r.seconds));
    bench.table.row(`  time, same rounds`, spread(ours, mbText), `C peer ${spread(cSpeed, mbText)}`, spread(ours.map((o, i) => o / cSpeed[i]!), times), '', null);
  }

  // The installers issue's choice: zlib.crc32 unless a whole transfer measurably slows.
  const crc = await crcCpu(bytes);
  const cpuSpread = Math.max(...oursCpu) - Math.min(...oursCpu);
  const saving = crc.nodeRs === null ? null : perGiB(crc.zlib - crc.nodeRs);
  bench.table.row(
    '  crc32 of both sides, per GiB: zlib.crc32',
    `${seconds(perGiB(crc.zlib))} CPU-s, ${((100 * perGiB(crc.zlib)) / median(oursCpu)).toFixed(0)}% of the transfer's`,
    crc.nodeRs === null ? '@node-rs/crc32: not installed' : `@node-rs/crc32 ${seconds(perGiB(crc.nodeRs))}: would save at most ${seconds(saving!)} of ${seconds(median(oursCpu))}`,
    '',
    `saving < the rounds' spread (${seconds(cpuSpread)})`,
    saving === null ? null : saving < cpuSpread,
  );
}
