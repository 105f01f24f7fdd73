// One fuzzing identity's whole run, as a lazy sequence of steps that follows
// from its seed alone (never from the replies), so a seed replays it: several
// transfers in transit at once, malformed requests between them, markers that
// prove reply order, and, for raw ZMTP peers, broken bytes.
import { malformedStep, markerStep } from './malformed.js';
import type { Rng } from './random.js';
import { rawStep } from './raw.js';
import { hasEnvelope, type RequestStep, type Step } from './steps.js';
import { transferSteps, type TransferMode } from './transfers.js';

export interface ScriptOptions {
  /** The identity's number: its names are its own. */
  id: number;
  /** How many steps (messages) in all. */
  steps: number;
  /** Whether it may send bytes below the protocol (a raw ZMTP peer that may be dropped). */
  raw: boolean;
  /** Whether its requests may go a few bytes at a time. */
  trickle: boolean;
  /** Whether it may put a REQ envelope (an empty frame) before a request itself (not a REQ socket: it adds its own). */
  envelopes: boolean;
}

const TRANSFERS_IN_TRANSIT = 3;
/** A trickled request is at most this long: byte by byte, a megabyte would take minutes. */
const TRICKLE_BYTES = 16 * 1024;

function bytesOf(step: RequestStep): number {
  return step.frames.reduce((sum, f) => sum + f.length, 0);
}

/** How a step goes on the wire for this identity: with an envelope of its own, a few bytes at a time. */
function dressed(rng: Rng, step: RequestStep, options: ScriptOptions): RequestStep {
  let out = step;
  if (options.envelopes && rng.chance(0.05) && !hasEnvelope(step.frames) && step.frames[0]!.length > 0) out = { ...out, frames: ['', ...out.frames] };
  if (options.trickle && rng.chance(0.4) && bytesOf(out) <= TRICKLE_BYTES) out = { ...out, trickle: true };
  return out;
}

export function* script(rng: Rng, options: ScriptOptions): Generator<Step> {
  let names = 0;
  const fresh = () => `i${options.id}/n${names++}.bin`;
  const source = { fresh };
  const transfers: Array<Iterator<RequestStep>> = [];
  const open = () => {
    const mode = rng.weighted<TransferMode>([[6, 'whole'], [3, 'mutated'], [1, 'abandoned'], [0.1, 'large']]);
    const dir = rng.chance(0.3) ? `d${rng.int(4)}/` : '';
    transfers.push(transferSteps(rng, `i${options.id}/${dir}s${names++}.bin`, mode));
  };
  let markers = 0;
  for (let made = 0; made < options.steps; made++) {
    const roll = rng.next();
    if (options.raw && roll < 0.04) {
      yield rawStep(rng);
      continue;
    }
    if (roll < 0.12) {
      yield markerStep(`#${options.id}.${markers++}`);
      continue;
    }
    if (roll < 0.4) {
      yield dressed(rng, malformedStep(rng, source), options);
      continue;
    }
    if (transfers.length === 0 || (transfers.length < TRANSFERS_IN_TRANSIT && rng.chance(0.1))) open();
    const index = rng.int(transfers.length);
    const next = transfers[index]!.next();
    if (next.done) {
      transfers.splice(index, 1);
      made--;
      continue;
    }
    yield dressed(rng, next.value, options);
  }
  // A last marker: a reply too many, anywhere before it, would take its place.
  yield markerStep(`#${options.id}.end`);
}
