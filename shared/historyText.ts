// What a past batch says, in the same words in the app's History view and in
// `zerodrop history`. A peer chose the names, errors and (receiving) the
// folder's last parts: all go through safeText.
import { countOf, formatBytes, formatCount } from './format.js';
import type { HistoryBatch } from './history.js';
import { safeText } from './safeText.js';

/** "Sent 3 files (12 MB) to tcp://10.0.0.2:5670", "Received 1,000 files (5 MB) from 3f9a0c21b7d4". */
export function batchTitle({ direction, files, bytes, peer }: HistoryBatch): string {
  const what = `${countOf(files, 'file')} (${formatBytes(bytes)})`;
  return direction === 'send' ? `Sent ${what} to ${safeText(peer)}` : `Received ${what} from ${safeText(peer)}`;
}

/** "Done", "2 of 3 done (why)", "Failed (why)", "Cancelled". */
export function batchOutcome({ outcome, done, files, error }: HistoryBatch): string {
  const why = error === undefined ? '' : ` (${safeText(error, 160)})`;
  if (outcome === 'done') return 'Done';
  if (outcome === 'partial') return `${formatCount(done)} of ${formatCount(files)} done${why}`;
  return outcome === 'failed' ? `Failed${why}` : 'Cancelled';
}

/** "a.jpg, b.jpg and 4 more". */
export function batchNames({ names, files }: HistoryBatch): string {
  const shown = names.map((name) => safeText(name, 80)).join(', ');
  return files > names.length ? `${shown} and ${formatCount(files - names.length)} more` : shown;
}
