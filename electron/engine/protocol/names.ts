// File-name rules (PROTOCOL.md §4): the one place that decides whether a name
// may be written below the receive folder.

/** Temporary files are `.zerodrop-<stem><counter>.part`; no wire name may look like one. */
export const TEMP_PREFIX = '.zerodrop-';
export const TEMP_SUFFIX = '.part';

export function isTempName(component: string): boolean {
  return component.startsWith(TEMP_PREFIX) && component.endsWith(TEMP_SUFFIX);
}

export const MAX_NAME_BYTES = 4096;
/** Characters of a peer's name that a reply or a log repeats: never the whole of a long one. */
const QUOTED_CHARS = 120;
const MAX_COMPONENT_BYTES = 255;
// NUL and the other C0 controls, DEL, and the backslash.
const FORBIDDEN_CHAR = /[\u0000-\u001f\u007f\\]/;
const DRIVE_PREFIX = /^[A-Za-z]:/;

/** Why `name` is not an acceptable wire name, or null when it is. */
export function nameProblem(name: string): string | null {
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes === 0) return 'the name is empty';
  if (bytes > MAX_NAME_BYTES) return `the name is ${bytes} bytes long, more than ${MAX_NAME_BYTES}`;
  if (name.startsWith('/')) return 'the name is an absolute path';
  if (DRIVE_PREFIX.test(name)) return 'the name starts with a drive letter';
  const bad = FORBIDDEN_CHAR.exec(name);
  if (bad) return `the name holds a forbidden character (U+${bad[0].codePointAt(0)!.toString(16).padStart(4, '0').toUpperCase()})`;
  for (const component of name.split('/')) {
    if (component.length === 0) return 'the name has an empty path component';
    if (component === '.' || component === '..') return `the name has a "${component}" component`;
    if (Buffer.byteLength(component, 'utf8') > MAX_COMPONENT_BYTES) {
      return `a path component is longer than ${MAX_COMPONENT_BYTES} bytes`;
    }
    if (isTempName(component)) return 'a path component looks like a ZeroDrop temporary file';
  }
  return null;
}

/** A name as a reply or a log shows it: JSON-quoted, at most QUOTED_CHARS characters. */
export function quoted(name: string): string {
  return name.length <= QUOTED_CHARS ? JSON.stringify(name) : `${JSON.stringify(cutText(name, QUOTED_CHARS))}…`;
}

/** At most `chars` of `text`, cut at a whole character: never between the halves of a surrogate pair. */
function cutText(text: string, chars: number): string {
  if (text.length <= chars) return text;
  const last = text.charCodeAt(chars - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? chars - 1 : chars);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes a name frame; null when it is not valid UTF-8. */
export function decodeName(frame: Uint8Array): string | null {
  try {
    return strictUtf8.decode(frame);
  } catch {
    return null;
  }
}

/**
 * The name a file is stored under when `base` is taken: `name (n).ext`.
 * The extension follows the last dot, unless that dot starts the name.
 * A name near the length limit loses the end of its stem (whole characters)
 * so that the numbered name still fits, rather than the file not being
 * stored; an extension too long to keep counts as part of the stem.
 */
export function numberedName(base: string, n: number): string {
  const dot = base.lastIndexOf('.');
  const number = ` (${n})`;
  const [stem, extension] = dot <= 0 ? [base, ''] : [base.slice(0, dot), base.slice(dot)];
  const room = MAX_COMPONENT_BYTES - Buffer.byteLength(number + extension);
  if (room >= 1) return `${fitBytes(stem, room)}${number}${extension}`;
  return `${fitBytes(base, MAX_COMPONENT_BYTES - Buffer.byteLength(number))}${number}`;
}

/** The longest start of `text` (whole characters) of at most `bytes` UTF-8 bytes. */
function fitBytes(text: string, bytes: number): string {
  if (Buffer.byteLength(text) <= bytes) return text;
  let out = '';
  let used = 0;
  for (const char of text) {
    used += Buffer.byteLength(char);
    if (used > bytes) break;
    out += char;
  }
  return out;
}
