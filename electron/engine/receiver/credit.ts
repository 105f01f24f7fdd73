// A peer's credit for work that helps nobody: bytes the receiver reads only
// to let go (a CHUNK over the limit, a name past its cap) and requests it
// can only refuse (ERROR replies). Each such request is still read and
// answered, as PROTOCOL.md promises, but a peer that keeps sending them is
// read at a pace: a flood cannot take the reading and the thread that
// others' files need, while one mistake, or a few refusals, pass at once.

export interface CreditTerms {
  /** What may be spent at once. */
  burst: number;
  /** What comes back each second, up to the burst. */
  perSecond: number;
}

/** Bytes read only to be let go: a chunk of twice the limit passes at once. */
export const DISCARD_CREDIT: CreditTerms = { burst: 32 * 1024 * 1024, perSecond: 16 * 1024 * 1024 };
/**
 * Refusals: a sender at work meets a few (a name in transit, a full
 * receiver); a flood meets one per request. At this pace a peer that never
 * reads fills the kernel's buffers of replies (about 4 MB) within a minute
 * and is then dropped as not reading.
 */
export const REFUSAL_CREDIT: CreditTerms = { burst: 1_000, perSecond: 500 };

export class Credit {
  private left: number;
  private at: number;

  constructor(
    private readonly terms: CreditTerms,
    now = Date.now(),
  ) {
    this.left = terms.burst;
    this.at = now;
  }

  get balance(): number {
    return this.left;
  }

  /** Spends `amount`; returns how long, in ms, until the credit is no longer negative (0: it is not). */
  spend(amount: number, now = Date.now()): number {
    this.left = Math.min(this.terms.burst, this.left + ((now - this.at) * this.terms.perSecond) / 1000) - amount;
    this.at = now;
    return this.left >= 0 ? 0 : Math.ceil((-this.left * 1000) / this.terms.perSecond);
  }
}
