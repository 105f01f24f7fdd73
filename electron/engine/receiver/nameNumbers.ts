// Which numbered names a stored file tries ("x.txt", then "x (1).txt", …),
// remembering per folder and name where the last search ended: a name whose
// first thousands of numbers are taken costs one look at the base name and
// one past the last number found taken, not thousands of link() calls for
// every file sent under it again (a peer could store x (1)…x (9999) once,
// then make each further "x" cost the receiver's thread that many calls).
// Once every number was found taken, only the base name is tried.

/** Numbers tried at most after the base name. */
export const MAX_NUMBERED = 10_000;
/** Names remembered, the least recently used forgotten first. */
const MAX_REMEMBERED = 1_024;

export class NameNumbers {
  /** Per folder and name: the number after the last one found taken. */
  private readonly next = new Map<string, number>();

  /** The numbers to try, in order: 0 (the base name), then onwards from where the last search ended. */
  *tries(key: string): Generator<number> {
    yield 0;
    const from = this.next.get(key) ?? 1;
    // Every number found taken: not searched again (each would be a call that fails); its refusal is paced.
    if (from > MAX_NUMBERED) return;
    for (let n = from; n <= MAX_NUMBERED; n++) yield n;
    // Numbers below the remembered one may have been freed since: looked at only when the rest are taken.
    for (let n = 1; n < from; n++) yield n;
  }

  /** `n` was taken under `key` (0 is the base name, which says nothing of the numbers). */
  taken(key: string, n: number): void {
    const next = this.next.get(key) ?? 1;
    // Only onwards: numbers looked at again below the remembered one say nothing new.
    if (n === 0 || n < next) return;
    this.next.delete(key);
    this.next.set(key, n + 1);
    if (this.next.size > MAX_REMEMBERED) this.next.delete(this.next.keys().next().value!);
  }
}
