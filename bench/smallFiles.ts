// 1,000 small files to disk against a plain copy that fsyncs and renames
// each, 8 at a time; one receiver is left running and takes one batch after
// another, as in use, and each round's sender is a new process.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { plainCopySeconds } from './ceilings.js';
import { send } from './cliRuns.js';
import { noted, notedReceiver, outPath, type Bench } from './context.js';
import { interleaved, median, seconds, spread, times } from './rounds.js';

export async function smallRows(bench: Bench, smallDir: string, files: string[]): Promise<void> {
  const receiver = await notedReceiver(bench, outPath(bench, 'recv-small', 0), 'small files, every round');
  const rounds = await interleaved(
    `${files.length} small files`,
    bench.runs,
    {
      copy: (i) => plainCopySeconds(files, outPath(bench, 'copy', i)),
      zerodrop: async (i) => {
        // The folder under a new name each round (a link to it).
        const batch = path.join(bench.work, 'src', `small-${i}`);
        await fs.symlink(smallDir, batch);
        return noted(bench, `small files round ${i + 1}`, () => send(receiver.endpoint, [batch]));
      },
    },
    (r) => `copy ${seconds(r.copy)} s, ZeroDrop ${seconds(r.zerodrop.seconds)} s`,
  );
  await receiver.stop();
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
}
