// The questions the receiving person is being asked (one per batch), as the
// receiver actor asks and withdraws them; every change hands the whole list
// on, so that each UI shows exactly the questions still open.
import type { BatchOffer } from '../../shared/trust.js';

export class ConsentBook {
  /** By batch id, in the order asked. */
  private readonly open = new Map<string, BatchOffer>();

  constructor(private readonly changed: (pending: BatchOffer[]) => void) {}

  asked(offer: BatchOffer): void {
    this.open.set(offer.batch, offer);
    this.changed(this.list());
  }

  /** Answered, timed out, or withdrawn by the receiver. */
  ended(batch: string): void {
    if (this.open.delete(batch)) this.changed(this.list());
  }

  /** The receiver stopped: its questions went with it. */
  clear(): void {
    if (this.open.size === 0) return;
    this.open.clear();
    this.changed([]);
  }

  get(batch: string): BatchOffer | undefined {
    return this.open.get(batch);
  }

  list(): BatchOffer[] {
    return [...this.open.values()];
  }
}
