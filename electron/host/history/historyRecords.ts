// The history file's text, without file I/O: records in, records out.
//
// Format: a JSON text sequence (RFC 7464, application/json-seq), one record
// per batch, each written as RS (U+001E), one line of JSON, LF. Chosen over
// a database: Node 20 has no node:sqlite, and better-sqlite3 would need a
// native binary per installer target built against Electron's headers. An
// append-only log needs neither, and lets the app and CLI commands add
// records at once with no lock (one O_APPEND write each). RS and not only
// LF between records: a record cut short by a crash or a full disk runs up
// to the next RS, so it spoils itself alone, never the record appended after
// it (with bare JSON lines the two would share a line and both be lost).
// JSON.stringify escapes every control character inside strings, so RS and
// LF only ever appear between records.
import * as v from 'valibot';
import { HISTORY_OUTCOMES, type HistoryBatch } from '../../../shared/history.js';

export const RS = '\u001e';

/** Bounds on one record's fields, in UTF-16 units (a peer's names can be long): a record stays a few kilobytes. */
export const NAMES_KEPT = 3;
export const MAX_TEXT = 1024;
export const MAX_PATH = 4096;

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const isoTime = v.pipe(v.string(), v.isoTimestamp());

/** What a record must be to be shown: a damaged or foreign one is skipped, not trusted. */
const RECORD = v.object({
  id: v.pipe(v.string(), v.regex(/^[0-9a-f]{8,64}$/)),
  direction: v.picklist(['send', 'receive']),
  peer: text(MAX_TEXT),
  files: count,
  done: count,
  failed: count,
  cancelled: count,
  bytes: count,
  outcome: v.picklist(HISTORY_OUTCOMES),
  startedAt: isoTime,
  endedAt: isoTime,
  folder: v.nullable(text(MAX_PATH)),
  names: v.pipe(v.array(text(MAX_TEXT)), v.maxLength(NAMES_KEPT)),
  error: v.optional(text(MAX_TEXT)),
});

/** One record as it is appended: a single write. */
export function encodeRecord(batch: HistoryBatch): string {
  return `${RS}${JSON.stringify(batch)}\n`;
}

/**
 * Every complete, well-formed record in `text`, oldest first, each id once.
 * Whatever else is there — a record cut short, bytes of a block a crash left
 * unwritten (NULs), a text that begins mid-record because only the file's
 * end was read — is skipped.
 */
export function parseRecords(text: string): HistoryBatch[] {
  const seen = new Set<string>();
  const records: HistoryBatch[] = [];
  for (const piece of text.split(RS)) {
    const record = parseRecord(piece);
    if (record && !seen.has(record.id)) {
      seen.add(record.id);
      records.push(record);
    }
  }
  return records;
}

function parseRecord(piece: string): HistoryBatch | null {
  // A record's one LF is its end; a record cut short has none. What follows
  // it up to the next RS is not a record's: say, the zeros of a block that a
  // crash left unwritten after it.
  const end = piece.indexOf('\n');
  if (end < 0) return null;
  let value: unknown;
  try {
    value = JSON.parse(piece.slice(0, end));
  } catch {
    return null;
  }
  const checked = v.safeParse(RECORD, value);
  return checked.success ? (checked.output as HistoryBatch) : null;
}

/** The newest records that fit in `maxBytes` of the file, oldest first, as the file's new text. */
export function newestRecords(records: readonly HistoryBatch[], maxBytes: number): string {
  const kept: string[] = [];
  let bytes = 0;
  for (let i = records.length - 1; i >= 0; i--) {
    const encoded = encodeRecord(records[i]!);
    bytes += Buffer.byteLength(encoded);
    if (bytes > maxBytes) break;
    kept.push(encoded);
  }
  return kept.reverse().join('');
}

/** How many of `bytes` hold complete records (up to the last LF): the rest may still be being written. */
export function completeLength(bytes: Buffer): number {
  return bytes.lastIndexOf(0x0a) + 1;
}
