// The receiver's side of resuming, beside its transfers: the partials it
// keeps (partialStore.ts), pruned by age and budget in the background, and
// the partial a RESUME continues or starts. A partial being received now is
// never pruned, discarded or opened twice.
import type { PartialListing } from '../../../shared/transfer.js';
import { listingOf } from './partialListing.js';
import { MAX_KEPT_PARTIALS, PartialStore, type HeldChunk, type PartialInfo, type PartialLimits } from './partialStore.js';
import type { ReceiveFolder } from './receiveFolder.js';
import type { TempFile } from './tempFile.js';
import type { PartialHandle, Transfer } from './transfer.js';

const DEFAULT_PARTIAL_LIMITS: PartialLimits = { keepMs: 24 * 3600_000, budgetBytes: 64 * 1024 ** 3, maxKept: MAX_KEPT_PARTIALS };
/** How often partials past their age or budget are looked for. */
const PRUNE_EVERY_MS = 10 * 60_000;

/** A partial's device and name, as one key. */
const keyOf = (device: string, name: string) => `${device}\0${name}`;

export class PartialKeeper {
  private readonly store: PartialStore;
  private readonly timer: NodeJS.Timeout;
  private pruning: Promise<void> = Promise.resolve();
  /**
   * The partial of each device and name that may be in the folder: those
   * found at start and those made since (this receiver holds the folder's
   * lock). A HELLO for any other file reads nothing; a RESUME reads one record.
   */
  private readonly index: Promise<Map<string, string>>;
  /** A prune for the count is queued or under way: RESUMEs meanwhile start none. */
  private countPrune = false;
  /** Drops under way: close() waits for them, as for a prune. */
  private readonly dropping = new Set<Promise<void>>();

  constructor(
    folder: ReceiveFolder,
    limits: Partial<PartialLimits> | undefined,
    /** The transfers in transit: theirs are in use. */
    private readonly transfers: () => Iterable<Transfer>,
  ) {
    this.store = new PartialStore(folder, { ...DEFAULT_PARTIAL_LIMITS, ...limits });
    this.index = this.store.list(true).then(
      (kept) => new Map(kept.map((p) => [keyOf(p.device, p.name), p.id])),
      () => new Map<string, string>(),
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
    if (!(await this.store.info(id, true)) || this.inUse(id)) return false;
    await this.store.discard(id);
    await this.forget([id]);
    return true;
  }

  /** A device sent `name` afresh: what was kept of it goes. */
  dropFor(device: string, name: string): Promise<void> {
    const drop = (async () => {
      const index = await this.index;
      const key = keyOf(device, name);
      const id = index.get(key);
      if (id === undefined) return;
      index.delete(key);
      if (!this.inUse(id)) await this.store.discard(id).catch(() => undefined);
    })();
    this.dropping.add(drop);
    return drop.finally(() => this.dropping.delete(drop));
  }

  /** The partial `device` keeps of `name`, read whole; null if none. */
  private async find(device: string, name: string): Promise<PartialInfo | null> {
    const id = (await this.index).get(keyOf(device, name));
    const found = id === undefined ? null : await this.store.info(id);
    return found?.device === device && found.name === name ? found : null;
  }

  private async forget(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const gone = new Set(ids);
    const index = await this.index;
    for (const [key, id] of index) if (gone.has(id)) index.delete(key);
  }

  /**
   * The partial a RESUME of `name` by `device` continues (same size and file
   * id), or a new one; one of another version is discarded first.
   */
  async open(device: string, name: string, size: number, fileId: string): Promise<{ temp: TempFile; partial: PartialHandle; held: HeldChunk[] }> {
    const found = await this.find(device, name);
    const same = found !== null && found.size === size && found.fileId === fileId && !this.inUse(found.id);
    if (found && !same && !this.inUse(found.id)) await this.store.discard(found.id);
    const { temp, record } = same ? await this.store.reopen(found.id) : await this.store.create({ device, name, size, fileId });
    const index = await this.index;
    const key = keyOf(device, name);
    index.set(key, record.id);
    await this.pruneForCount();
    const discard = async () => {
      await this.store.discard(record.id);
      if (index.get(key) === record.id) index.delete(key);
    };
    return { temp, partial: { id: record.id, discard, record, size, fileId }, held: same ? found.chunks : [] };
  }

  /** Partials being received now (taken up by their transfers). */
  private idsInTransit(): Set<string> {
    const ids = new Set<string>();
    for (const transfer of this.transfers()) if (transfer.partial) ids.add(transfer.partial.id);
    return ids;
  }

  /**
   * Many kept (a device's RESUMEs of many files): the oldest go now, not at
   * the next round, down to a tenth under the bound, so that a prune (a look
   * at every record) comes once in many RESUMEs; again after it while still
   * too many came meanwhile.
   */
  private async pruneForCount(): Promise<void> {
    const { maxKept } = this.store.limits;
    if (this.countPrune || (await this.index).size <= maxKept + this.idsInTransit().size) return;
    this.countPrune = true;
    this.prune(Math.floor(maxKept * 0.9), (removed) => {
      this.countPrune = false;
      // Nothing more could go (all in use, or the folder refused): no prune after prune.
      if (removed > 0) void this.pruneForCount();
    });
  }

  /** Prunes after any prune under way; `keep`: how many may stay (the bound, or under it). */
  private prune(keep?: number, then?: (removed: number) => void): void {
    this.pruning = this.pruning
      .then(() => this.store.prune(() => this.idsInTransit(), Date.now(), keep))
      .then(
        async (removed) => {
          await this.forget(removed);
          then?.(removed.length);
        },
        () => then?.(0),
      );
  }
}
