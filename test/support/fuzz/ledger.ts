// What a fuzzing run saw: messages sent, replies by code, every CLOSE and its
// answer, dropped connections, and each problem found. Replies are checked
// here: READY, or ERROR with a code of PROTOCOL.md §3; one the step allows;
// its marker, when it has one, in its place.
import { ERROR_CODES } from '../../../shared/protocol.js';
import { hasEnvelope, type RequestStep } from './steps.js';

const CODES = new Set<string>(ERROR_CODES);
/** Problems kept word for word; past this they are only counted. */
const MAX_PROBLEMS = 50;

export interface CloseRecord {
  sizes: Set<number>;
  /** Sizes answered READY. */
  ready: number[];
  /** CLOSEs of it whose answer was never seen (a peer that does not read, or was dropped). */
  unanswered: number;
}

export class Ledger {
  messages = 0;
  readonly replies = new Map<string, number>();
  readonly closes = new Map<string, CloseRecord>();
  readonly problems: string[] = [];
  problemCount = 0;
  /** Connections the receiver closed. */
  dropped = 0;
  connections = 0;

  problem(text: string): void {
    this.problemCount++;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(text);
  }

  /** A request was sent: a CLOSE counts as unanswered until its reply is read. */
  sent(step: RequestStep): void {
    if (!step.close) return;
    const { name, size } = step.close;
    let record = this.closes.get(name);
    if (!record) this.closes.set(name, (record = { sizes: new Set(), ready: [], unanswered: 0 }));
    record.sizes.add(size);
    record.unanswered++;
  }

  /**
   * Checks `frames`, the reply to `step` (request number `index` of `who`);
   * `envelope` when the reply keeps the request's own envelope (not a REQ socket).
   */
  reply(who: string, index: number, step: RequestStep, frames: Buffer[], envelope: boolean): void {
    const where = `${who} request #${index} (${step.what})`;
    let body = frames.map((f) => f.toString('utf8'));
    if (envelope && hasEnvelope(step.frames)) {
      if (body[0] !== '') return this.problem(`${where}: the reply lacks the REQ envelope: ${JSON.stringify(body).slice(0, 200)}`);
      body = body.slice(1);
    }
    const code = body[0] === 'READY' && body.length === 1 ? 'READY' : body[0] === 'ERROR' && body.length === 2 ? body[1]!.split(':')[0]! : null;
    if (code === null || (code !== 'READY' && (!CODES.has(code) || !body[1]!.startsWith(`${code}: `)))) {
      this.count('malformed');
      return this.problem(`${where}: a reply that is neither READY nor ERROR with a §3 code: ${JSON.stringify(body).slice(0, 200)}`);
    }
    this.count(code);
    if (step.allowed && !step.allowed.has(code as never)) {
      this.problem(`${where}: ${JSON.stringify(body).slice(0, 300)}, expected ${[...step.allowed].join(' or ')}`);
    }
    if (step.marker && !body[1]?.includes(step.marker)) this.problem(`${where}: out of order, got ${JSON.stringify(body).slice(0, 200)}`);
    if (step.close) {
      const record = this.closes.get(step.close.name)!;
      record.unanswered--;
      if (code === 'READY') record.ready.push(step.close.size);
    }
  }

  private count(code: string): void {
    this.replies.set(code, (this.replies.get(code) ?? 0) + 1);
  }
}
