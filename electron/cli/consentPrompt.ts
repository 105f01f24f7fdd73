// `zerodrop receive --accept ask`: the receiving person answers each batch.
// On a terminal it asks in words; otherwise it reads one answer per line
// from standard input (once, always, decline or block), so that a script
// can answer too. A question withdrawn (timed out) is said so.
import readline from 'node:readline';
import { formatBytes } from '../../shared/format.js';
import { safeText } from '../../shared/safeText.js';
import { CONSENT_DECISIONS, type BatchOffer, type ConsentDecision } from '../../shared/trust.js';
import type { ReceiverActorApi } from '../engine/actors/api.js';

const KEYS: Record<string, ConsentDecision> = { o: 'once', a: 'always', d: 'decline', b: 'block' };

export function describeOffer(offer: BatchOffer): string {
  const files = offer.files === 1 ? `"${safeText(offer.first)}"` : `${offer.files} files ("${safeText(offer.first)}", …)`;
  return `${safeText(offer.device)} (fingerprint ${offer.fingerprint}) wants to send ${files}, ${formatBytes(offer.bytes)}`;
}

function decisionOf(line: string): ConsentDecision | null {
  const word = line.trim().toLowerCase();
  if ((CONSENT_DECISIONS as readonly string[]).includes(word)) return word as ConsentDecision;
  return KEYS[word.slice(0, 1)] ?? null;
}

/** Answers the actor's questions one at a time, in the order asked; returns a stop function. */
export function answerOffers(actor: ReceiverActorApi, info: (line: string) => void, event: (e: Record<string, unknown>) => void): () => void {
  const queue: BatchOffer[] = [];
  const lines = readline.createInterface({ input: process.stdin, terminal: false });
  const prompt = (): void => {
    const offer = queue[0];
    if (offer) info(`${describeOffer(offer)}.\n  Accept [o]nce, [a]lways (remember this device), [d]ecline, or [b]lock it?`);
  };
  lines.on('line', (line) => {
    const offer = queue[0];
    const decision = decisionOf(line);
    if (!offer) return;
    if (!decision) return info('  Answer o (once), a (always), d (decline) or b (block).');
    queue.shift();
    actor.answer(offer.batch, decision);
    event({ event: 'answered', batch: offer.batch, decision });
    prompt();
  });
  const offAsk = actor.onAsk((offer) => {
    event({ event: 'asked', ...offer });
    queue.push(offer);
    if (queue.length === 1) prompt();
  });
  const offEnded = actor.onAskEnded((batch) => {
    const index = queue.findIndex((o) => o.batch === batch);
    if (index < 0) return;
    queue.splice(index, 1);
    info('  (no answer in time: declined)');
    event({ event: 'unanswered', batch });
    if (index === 0) prompt();
  });
  return () => {
    offAsk();
    offEnded();
    lines.close();
  };
}
