// Text that came from elsewhere — a receiver's error text, a file name a peer
// chose or a folder holds — made safe to show. On a terminal, control
// characters are commands: ESC starts sequences that clear the screen, set
// the window title, move the cursor or (on some terminals) write the
// clipboard, and C1's U+009B is such a sequence on its own. On any screen,
// bidi overrides show a name backwards ("report\u202Efdp.exe" reads as
// "reportexe.pdf"), and invisible characters hide or fake text. And a peer
// can send a text of megabytes. One pure function bounds such text and turns
// every such character into a visible escape; it is applied where the text
// enters a report or is printed, so nothing downstream has to remember.

/** Longest text shown, in code points, the ellipsis included. */
export const MAX_SHOWN_CHARS = 300;

const ELLIPSIS = '…';

/**
 * Characters shown as escapes: control characters (C0, DEL, C1), line and
 * paragraph separators, format characters (bidi embeddings, overrides,
 * isolates and marks, zero-width spaces, the byte-order mark, tags…), the
 * other characters Unicode says to draw as nothing (Hangul fillers…), and
 * lone surrogates. Kept: the joiners U+200C and U+200D and the variation
 * selectors, which Persian, Indic scripts and emoji need and which move or
 * hide no other character.
 */
const UNSAFE = /(?![\u200C\u200D\uFE00-\uFE0F\u{E0100}-\u{E01EF}])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/u;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'gu');

/** A character as its visible escape, e.g. ESC → \u{1b}. */
function escaped(char: string): string {
  return `\\u{${char.codePointAt(0)!.toString(16)}}`;
}

/**
 * `text` with every unsafe character as an escape, at most `max` code points
 * long (at least 1): a longer one is cut at a whole character (never inside
 * a surrogate pair or an escape) and ends with "…". Ordinary text that fits
 * comes back as it is.
 */
export function safeText(text: string, max = MAX_SHOWN_CHARS): string {
  if (isShownAsIs(text, max)) return text;
  const { pieces, cut } = takeShown(text, max);
  return pieces.join('') + (cut ? ELLIPSIS : '');
}

/** Like safeText, but keeps the end ("…/photos/2024/a.jpg"): for names in a narrow column. */
export function safeTextEnd(text: string, max: number): string {
  if (isShownAsIs(text, max)) return text;
  const { pieces, cut } = takeShown(charsFromEnd(text), max);
  return (cut ? ELLIPSIS : '') + pieces.reverse().join('');
}

/**
 * One line of JSON for scripts: the data stays exact (a name parses back as
 * it is), but every unsafe character inside a string is a \uXXXX escape, so
 * the line is also safe on a terminal. JSON.stringify already escapes C0 and
 * lone surrogates, but not C1, bidi or invisible characters.
 */
export function safeJson(value: unknown): string {
  // Outside strings JSON.stringify writes only ASCII punctuation, digits and
  // words: every match is inside a string, where an escape means the same.
  return JSON.stringify(value).replace(UNSAFE_ALL, (chars) =>
    Array.from({ length: chars.length }, (_, i) => `\\u${chars.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
  );
}

/** Whether `text` fits and holds nothing unsafe (a string's length in UTF-16 units bounds its code points). */
function isShownAsIs(text: string, max: number): boolean {
  return text.length <= Math.max(1, max) && !UNSAFE.test(text);
}

/**
 * The shown form of the leading characters of `chars` that fit in `max`
 * code points, with room for the ellipsis when not all fit. Stops at the
 * bound: the cost does not grow with the text's length.
 */
function takeShown(chars: Iterable<string>, max: number): { pieces: string[]; cut: boolean } {
  const limit = Math.max(1, max);
  const pieces: string[] = [];
  const widths: number[] = [];
  let used = 0;
  for (const char of chars) {
    const piece = UNSAFE.test(char) ? escaped(char) : char;
    // An escape is ASCII: one code point per unit. A character is one code point.
    const width = piece === char ? 1 : piece.length;
    if (used + width > limit) {
      while (used + ELLIPSIS.length > limit) {
        pieces.pop();
        used -= widths.pop()!;
      }
      return { pieces, cut: true };
    }
    pieces.push(piece);
    widths.push(width);
    used += width;
  }
  return { pieces, cut: false };
}

/** The code points of `text`, last first (a lone surrogate is one). */
function* charsFromEnd(text: string): Generator<string> {
  for (let end = text.length; end > 0; ) {
    const low = text.charCodeAt(end - 1);
    const high = end >= 2 ? text.charCodeAt(end - 2) : 0;
    const width = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff ? 2 : 1;
    yield text.slice(end - width, end);
    end -= width;
  }
}
