// Who may reach the browser shell. Any web page in the user's browser can
// send requests to loopback (links, forms, fetch, WebSockets, and DNS
// rebinding, which makes a foreign page same-origin with this server), and
// any local user can connect to it. So a request is admitted only if its
// target is a plain path, its Host names this shell, and its Origin, when it
// has one, is this shell's own; and whatever carries data (the WebSocket,
// /health) also needs the token. See SECURITY.md.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { hostNameCheck } from './hostNames.js';

export type Admission = { admitted: true; url: URL } | { admitted: false; status: 400 | 403 };

/** Origin-form only ("/path?query"): "//host/…", "\\…", "*" and absolute URLs are for proxies, not for this server. */
const ORIGIN_FORM = /^\/(?![/\\])/;

export class ShellAccess {
  private readonly expected: Buffer;
  private readonly hostAllowed: (host: string) => boolean;

  /** `port` is asked for lazily: it is known only once the server listens. */
  constructor(token: string, listenHostname: string, port: () => number) {
    this.expected = Buffer.from(token);
    this.hostAllowed = hostNameCheck(listenHostname, port);
  }

  /** Checks a request's target, Host and Origin (not the token: some paths are public). */
  admit(req: IncomingMessage): Admission {
    const url = requestTarget(req.url);
    if (!url) return { admitted: false, status: 400 };
    const host = req.headers.host?.toLowerCase();
    if (host === undefined || !this.hostAllowed(host)) return { admitted: false, status: 403 };
    // Browsers send Origin with every WebSocket and every cross-origin or
    // state-changing request; a tool that sends none is decided by the token.
    const origin = req.headers.origin;
    if (origin !== undefined && origin.toLowerCase() !== `http://${host}`) return { admitted: false, status: 403 };
    return { admitted: true, url };
  }

  /** Whether the URL carries the token (compared in constant time). */
  hasToken(url: URL): boolean {
    const given = Buffer.from(url.searchParams.get('token') ?? '');
    return given.length === this.expected.length && timingSafeEqual(given, this.expected);
  }
}

/** The request's target as a URL, or null if it is not a well-formed path. */
export function requestTarget(target: string | undefined): URL | null {
  if (target === undefined || !ORIGIN_FORM.test(target)) return null;
  try {
    return new URL(target, 'http://shell.invalid');
  } catch {
    return null;
  }
}
