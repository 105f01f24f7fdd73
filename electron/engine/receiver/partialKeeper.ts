// The receiver's side of resuming, beside its transfers: the partials it
// keeps (partialStore.ts), pruned by age and budget in the background, and
// the partial a RESUME continues or starts. A partial being received now is
// never pruned, discarded or opened twice.
import type { PartialListing } from '../../../shared/transfer.js';
import { listingOf } from './partialListing.js';
import { PartialStore, type HeldChunk, type PartialLimits } from './partialStore.js';
import type { ReceiveFolder } from './receiveFolder.js';
import type { TempFile } from './tempFile.js';
import type { PartialHandle, Transfer } from './transfer.js';

const DEFAULT_PARTIAL_LIMITS: PartialLimits = { keepMs: 24 * 3600_000, budgetBytes: 64 * 1024 ** 3 };
/** How often partials past their age or budget are looked for. */
const PRUNE_EVERY_MS = 10 * 60_000;

/** A partial's device and name, as one key. */
const keyOf = (device: string, name: string) => `${device}\0${name}`;

export class PartialKeeper {
  private readonly store: PartialStore;
  private readonly timer: NodeJS.Timeout;
  private pruning: Promise<void> = Promise.resolve();
  /**
   * Device and name of every partial that may be in the folder: those found
   * at start and those made since (this receiver holds the folder's lock).
   * A HELLO for any other file reads nothing; one for a kept file looks once.
   */
  private readonly mayHold: Promise<Set<string>>;
  /** Drops under way: close() waits for them, as for a prune. */
  private readonly dropping = new Set<Promise<void>>();

  constructor(
    folder: ReceiveFolder,
    limits: Partial<PartialLimits> | undefined,
    /** The transfers in transit: theirs are in use. */
    private readonly transfers: () => Iterable<Transfer>,
  ) {
    this.store = new PartialStore(folder, { ...DEFAULT_PARTIAL_LIMITS, ...limits });
    this.mayHold = this.store.list().then(
      (kept) => new Set(kept.map((p) => keyOf(p.device, p.name))),
      () => new Set<string>(),
    );
    this.prune();
    this.timer = setInterval(() => this.prune(), PRUNE_EVERY_MS);
  }

  /** Stops pruning and waits for a prune under way (the folder is about to close). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([this.pruning, ...this.dropping]);
  }

  inUse(id: string): boolean {
    for (const transfer of this.transfers()) if (transfer.partial?.id === id) return true;
    return false;
  }

  async list(): Promise<PartialListing[]> {
    return (await this.store.list()).map(listingOf).sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /** False when there is none by that id or it is being received now. */
  async discard(id: string): Promise<boolean> {
    const found = (await this.store.list()).find((p) => p.id === id);
    if (!found || this.inUse(id)) return false;
    await this.store.discard(id);
    return true;
  }

  /** A device sent `name` afresh: what was kept of it goes. */
  dropFor(device: string, name: string): Promise<void> {
    const drop = (async () => {
      const mayHold = await this.mayHold;
      if (!mayHold.delete(keyOf(device, name))) return;
      const found = await this.store.find(device, name).catch(() => null);
      if (found && !this.inUse(found.id)) await this.store.discard(found.id).catch(() => undefined);
    })();
    this.dropping.add(drop);
    return drop.finally(() => this.dropping.delete(drop));
  }

  /**
   * The partial a RESUME of `name` by `device` continues (same size and file
   * id), or a new one; one of another version is discarded first.
   */
  async open(device: string, name: string, size: number, fileId: string): Promise<{ temp: TempFile; partial: PartialHandle; held: HeldChunk[] }> {
    const found = await this.store.find(device, name);
    const same = found !== null && found.size === size && found.fileId === fileId && !this.inUse(found.id);
    if (found && !same && !this.inUse(found.id)) await this.store.discard(found.id);
    const { temp, record } = same ? await this.store.reopen(found.id) : await this.store.create({ device, name, size, fileId });
    (await this.mayHold).add(keyOf(device, name));
    return { temp, partial: { id: record.id, store: this.store, record, size, fileId }, held: same ? found.chunks : [] };
  }

  private prune(): void {
    const inUse = new Set([...this.transfers()].flatMap((t) => (t.partial ? [t.partial.id] : [])));
    this.pruning = this.pruning.then(() => this.store.prune(inUse)).then(
      () => undefined,
      () => undefined,
    );
  }
}
