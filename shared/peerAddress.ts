// A receiver's address as people pass it around: `host:port`, `tcp://host:port`,
// or one that carries the receiver's public key, `<key>@host:port`
// (docs/protocol-extensions.md §1). A key-carrying address is one token with
// no character a shell or a URL treats specially (base32 is lower-case
// letters and digits), so it survives copy-paste into either. Pure.
import { normalizeEndpoint } from './format.js';

export interface PeerAddress {
  /** The plain (PROTOCOL.md v1) endpoint: tcp://host:port. */
  endpoint: string;
  /** The receiver's public key, base32 lower case, when the address carries it. */
  key: string | null;
}

const KEY_TEXT = /^[a-z2-7]{52}$/;

/** Reads an address; the key part, when there is one, must be a whole base32 key. */
export function parsePeerAddress(input: string): PeerAddress | { error: string } {
  const text = input.trim().replace(/^tcp:\/\//i, '');
  const at = text.lastIndexOf('@');
  // Only a tcp address carries a key: any other kind (ipc://, inproc://) is
  // a path or a name, where "@" is just a character of it.
  if (at < 0 || /^[a-z]+:\/\//i.test(text)) return { endpoint: normalizeEndpoint(input), key: null };
  const key = text.slice(0, at).toLowerCase();
  if (!KEY_TEXT.test(key)) return { error: `the part before "@" must be a receiver's key (52 letters and digits), not ${JSON.stringify(text.slice(0, at).slice(0, 60))}` };
  const rest = text.slice(at + 1);
  if (rest.length === 0) return { error: 'the address has no host after "@"' };
  return { endpoint: normalizeEndpoint(rest), key };
}

/** host:port of a tcp:// endpoint (what pins are kept under). */
export function hostPort(endpoint: string): string {
  return endpoint.replace(/^tcp:\/\//, '');
}

/** The key-carrying form of an endpoint. */
export function keyAddress(key: string, endpoint: string): string {
  return `${key}@${hostPort(endpoint)}`;
}

/**
 * What a person typed as a receiver's address, in the one form the host
 * takes: `tcp://host:port`, or `<key>@host:port` when it carries a key.
 */
export function normalizeAddress(input: string): string | { error: string } {
  const parsed = parsePeerAddress(input);
  if ('error' in parsed) return parsed;
  return parsed.key ? keyAddress(parsed.key, parsed.endpoint) : parsed.endpoint;
}
