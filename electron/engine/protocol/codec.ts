// Frames ⇄ messages (PROTOCOL.md §2–§3). Pure: no sockets, no files.
import { ERROR, ERROR_CODES, FRAME_COUNTS, READY, type Command, type ErrorCode, type FrameData, type Reply, type Request } from '../../../shared/protocol.js';
import { MAX_SHOWN_CHARS, safeText } from '../../../shared/safeText.js';
import { decodeName, MAX_NAME_BYTES, nameProblem, quoted } from './names.js';
import { parseWireNumber } from './numbers.js';
import { headOf, joined } from './pieces.js';

export class ProtocolError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

/** The longest detail an ERROR carries: whatever a detail quotes, a reply stays small. */
const MAX_DETAIL_CHARS = 600;

/** The ERROR reply for `code`, with words for a person, cut and made safe (safeText). */
export function errorReply(code: ErrorCode, detail: string): Extract<Reply, { ok: false }> {
  return { ok: false, code, text: `${code}: ${safeText(detail, MAX_DETAIL_CHARS)}` };
}

export const READY_REPLY: Reply = { ok: true };

export type Parsed = { ok: true; request: Request } | { ok: false; reply: Reply };

const COMMAND_BY_TEXT = new Map<string, Command>(Object.keys(FRAME_COUNTS).map((c) => [c, c as Command]));

function text(frame: FrameData): string {
  return joined(frame).toString('latin1');
}

/**
 * Parses one request (the frames after the routing id and any REQ envelope).
 * Checks, in the order of PROTOCOL.md §3: frame count and command, numbers,
 * name. The receiver checks the rest against its state. `frameCount` is the
 * message's true number of frames when only the first ones were kept.
 */
export function parseRequest(frames: readonly FrameData[], frameCount = frames.length): Parsed {
  const first = frames[0];
  const cmd = first && first.length <= 5 ? COMMAND_BY_TEXT.get(text(first)) : undefined;
  if (!cmd) {
    // At most 32 bytes are decoded to show it: the frame may be megabytes.
    const shown = first ? JSON.stringify(text(headOf(first, 32))) : 'nothing';
    return { ok: false, reply: errorReply('bad-request', `unknown command ${shown}; expected HELLO, CHUNK or CLOSE`) };
  }
  if (frameCount !== FRAME_COUNTS[cmd] + 1 || frames.length !== frameCount) {
    return {
      ok: false,
      reply: errorReply('bad-request', `${cmd} takes ${FRAME_COUNTS[cmd] + 1} frames, got ${frameCount}`),
    };
  }
  const numbers: Record<string, number> = {};
  const numberFrames: Array<[string, number]> = cmd === 'CHUNK' ? [['offset', 2], ['size', 3]] : cmd === 'CLOSE' ? [['size', 2]] : [];
  for (const [field, index] of numberFrames) {
    const value = parseWireNumber(joined(frames[index]!));
    if (value === null) {
      return {
        ok: false,
        reply: errorReply('bad-request', `${field} must be a decimal number of 1 to 16 digits, at most 2^53 − 1`),
      };
    }
    numbers[field] = value;
  }
  // Length first: a long name costs nothing to refuse (and may arrive cut short).
  if (frames[1]!.length > MAX_NAME_BYTES) return { ok: false, reply: errorReply('bad-name', `the name is longer than ${MAX_NAME_BYTES} bytes`) };
  const name = decodeName(joined(frames[1]!));
  if (name === null) return { ok: false, reply: errorReply('bad-name', 'the name is not valid UTF-8') };
  const problem = nameProblem(name);
  if (problem) return { ok: false, reply: errorReply('bad-name', `${quoted(name)}: ${problem}`) };
  switch (cmd) {
    case 'HELLO':
      return { ok: true, request: { cmd, name } };
    case 'CLOSE':
      return { ok: true, request: { cmd, name, size: numbers.size! } };
    case 'CHUNK':
      return {
        ok: true,
        request: { cmd, name, offset: numbers.offset!, size: numbers.size!, checksum: text(frames[4]!), data: frames[5]! },
      };
  }
}

export function encodeReply(reply: Reply): Array<string> {
  return reply.ok ? [READY] : [ERROR, reply.text];
}

const CODES = new Set<string>(ERROR_CODES);

/** UTF-8 bytes enough for MAX_SHOWN_CHARS code points: the rest of a long text is never read. */
const SHOWN_BYTES = 4 * MAX_SHOWN_CHARS;

/**
 * Reads a receiver's reply frames. A reply that is neither READY nor ERROR
 * is a protocol violation. An ERROR's words are a peer's: they enter the
 * sender here, bounded and made safe to show (safeText), wherever they go
 * next (a file's error, a trust failure, a terminal, --json, the UI).
 */
export function parseReply(frames: readonly Uint8Array[]): Reply {
  const head = frames[0] ? text(frames[0]) : '';
  if (head === READY && frames.length === 1) return READY_REPLY;
  if (head === ERROR && frames.length === 2) {
    const message = safeText(Buffer.from(frames[1]!.subarray(0, SHOWN_BYTES)).toString('utf8'));
    const code = message.slice(0, message.indexOf(':'));
    return { ok: false, code: CODES.has(code) ? (code as ErrorCode) : 'bad-request', text: message };
  }
  return { ok: false, code: 'bad-request', text: `bad-request: the receiver sent a malformed reply (${frames.length} frames)` };
}

export function encodeRequest(request: Request): Array<string | Uint8Array> {
  switch (request.cmd) {
    case 'HELLO':
      return request.batch === undefined ? ['HELLO', request.name] : ['HELLO', request.name, request.batch];
    case 'CHUNK':
      return ['CHUNK', request.name, String(request.offset), String(request.size), request.checksum, joined(request.data)];
    case 'CLOSE':
      return ['CLOSE', request.name, String(request.size)];
  }
}
