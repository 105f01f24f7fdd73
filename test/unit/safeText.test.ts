import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { MAX_SHOWN_CHARS, safeJson, safeText, safeTextEnd } from '../../shared/safeText.js';

/**
 * What must never be shown raw, listed here on its own rather than taken
 * from the code under test: C0, DEL and C1 controls, line and paragraph
 * separators, bidi marks, embeddings, overrides and isolates, zero-width
 * and invisible characters, tags, and any other format character except the
 * two joiners.
 */
const FORBIDDEN_RANGES: Array<[number, number]> = [
  [0x00, 0x1f],
  [0x7f, 0x9f],
  [0xad, 0xad],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x200b, 0x200b],
  [0x200e, 0x200f],
  [0x2028, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfeff, 0xfeff],
  [0xfff9, 0xfffb],
  [0xe0001, 0xe0001],
  [0xe0020, 0xe007f],
];

function forbiddenChar(text: string): string | null {
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (FORBIDDEN_RANGES.some(([low, high]) => code >= low && code <= high)) return char;
    if (/\p{Cs}/u.test(char)) return char;
    if (/\p{Cf}/u.test(char) && char !== '\u200c' && char !== '\u200d') return char;
  }
  return null;
}

const codePoints = (text: string): number => [...text].length;

/** Any character, weighted towards the dangerous ones, lone surrogates included. */
const anyChar = fc.oneof(
  fc.constantFrom('\x1b', '\x07', '\n', '\r', '\t', '\x00', '\x7f', '\u009b', '\u0085', '\u202e', '\u2066', '\u2069', '\u200b', '\u200f', '\u2028', '\ufeff', '\u{e0041}', '\\', '…'),
  fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
  fc.integer({ min: 0, max: 0x10ffff }).map((code) => String.fromCodePoint(code)),
);
const hostile = fc.string({ unit: anyChar, maxLength: 600 });

/** Text people write: letters of several scripts, digits, punctuation, emoji with joiners. */
const ordinaryChar = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.integer({ min: 0xc0, max: 0x24f }),
  fc.integer({ min: 0x5d0, max: 0x5ea }),
  fc.integer({ min: 0x627, max: 0x64a }),
  fc.integer({ min: 0x4e00, max: 0x9fff }),
  fc.integer({ min: 0x1f600, max: 0x1f64f }),
).map((code) => String.fromCodePoint(code));
const ordinary = fc.string({ unit: fc.oneof(ordinaryChar, fc.constantFrom('👨‍👩‍👧', '❤️', 'ی‌ها')), maxLength: 120 });

const bound = fc.integer({ min: 1, max: 400 });

describe('safe text (peer text on a terminal or a screen)', () => {
  test('never shows a control, bidi or invisible character, nor a lone surrogate', () => {
    fc.assert(
      fc.property(hostile, bound, (text, max) => {
        for (const shown of [safeText(text, max), safeTextEnd(text, max), safeText(text)]) {
          assert.equal(forbiddenChar(shown), null, JSON.stringify(shown));
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('is bounded in code points, the ellipsis included', () => {
    fc.assert(
      fc.property(hostile, bound, (text, max) => {
        assert.ok(codePoints(safeText(text, max)) <= max);
        assert.ok(codePoints(safeTextEnd(text, max)) <= max);
        assert.ok(codePoints(safeText(text)) <= MAX_SHOWN_CHARS);
      }),
      { numRuns: 2000 },
    );
  });

  test('is the identity on ordinary text that fits', () => {
    fc.assert(
      fc.property(ordinary, (text) => {
        assert.equal(safeText(text), text);
        assert.equal(safeTextEnd(text, codePoints(text)), text);
      }),
      { numRuns: 2000 },
    );
  });

  test('cuts only at the end, at a whole character or escape; is stable when applied again', () => {
    fc.assert(
      fc.property(hostile, bound, (text, max) => {
        const whole = safeText(text, Infinity);
        const shown = safeText(text, max);
        if (shown === whole) return;
        assert.ok(shown.endsWith('…'));
        assert.ok(whole.startsWith(shown.slice(0, -1)), 'a prefix of the whole escaped text');
        const end = safeTextEnd(text, max);
        assert.ok(end.startsWith('…'));
        assert.ok(whole.endsWith(end.slice(1)), 'a suffix of the whole escaped text');
        assert.equal(safeText(shown, max), shown);
      }),
      { numRuns: 2000 },
    );
  });

  test('an escape names the character', () => {
    assert.equal(safeText('red \x1b[31m\u202etxt.exe\x00'), 'red \\u{1b}[31m\\u{202e}txt.exe\\u{0}');
    assert.equal(safeText('a\ud800b'), 'a\\u{d800}b');
    assert.equal(safeText('😀😀😀', 2), '😀…', 'a surrogate pair is never split');
  });

  test('a megabyte of escapes costs no more than the bound', () => {
    const shown = safeText('\x1b[2J'.repeat(256 * 1024));
    assert.ok(codePoints(shown) <= MAX_SHOWN_CHARS);
    assert.match(shown, /^(\\u\{1b\}\[2J)+/);
  });

  test('JSON keeps the data exact and escapes what a terminal would obey', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const line = safeJson({ event: 'progress', name: text });
        assert.equal(forbiddenChar(line), null);
        assert.deepEqual(JSON.parse(line), { event: 'progress', name: text });
      }),
      { numRuns: 2000 },
    );
  });
});
