import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { encodeReply, encodeRequest, parseReply, parseRequest } from '../../electron/engine/protocol/codec.js';
import { parseWireNumber } from '../../electron/engine/protocol/numbers.js';
import { joined } from '../../electron/engine/protocol/pieces.js';

const b = (...frames: Array<string | Uint8Array>) => frames.map((f) => (typeof f === 'string' ? Buffer.from(f) : f));

function errorCode(frames: Uint8Array[]): string {
  const parsed = parseRequest(frames);
  assert.equal(parsed.ok, false);
  return parsed.ok ? '' : parsed.reply.ok ? '' : parsed.reply.code;
}

describe('wire numbers (§2)', () => {
  test('accepts 0, plain decimals and 2^53 − 1', () => {
    assert.equal(parseWireNumber(Buffer.from('0')), 0);
    assert.equal(parseWireNumber(Buffer.from('1048576')), 1048576);
    assert.equal(parseWireNumber(Buffer.from('9007199254740991')), 2 ** 53 - 1);
  });
  for (const bad of ['', '01', '-1', '+1', ' 1', '1 ', '1.0', '0x10', '9007199254740992', '12345678901234567', '１']) {
    test(`refuses ${JSON.stringify(bad)}`, () => assert.equal(parseWireNumber(Buffer.from(bad)), null));
  }
});

describe('parseRequest (§3)', () => {
  test('reads the three commands', () => {
    assert.deepEqual(parseRequest(b('HELLO', 'a/b.txt')), { ok: true, request: { cmd: 'HELLO', name: 'a/b.txt' } });
    assert.deepEqual(parseRequest(b('CLOSE', 'x', '0')), { ok: true, request: { cmd: 'CLOSE', name: 'x', size: 0 } });
    const parsed = parseRequest(b('CHUNK', 'x', '10', '3', 'crc32:00000000', 'abc'));
    assert.ok(parsed.ok && parsed.request.cmd === 'CHUNK');
    assert.equal(parsed.request.offset, 10);
    assert.equal(parsed.request.size, 3);
    assert.equal(joined(parsed.request.data).toString(), 'abc');
  });
  test('unknown command, lower case, empty message: bad-request', () => {
    assert.equal(errorCode(b('HELO', 'x')), 'bad-request');
    assert.equal(errorCode(b('hello', 'x')), 'bad-request');
    assert.equal(errorCode([]), 'bad-request');
  });
  test('wrong frame count: bad-request', () => {
    assert.equal(errorCode(b('HELLO')), 'bad-request');
    assert.equal(errorCode(b('HELLO', 'x', 'y')), 'bad-request');
    assert.equal(errorCode(b('CHUNK', 'x', '0', '1', 'crc32:00000000')), 'bad-request');
    assert.equal(errorCode(b('CLOSE', 'x')), 'bad-request');
  });
  test('bad numbers come before a bad name', () => {
    assert.equal(errorCode(b('CLOSE', '../x', '007')), 'bad-request');
    assert.equal(errorCode(b('CHUNK', '../x', '0', '-1', 'crc32:00000000', 'a')), 'bad-request');
    assert.equal(errorCode(b('CLOSE', '../x', '7')), 'bad-name');
  });
  test('a name that is not UTF-8: bad-name', () => {
    assert.equal(errorCode([Buffer.from('HELLO'), Buffer.from([0xff, 0xfe])]), 'bad-name');
  });
  test('error texts start with the code, a colon and a space', () => {
    const parsed = parseRequest(b('NOPE'));
    assert.ok(!parsed.ok && !parsed.reply.ok);
    assert.match(parsed.reply.text, /^bad-request: /);
  });
  test('random frames never throw, and give a valid request or an error', () => {
    const frame = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.constantFrom('HELLO', 'CHUNK', 'CLOSE', '0', '1', '', 'a', 'crc32:00000000').map((s) => Buffer.from(s)),
    );
    fc.assert(
      fc.property(fc.array(frame, { maxLength: 8 }), (frames) => {
        const parsed = parseRequest(frames);
        if (parsed.ok) assert.ok(['HELLO', 'CHUNK', 'CLOSE'].includes(parsed.request.cmd));
        else assert.ok(!parsed.reply.ok && /^[a-z-]+: /.test(parsed.reply.text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('replies', () => {
  test('READY is one frame, ERROR two', () => {
    assert.deepEqual(encodeReply({ ok: true }), ['READY']);
    assert.deepEqual(encodeReply({ ok: false, code: 'busy', text: 'busy: "a" is already being received' }), ['ERROR', 'busy: "a" is already being received']);
  });
  test('parseReply reads codes and refuses malformed replies', () => {
    assert.deepEqual(parseReply(b('READY')), { ok: true });
    assert.deepEqual(parseReply(b('ERROR', 'overlap: x')), { ok: false, code: 'overlap', text: 'overlap: x' });
    assert.equal(parseReply(b('READY', 'extra')).ok, false);
    assert.equal(parseReply(b('WHAT')).ok, false);
  });
  test('encodeRequest writes numbers as decimal text', () => {
    assert.deepEqual(encodeRequest({ cmd: 'CLOSE', name: 'n', size: 42 }), ['CLOSE', 'n', '42']);
  });
});
