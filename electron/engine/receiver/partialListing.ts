// What a receive folder keeps for resuming, read without its lock (a
// receiver may be running there), and discarded with it (never under a
// running receiver). Shared by `zerodrop partials` and the app.
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PartialListing } from '../../../shared/transfer.js';
import { fingerprint } from '../trust/deviceIdentity.js';
import { base32Decode } from '../trust/textCodecs.js';
import { parsePartialRecord, PartialStore, type PartialInfo } from './partialStore.js';
import { ReceiveFolder } from './receiveFolder.js';
import { PARTIALS_DIR } from './tempFile.js';

/** A partial as people see it: its device by fingerprint. */
export function listingOf(info: Pick<PartialInfo, 'id' | 'name' | 'device' | 'size' | 'heldBytes' | 'updatedAt'>): PartialListing {
  const key = base32Decode(info.device);
  return { id: info.id, name: info.name, device: info.device, fingerprint: key ? fingerprint(key) : '?', size: info.size, heldBytes: info.heldBytes, updatedAt: info.updatedAt };
}

/** Reads the partials folder of `root`, newest first. */
export async function listPartials(root: string): Promise<PartialListing[]> {
  const dir = path.join(root, PARTIALS_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  const listing: PartialListing[] = [];
  for (const name of names.filter((n) => n.endsWith('.rec'))) {
    const file = path.join(dir, name);
    const [text, stat] = await Promise.all([readFile(file, 'utf8').catch(() => ''), lstat(file).catch(() => null)]);
    const parsed = parsePartialRecord(text);
    if (!parsed || !stat?.isFile()) continue;
    const heldBytes = parsed.chunks.reduce((sum, c) => sum + c.size, 0);
    listing.push(listingOf({ id: name.slice(0, -4), ...parsed.header, heldBytes, updatedAt: stat.mtimeMs }));
  }
  return listing.sort((a, b) => b.updatedAt - a.updatedAt);
}

/** Discards the partials `which` picks, under the folder's lock (it fails while a receiver runs there). */
export async function discardPartials(root: string, which: (partial: PartialInfo) => boolean): Promise<number> {
  const folder = await ReceiveFolder.open(root);
  try {
    const store = new PartialStore(folder, { keepMs: Infinity, budgetBytes: Infinity, maxKept: Infinity });
    const chosen = (await store.list()).filter(which);
    for (const partial of chosen) await store.discard(partial.id);
    return chosen.length;
  } finally {
    await folder.close();
  }
}
