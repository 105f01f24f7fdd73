// Requests whose reply follows from the request alone (PROTOCOL.md §3, §4):
// wrong frame counts, unknown commands, bad numbers, bad names, transfers
// never opened, random frames. Each knows its one right code; where several
// rules are broken, the first in §3's order names it.
import { formatChecksum } from '../../../electron/engine/protocol/checksum.js';
import { contentAt } from './content.js';
import type { Rng } from './random.js';
import { BAD_NAME, BAD_REQUEST, codes, request, UNKNOWN, type Frame, type RequestStep } from './steps.js';

/** Valid names no HELLO has used: a transfer of them is never in transit. */
export interface NameSource {
  fresh(): string;
}

const FRAME_COUNTS = { HELLO: 2, CHUNK: 6, CLOSE: 3 } as const;
type Command = keyof typeof FRAME_COUNTS;
const COMMANDS = Object.keys(FRAME_COUNTS) as Command[];

const NOT_COMMANDS: Frame[] = ['', 'hello', 'HELO', 'HELLO ', ' CLOSE', 'CHUNKS', 'READY', 'ERROR', 'HELLO\0', 'CLOS', '\u0000', Buffer.from([0xff, 0xfe])];

const BAD_NUMBERS = ['', '-1', '+1', '01', '00', '1.0', '1e3', ' 1', '1 ', '0x10', '12345678901234567', '9007199254740992', '99999999999999999', '\u0663', '\uff11', 'NaN', '1\0'];

const FIXED_BAD_NAMES: Frame[] = [
  '',
  '/abs.bin',
  '../up.bin',
  'a/../../x.bin',
  'a/./b.bin',
  '.',
  '..',
  'a//b.bin',
  'a/',
  'C:x.bin',
  'c:/x.bin',
  'a\\b.bin',
  'tab\tx.bin',
  'new\nline.bin',
  'del\u007f.bin',
  'nul\0.bin',
  '\u001b[2J.bin',
  '.zerodrop-abc1.part',
  'd/.zerodrop-x.part',
  'x'.repeat(4097),
  `a/${'b'.repeat(256)}`,
  Buffer.from([0xff, 0x41]),
  Buffer.from([0xc0, 0x80]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.concat([Buffer.from('ok/'), Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80])]),
];

/** A valid name made invalid in one of the ways §4 forbids. */
function brokenName(rng: Rng, valid: string): Frame {
  const at = rng.int(valid.length + 1);
  const insert = (text: string) => valid.slice(0, at) + text + valid.slice(at);
  switch (rng.int(7)) {
    case 0:
      return rng.pick(FIXED_BAD_NAMES);
    case 1:
      return rng.pick(['../', '/', '\\', '//', '/../']) + valid;
    case 2:
      return `${valid.slice(0, valid.lastIndexOf('/') + 1)}..${rng.pick(['', '/x.bin'])}`;
    case 3:
      return insert(String.fromCharCode(rng.pick([0, 1, 7, 8, 9, 10, 13, 27, 31, 127])));
    case 4:
      return insert(rng.pick(['/../', '/./', '//', '\\']));
    case 5:
      return Buffer.concat([Buffer.from(valid), Buffer.from([rng.pick([0x80, 0xc3, 0xe2, 0xff])])]);
    default:
      return `${valid}/${'n'.repeat(rng.between(256, 600))}`;
  }
}

function chunkFrames(name: Frame, offset: string, size: string, checksum: string, data: Buffer): Frame[] {
  return ['CHUNK', name, offset, size, checksum, data];
}

/** A CHUNK or CLOSE of `name` whose numbers are right. */
function withName(rng: Rng, name: Frame): Frame[] {
  const cmd = rng.pick<Command>(COMMANDS);
  if (cmd === 'HELLO') return ['HELLO', name];
  if (cmd === 'CLOSE') return ['CLOSE', name, String(rng.size(1e6))];
  const data = contentAt(name, 0, rng.between(1, 64));
  return chunkFrames(name, '0', String(data.length), formatChecksum('crc32', data), data);
}

function wrongFrameCount(rng: Rng, names: NameSource): RequestStep {
  const frames = withName(rng, rng.chance(0.3) ? brokenName(rng, names.fresh()) : names.fresh());
  const count = frames.length;
  let wanted = count;
  while (wanted === count) wanted = rng.pick([1, count - 1, count + 1, count + rng.between(2, 12)]);
  const out = frames.slice(0, wanted);
  while (out.length < wanted) out.push(rng.pick<Frame>(['', 'x', '0', rng.bytes(rng.int(40))]));
  return request(`${String(frames[0])} with ${wanted} frames`, out, BAD_REQUEST);
}

function unknownCommand(rng: Rng): RequestStep {
  const first: Frame = rng.chance(0.3) ? Buffer.concat([Buffer.from('#'), rng.bytes(rng.int(40))]) : rng.pick(NOT_COMMANDS);
  const frames = [first, ...Array.from({ length: rng.int(6) }, () => rng.bytes(rng.size(300)))];
  // An empty first frame with more after it is a REQ envelope (§1): the next frame is the command.
  if (first.length === 0 && frames.length > 1) frames[1] = 'NOPE';
  return request('an unknown command', frames, BAD_REQUEST);
}

function badNumber(rng: Rng, names: NameSource): RequestStep {
  const bad = rng.pick(BAD_NUMBERS);
  // A bad name too: numbers are checked first.
  const name: Frame = rng.chance(0.3) ? brokenName(rng, names.fresh()) : names.fresh();
  if (rng.chance(0.4)) return request(`CLOSE size ${JSON.stringify(bad)}`, ['CLOSE', name, bad], BAD_REQUEST);
  const data = contentAt(name, 0, rng.between(1, 64));
  const [offset, size] = rng.chance(0.5) ? [bad, String(data.length)] : ['0', bad];
  return request(`CHUNK numbers ${JSON.stringify([offset, size])}`, chunkFrames(name, offset, size, formatChecksum('crc32', data), data), BAD_REQUEST);
}

function badName(rng: Rng, names: NameSource): RequestStep {
  const name = brokenName(rng, names.fresh());
  return request(`a bad name ${JSON.stringify(String(name).slice(0, 40))}`, withName(rng, name), BAD_NAME);
}

function neverOpened(rng: Rng, names: NameSource): RequestStep {
  const name = names.fresh();
  if (rng.chance(0.4)) return request('CLOSE of a transfer never opened', ['CLOSE', name, String(rng.size(1e9))], UNKNOWN);
  const data = contentAt(name, 0, rng.between(1, 256));
  // Its transfer is checked before its size and checksum: wrong ones change nothing.
  const size = String(rng.chance(0.2) ? data.length + 1 : data.length);
  const checksum = rng.chance(0.2) ? 'crc32:00000000' : formatChecksum('crc32', data);
  return request('CHUNK of a transfer never opened', chunkFrames(name, String(rng.size(1e12)), size, checksum, data), UNKNOWN);
}

/** Frames of random bytes that start with no command. */
function randomFrames(rng: Rng): RequestStep {
  const frames = Array.from({ length: rng.between(1, 9) }, () => rng.bytes(rng.chance(0.02) ? rng.size(200_000) : rng.size(64)));
  frames[0] = Buffer.concat([Buffer.from([0x80 | rng.int(128)]), frames[0]!.subarray(0, 31)]);
  return request('random frames', frames, BAD_REQUEST);
}

function manyFrames(rng: Rng, names: NameSource): RequestStep {
  const count = rng.between(100, 20_000);
  return request(`HELLO with ${count + 2} frames`, ['HELLO', names.fresh(), ...Array.from({ length: count }, () => '')], BAD_REQUEST);
}

function hugeName(rng: Rng): RequestStep {
  return request('a name of megabytes', ['HELLO', Buffer.alloc(rng.between(5000, 3 * 1024 * 1024), 0x61)], BAD_NAME);
}

/** One request that breaks a rule checked before any state (or names a transfer never opened). */
export function malformedStep(rng: Rng, names: NameSource): RequestStep {
  const make = rng.weighted<(rng: Rng, names: NameSource) => RequestStep>([
    [4, wrongFrameCount],
    [3, unknownCommand],
    [4, badNumber],
    [6, badName],
    [4, neverOpened],
    [3, randomFrames],
    [0.05, manyFrames],
    [0.05, hugeName],
  ]);
  return make(rng, names);
}

/** A request whose reply repeats `marker`: `bad-request: unknown command "…"`. */
export function markerStep(marker: string): RequestStep {
  return request(`marker ${marker}`, [marker], codes('bad-request'), { marker });
}
