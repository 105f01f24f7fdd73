// The Content-Security-Policy of the page the app loads, read from the built
// page (dist/renderer/index.html, vite's output) rather than from the source
// renderer/index.html: a build step could drop or change the <meta>, or add
// an inline script the policy then refuses. Checked by the window's test and
// by the package check, on each package's own copy.

/** The policy's directives by name, e.g. 'script-src' → "'self'"; empty when the page has none. */
export function pagePolicy(html: string): Map<string, string> {
  const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
  const directives = csp.split(';').map((part) => part.trim().split(/\s+/)).filter(([name]) => name);
  return new Map(directives.map(([name, ...values]) => [name!, values.join(' ')]));
}

/** What the policy must say: the page's own files only, no plugins, no <base>, no form posts. */
const REQUIRED: ReadonlyArray<[string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
];

/** What is wrong with a built page's policy: a directive missing or loosened, or a script the policy would refuse. */
export function pagePolicyProblems(html: string): string[] {
  const policy = pagePolicy(html);
  if (policy.size === 0) return ['the page has no Content-Security-Policy'];
  const problems = REQUIRED.filter(([name, value]) => policy.get(name) !== value).map(([name, value]) => `the page's CSP ${name} is ${JSON.stringify(policy.get(name) ?? null)}, not "${value}"`);
  for (const [name, value] of policy) {
    if (/unsafe-inline|unsafe-eval|\*/.test(value)) problems.push(`the page's CSP ${name} allows ${value}`);
  }
  // script-src 'self' refuses inline scripts: a page that had one would not start.
  if (/<script\b(?![^>]*\bsrc=)[^>]*>/.test(html)) problems.push('the page has an inline script, which its CSP refuses');
  return problems;
}
