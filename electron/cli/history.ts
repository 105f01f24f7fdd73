// `zerodrop history`: past batches, sent and received, by the app and by
// these commands, newest first.
import { parseArgs } from 'node:util';
import type { HistoryBatch } from '../../shared/history.js';
import { batchOutcome, batchTitle } from '../../shared/historyText.js';
import { safeJson, safeText } from '../../shared/safeText.js';
import { HistoryLog } from '../host/history/historyLog.js';
import { configDirOf, UsageError } from './args.js';

export const HISTORY_USAGE = `zerodrop history [--config-dir DIR] [--json]
  Lists past batches, newest first, both directions, recorded by the app and
  by \`zerodrop send\` and \`receive\` in the app's data folder (--config-dir).
  --json prints one array: [{"direction", "peer", "files", "bytes", "outcome",
  "startedAt", "endedAt", "folder", "done", "failed", "cancelled", "names", …}].`;

export async function runHistory(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { 'config-dir': { type: 'string' }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new UsageError(`history takes no ${JSON.stringify(positionals[0])}`);
  const log = new HistoryLog(configDirOf(values['config-dir']));
  let batches: HistoryBatch[];
  try {
    batches = await log.list();
  } catch (error) {
    process.stderr.write(`zerodrop: cannot read the history ${log.file}: ${(error as Error).message}\n`);
    return 1;
  }
  if (values.json) process.stdout.write(`${safeJson(batches)}\n`);
  else process.stdout.write(batches.length === 0 ? 'No batches yet.\n' : batches.map(historyLine).join(''));
  return 0;
}

/** "2025-05-01 14:03  Sent 3 files (12 MB) to tcp://10.0.0.2:5670: Done — /home/me/Photos", in local time. */
export function historyLine(batch: HistoryBatch): string {
  const folder = batch.folder === null ? '' : ` — ${safeText(batch.folder)}`;
  return `${localTime(batch.endedAt)}  ${batchTitle(batch)}: ${batchOutcome(batch)}${folder}\n`;
}

function localTime(iso: string): string {
  const t = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${two(t.getMonth() + 1)}-${two(t.getDate())} ${two(t.getHours())}:${two(t.getMinutes())}`;
}
