// A refused call's message: what a person (or a page's author) needs to fix
// it, and never longer than a line however large the value sent was.
import type * as v from 'valibot';

const MAX_NAME_CHARS = 60;

/** A name a page chose (a command, a field), cut to a readable length. */
export function bounded(text: string): string {
  return text.length > MAX_NAME_CHARS ? `${text.slice(0, MAX_NAME_CHARS)}…` : text;
}

/** "request.paths[3] must be an absolute path on the host", for an issue in argument `name`. */
export function issueText(name: string, issue: v.BaseIssue<unknown>): string {
  const where = (issue.path ?? []).map(({ key }) => (typeof key === 'number' ? `[${key}]` : `.${bounded(String(key))}`));
  return `${name}${where.join('')} ${issue.message}`;
}
