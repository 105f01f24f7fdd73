// The names the browser shell answers to in a request's Host header. A DNS
// rebinding attack reaches the shell under the attacker's own name
// (evil.example, re-resolved to 127.0.0.1, so its page counts as same-origin),
// so only loopback names and the address given to --listen are accepted, at
// this server's port. A shell listening on every interface also answers to
// this machine's own addresses (never to a name: names are what rebinding uses).
import os from 'node:os';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const EVERY_INTERFACE = new Set(['0.0.0.0', '::']);
/** "name", "name:port", "[v6]" or "[v6]:port". */
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/;

/** How a hostname is written in a URL or a Host header: IPv6 in brackets. */
export function hostForUrl(hostname: string): string {
  return hostname.includes(':') ? `[${hostname}]` : hostname;
}

/** A check of lowercased Host headers; `port` is asked for lazily (known once the server listens). */
export function hostNameCheck(listenHostname: string, port: () => number): (host: string) => boolean {
  const listen = listenHostname.toLowerCase();
  const names = new Set([...LOOPBACK_NAMES, hostForUrl(listen)]);
  const everyInterface = EVERY_INTERFACE.has(listen);
  return (host) => {
    const match = HOST_HEADER.exec(host);
    if (!match || Number(match[2] ?? 80) !== port()) return false;
    const name = match[1]!;
    return names.has(name) || (everyInterface && interfaceAddresses().has(name));
  };
}

/** This machine's addresses as Host headers write them; read each time, as they change (DHCP, VPN). */
function interfaceAddresses(): Set<string> {
  const addresses = new Set<string>();
  for (const entries of Object.values(os.networkInterfaces())) {
    for (const entry of entries ?? []) addresses.add(hostForUrl(entry.address.toLowerCase()));
  }
  return addresses;
}
