import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { nameProblem, numberedName } from '../../electron/engine/protocol/names.js';

describe('file names (§4)', () => {
  for (const good of ['a', 'report.pdf', 'folder/sub/file.txt', 'ünïcødé/名前.txt', '.hidden', 'a..b', '...', 'x'.repeat(255)]) {
    test(`accepts ${JSON.stringify(good.slice(0, 40))}`, () => assert.equal(nameProblem(good), null));
  }
  const bad: Record<string, string> = {
    empty: '',
    absolute: '/etc/passwd',
    'dot-dot': '../x',
    'inner dot-dot': 'a/../../x',
    'dot component': 'a/./b',
    'empty component': 'a//b',
    'trailing slash': 'a/',
    backslash: 'a\\b',
    NUL: 'a\u0000b',
    'control character': 'a\u001fb',
    DEL: 'a\u007fb',
    'drive prefix': 'C:x',
    'long component': 'x'.repeat(256),
    'long name': `${'x/'.repeat(2048)}x`,
    'temporary file pattern': 'dir/.zerodrop-0123456789abcdef.part',
  };
  for (const [label, name] of Object.entries(bad)) {
    test(`refuses ${label}`, () => assert.notEqual(nameProblem(name), null));
  }
  test('a 255-byte component counts bytes, not characters', () => {
    assert.notEqual(nameProblem('é'.repeat(128)), null);
    assert.equal(nameProblem('é'.repeat(127)), null);
  });
});

describe('numbered names (§7)', () => {
  test('puts the number before the extension', () => {
    assert.equal(numberedName('name.ext', 1), 'name (1).ext');
    assert.equal(numberedName('archive.tar.gz', 2), 'archive.tar (2).gz');
    assert.equal(numberedName('README', 3), 'README (3)');
    assert.equal(numberedName('.bashrc', 1), '.bashrc (1)');
  });

  test('a name near the length limit loses the end of its stem, in whole characters, and still fits', () => {
    const bytes = (text: string) => Buffer.byteLength(text);
    const long = `${'x'.repeat(251)}.bin`;
    assert.equal(numberedName(long, 1), `${'x'.repeat(247)} (1).bin`);
    assert.equal(bytes(numberedName(long, 12)), 255);
    const accented = `${'é'.repeat(125)}.txt`;
    const numbered = numberedName(accented, 1);
    assert.ok(bytes(numbered) <= 255 && numbered.endsWith(' (1).txt') && !numbered.includes('\ufffd'));
    assert.equal(nameProblem(numbered), null);
    const longExtension = `a.${'e'.repeat(252)}`;
    assert.equal(bytes(numberedName(longExtension, 1)), 255);
    assert.ok(numberedName(longExtension, 1).endsWith(' (1)'));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 10_000 }), (text, n) => {
        fc.pre(nameProblem(text) === null && !text.includes('/'));
        const numbered = numberedName(text, n);
        return bytes(numbered) <= 255 && numbered.includes(` (${n})`);
      }),
    );
  });
});
