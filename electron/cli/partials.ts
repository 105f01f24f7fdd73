// `zerodrop partials`: what a receive folder keeps of interrupted encrypted
// transfers, for their devices to resume, and discarding it. Listing reads
// the partials folder only; discarding takes the folder's lock, so it never
// removes what a running receiver is using.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatBytes, formatDuration } from '../../shared/format.js';
import { safeText } from '../../shared/safeText.js';
import { discardPartials, listPartials } from '../engine/receiver/partialListing.js';
import { CommandError, UsageError } from './args.js';

export const PARTIALS_USAGE = `zerodrop partials [--dir DIR] [--json] [--discard NAME | --discard-all]
  Lists what the receive folder DIR (default: the current folder) keeps of
  interrupted encrypted transfers: name, sending device, bytes held, age.
  Each is resumed when its device sends the same file again, and removed
  after \`receive --keep-partials\` hours or beyond \`--partials-budget\`.
  --discard NAME / --discard-all remove them (not while a receiver runs there).
  --json prints one array of {id, name, device, fingerprint, size, heldBytes, updatedAt};
  with --discard or --discard-all, {"discarded": N}. Exit 1: a receiver runs in DIR, or no
  partial has that NAME.`;

export async function runPartials(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { dir: { type: 'string' }, json: { type: 'boolean', default: false }, discard: { type: 'string' }, 'discard-all': { type: 'boolean', default: false } },
    strict: true,
  });
  const root = path.resolve(values.dir ?? '.');
  if (values.discard !== undefined && values['discard-all']) throw new UsageError('give --discard NAME or --discard-all, not both');
  if (values.discard !== undefined || values['discard-all']) {
    const removed = await discardPartials(root, (p) => values['discard-all'] || p.name === values.discard).catch((err: Error) => {
      throw new CommandError(`cannot discard partials in ${root} now: ${err.message}`);
    });
    if (values.discard !== undefined && removed === 0) throw new CommandError(`no partial named ${JSON.stringify(values.discard)} in ${root}`);
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
