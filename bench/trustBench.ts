// The trust issue's speed row: a file sent encrypted (CURVE) to disk, against
// scp of the same file to an sshd on loopback and against the plain (v1)
// transfer, in interleaved rounds of the same run. Each is timed as a person
// waits for it: the sending command's whole run, start-up and handshakes
// included. CPU seconds per GiB are each side's whole process. The same
// bytes through a raw CURVE stream (zeromq.js PUSH/PULL, no protocol, no
// disk) are the encrypted path's own ceiling: what libzmq's CURVE can carry
// here at all.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { rawStream } from './ceilings.js';
import { startSshd } from './sshd.js';

interface Side {
  seconds: number;
  senderCpu: number;
  receiverCpu: number;
}

type Event = Record<string, unknown>;

/** Its --json events as they come; the end of what it says on stderr goes in `said` (a crash says why there). */
function events(child: ReturnType<typeof spawn>, said: { tail: string }): Event[] {
  const into: Event[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => into.push(JSON.parse(line) as Event));
  child.stderr!.on('data', (b: Buffer) => (said.tail = (said.tail + b.toString()).slice(-2000)));
  return into;
}

/** One `zerodrop send` into a new `zerodrop receive`, plain or encrypted. */
async function zerodrop(bin: string, file: string, dest: string, port: number, encrypted: { rx: string; tx: string } | null): Promise<Side> {
  await fs.mkdir(dest, { recursive: true });
  const trustArgs = (dir: string | undefined, extra: string[]) => (dir ? ['--config-dir', dir, ...extra] : ['--plain']);
  const rx = spawn(process.execPath, [bin, 'receive', '--dir', dest, '--bind', `tcp://127.0.0.1:${port}`, '--json', ...trustArgs(encrypted?.rx, ['--accept', 'anyone'])], { stdio: ['ignore', 'pipe', 'pipe'] });
  const said = { tail: '' };
  const rxEvents = events(rx, said);
  while (!rxEvents.some((e) => e.event === 'listening')) await new Promise((r) => setTimeout(r, 20));
  const address = (rxEvents[0]!.addresses as string[])[0]!;
  const started = process.hrtime.bigint();
  const tx = spawn(process.execPath, [bin, 'send', address, file, '--json', ...trustArgs(encrypted?.tx, [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  const txEvents = events(tx, said);
  await once(tx, 'exit');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rx.kill('SIGINT');
  await once(rx, 'exit');
  const summary = txEvents.find((e) => e.event === 'summary');
  if (!summary || summary.failed !== 0) throw new Error(`the transfer failed: ${JSON.stringify(txEvents.slice(-2))}`);
  const stopped = rxEvents.find((e) => e.event === 'stopped');
  if (!stopped) throw new Error(`the receiver did not stop cleanly: ${said.tail}`);
  return { seconds, senderCpu: summary.cpuSeconds as number, receiverCpu: stopped.cpuSeconds as number };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const spread = (values: number[]) => `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;

/** Rows for the bench table: [what, ZeroDrop, ceiling, ratio, target, pass]. */
export async function trustRows(bin: string, file: string, bytes: number, work: string, runs: number, nextPort: () => number): Promise<Array<[string, string, string, number | null, string, boolean | null]>> {
  const sshd = await startSshd(path.join(work, 'sshd'), nextPort());
  if (typeof sshd === 'string') return [['encrypted vs scp', `skipped: ${sshd}`, '', null, '', null]];
  const config = { rx: path.join(work, 'cfg-rx'), tx: path.join(work, 'cfg-tx') };
  const scp: Side[] = [];
  const plain: Side[] = [];
  const curve: Side[] = [];
  const rawCurve: Array<{ seconds: number; cpuSeconds: number }> = [];
  try {
    for (let i = 0; i < runs; i++) {
      // Rotate the order, so a drift of the machine's speed favours none.
      const steps: Array<() => Promise<void>> = [
        async () => {
          const before = sshd.serverCpuSeconds();
          const run = await sshd.copy(file, path.join(work, 'out', `scp-${i}`));
          scp.push({ seconds: run.seconds, senderCpu: run.clientCpuSeconds, receiverCpu: sshd.serverCpuSeconds() - before });
        },
        async () => void plain.push(await zerodrop(bin, file, path.join(work, 'out', `plain-${i}`), nextPort(), null)),
        async () => void curve.push(await zerodrop(bin, file, path.join(work, 'out', `curve-${i}`), nextPort(), config)),
        async () => void rawCurve.push(await rawStream(nextPort(), bytes, 4 * 2 ** 20, true)),
      ];
      for (let k = 0; k < steps.length; k++) await steps[(i + k) % steps.length]!();
      process.stderr.write(`  encrypted round ${i + 1}: scp ${scp[i]!.seconds.toFixed(2)} s, plain ${plain[i]!.seconds.toFixed(2)} s, encrypted ${curve[i]!.seconds.toFixed(2)} s, raw CURVE stream ${rawCurve[i]!.seconds.toFixed(2)} s\n`);
    }
  } finally {
    await sshd.stop();
  }
  const ratios = (a: Array<{ seconds: number }>, b: Array<{ seconds: number }>) => a.map((x, i) => b[i]!.seconds / x.seconds);
  const vsScp = ratios(curve, scp);
  const vsPlain = ratios(curve, plain);
  const rawVsScp = ratios(rawCurve, scp);
  const gib = bytes / 2 ** 30;
  const cpu = (sides: Side[]) => `${(median(sides.map((s) => s.senderCpu)) / gib).toFixed(2)} / ${(median(sides.map((s) => s.receiverCpu)) / gib).toFixed(2)}`;
  const mbps = (sides: Array<{ seconds: number }>) => `${(bytes / median(sides.map((s) => s.seconds)) / 1e6).toFixed(0)} MB/s`;
  return [
    ['encrypted (CURVE) → disk, whole command', mbps(curve), `scp to sshd ${mbps(scp)} (ratios ${spread(vsScp)})`, median(vsScp), '≥ 1.20×', median(vsScp) >= 1.2],
    ['  encrypted vs plain v1, same run', mbps(curve), `plain ${mbps(plain)} (ratios ${spread(vsPlain)})`, median(vsPlain), 'reported', null],
    ['  raw CURVE stream (no protocol, no disk) vs scp', mbps(rawCurve), `scp ${mbps(scp)} (ratios ${spread(rawVsScp)})`, median(rawVsScp), 'reported', null],
    ['  CPU-s per GiB, sender / receiver', `encrypted ${cpu(curve)}`, `scp ${cpu(scp)}; plain ${cpu(plain)}; raw CURVE stream, both sides ${(median(rawCurve.map((r) => r.cpuSeconds)) / gib).toFixed(2)}`, null, 'reported', null],
  ];
}
