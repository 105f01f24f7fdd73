// 1,000 small files to disk against a plain copy that fsyncs and renames
// each, 8 at a time; one receiver is left running and takes one batch after
// another, as in use. Each round's CLI sender is a new process, as a
// command is; the desktop app's sender is one host that lives on, so it is
// measured too (hostSender.ts), sending batch after batch.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { plainCopySeconds } from './ceilings.js';
import { LOOPBACK, send, type Sent } from './cliRuns.js';
import { startHostSender } from './hostSender.js';
import { noted, notedReceiver, outPath, type Bench } from './context.js';
import { interleaved, median, seconds, spread, times } from './rounds.js';

export async function smallRows(bench: Bench, smallDir: string, files: string[]): Promise<void> {
  const receiver = await notedReceiver(bench, outPath(bench, 'recv-small', 0), 'small files, every round');
  const host = await startHostSender();
  // The folder under a new name each time (a link to it).
  const batch = async (name: string) => {
    const link = path.join(bench.work, 'src', name);
    await fs.symlink(smallDir, link);
    return link;
  };
  let rounds: Array<{ copy: number; zerodrop: Sent; app: Sent; noOpt: Sent }>;
  try {
    rounds = await interleaved(
      `${files.length} small files`,
      bench.runs,
      {
        copy: (i) => plainCopySeconds(files, outPath(bench, 'copy', i)),
        zerodrop: async (i) => {
          const folder = await batch(`small-${i}`);
          return noted(bench, `small files round ${i + 1}`, () => send(receiver.endpoint, [folder]));
        },
        // What V8's optimizing compiler costs a new process: the same CLI
        // without it. Not how ZeroDrop runs, so this sender's loop is not among
        // those judged (the receiver's is: it runs as ZeroDrop does).
        noOpt: async (i) => send(receiver.endpoint, [await batch(`small-noopt-${i}`)], LOOPBACK, ['--no-opt']),
        app: async (i) => {
          const folder = await batch(`small-app-${i}`);
          return noted(bench, `small files round ${i + 1}, the app's host`, () => host.send(receiver.endpoint, folder));
        },
      },
      (r) =>
        `copy ${seconds(r.copy)} s, ZeroDrop ${seconds(r.zerodrop.seconds)} s, the app's host ${seconds(r.app.seconds)} s, ` +
        `the CLI with --no-opt ${seconds(r.noOpt.seconds)} s`,
      // The CLI and the app's host take turns at going first after the copy
      // (the steps after it run in reverse every other round; --no-opt stays between).
      true,
    );
  } finally {
    await host.close();
    await receiver.stop();
  }
  const perSecond = (rate: number) => `${rate.toFixed(0)} files/s`;
  const ratios = rounds.map((r) => r.copy / r.zerodrop.seconds);
  bench.table.row(
    `${files.length} × 64 KiB files → disk`,
    spread(rounds.map((r) => files.length / r.zerodrop.seconds), perSecond),
    `plain copy + fsync + rename, 8 at a time: ${spread(rounds.map((r) => files.length / r.copy), perSecond)}`,
    spread(ratios, times),
    '≥ 0.70×',
    median(ratios) >= 0.7,
  );
  const appRatios = rounds.map((r) => r.copy / r.app.seconds);
  bench.table.row(
    `— sent by the desktop app's host, batch after batch (its first cold)`,
    spread(rounds.map((r) => files.length / r.app.seconds), perSecond),
    'the same copy',
    spread(appRatios, times),
    'reported',
    null,
  );
  const cpu = (sent: Sent[]) => spread(sent.map((s) => s.sender.cpu), seconds);
  bench.table.row(
    `— a new CLI sender with V8's optimizing compiler off (\`node --no-opt\`: what compiling costs a new process; not how ZeroDrop runs)`,
    spread(rounds.map((r) => files.length / r.noOpt.seconds), perSecond),
    `the same copy; sender CPU-s ${cpu(rounds.map((r) => r.noOpt))}, against ${cpu(rounds.map((r) => r.zerodrop))} with it`,
    spread(rounds.map((r) => r.copy / r.noOpt.seconds), times),
    'reported',
    null,
  );
}
