// `zerodrop partials`: what a receive folder keeps of interrupted encrypted
// transfers, for their devices to resume, and discarding it. Listing reads
// the partials folder only; discarding takes the folder's lock, so it never
// removes what a running receiver is using.
import { readdir, readFile, lstat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatBytes, formatDuration } from '../../shared/format.js';
import { safeText } from '../../shared/safeText.js';
import { parsePartialRecord, PartialStore } from '../engine/receiver/partialStore.js';
import { PARTIALS_DIR, ReceiveFolder } from '../engine/receiver/receiveFolder.js';
import { DEFAULT_PARTIAL_LIMITS } from '../engine/receiver/receiver.js';
import { fingerprint } from '../engine/trust/deviceIdentity.js';
import { base32Decode } from '../engine/trust/textCodecs.js';
import { UsageError } from './args.js';

export const PARTIALS_USAGE = `zerodrop partials [--dir DIR] [--json] [--discard NAME | --discard-all]
  Lists what the receive folder DIR (default: the current folder) keeps of
  interrupted encrypted transfers: name, sending device, bytes held, age.
  Each is resumed when its device sends the same file again, and removed
  after \`receive --keep-partials\` hours or beyond \`--partials-budget\`.
  --discard NAME / --discard-all remove them (not while a receiver runs there).
  --json prints one array of {id, name, device, fingerprint, size, heldBytes, updatedAt}.`;

export interface PartialListing {
  id: string;
  name: string;
  device: string;
  fingerprint: string;
  size: number;
  heldBytes: number;
  updatedAt: number;
}

/** Reads the partials folder without taking the lock (a receiver may be running). */
async function listPartials(root: string): Promise<PartialListing[]> {
  const dir = path.join(root, PARTIALS_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  const listing: PartialListing[] = [];
  for (const name of names.filter((n) => n.endsWith('.rec'))) {
    const file = path.join(dir, name);
    const [text, stat] = await Promise.all([readFile(file, 'utf8').catch(() => ''), lstat(file).catch(() => null)]);
    const parsed = parsePartialRecord(text);
    if (!parsed || !stat?.isFile()) continue;
    const key = base32Decode(parsed.header.device);
    const heldBytes = parsed.chunks.reduce((sum, c) => sum + c.size, 0);
    listing.push({ id: name.slice(0, -4), name: parsed.header.name, device: parsed.header.device, fingerprint: key ? fingerprint(key) : '?', size: parsed.header.size, heldBytes, updatedAt: stat.mtimeMs });
  }
  return listing.sort((a, b) => b.updatedAt - a.updatedAt);
}

async function discard(root: string, which: (name: string) => boolean): Promise<number> {
  let folder: ReceiveFolder;
  try {
    folder = await ReceiveFolder.open(root);
  } catch (err) {
    throw new UsageError(`cannot discard partials in ${root} now: ${(err as Error).message}`);
  }
  try {
    const store = new PartialStore(folder, DEFAULT_PARTIAL_LIMITS);
    const chosen = (await store.list()).filter((p) => which(p.name));
    for (const partial of chosen) await store.discard(partial.id);
    return chosen.length;
  } finally {
    await folder.close();
  }
}

export async function runPartials(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { dir: { type: 'string' }, json: { type: 'boolean', default: false }, discard: { type: 'string' }, 'discard-all': { type: 'boolean', default: false } },
    strict: true,
  });
  const root = path.resolve(values.dir ?? '.');
  if (values.discard !== undefined && values['discard-all']) throw new UsageError('give --discard NAME or --discard-all, not both');
  if (values.discard !== undefined || values['discard-all']) {
    const removed = await discard(root, (name) => values['discard-all'] || name === values.discard);
    if (values.discard !== undefined && removed === 0) throw new UsageError(`no partial named ${JSON.stringify(values.discard)} in ${root}`);
    process.stdout.write(values.json ? `${JSON.stringify({ discarded: removed })}\n` : `Discarded ${removed} partial file${removed === 1 ? '' : 's'}.\n`);
    return 0;
  }
  const listing = await listPartials(root);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(listing)}\n`);
    return 0;
  }
  if (listing.length === 0) process.stdout.write(`Nothing kept for resuming in ${root}.\n`);
  for (const p of listing) {
    const age = formatDuration((Date.now() - p.updatedAt) / 1000);
    process.stdout.write(`${safeText(p.name)}  ${formatBytes(p.heldBytes)} of ${formatBytes(p.size)}  from ${p.fingerprint}  ${age} ago\n`);
  }
  return 0;
}
