// The addresses a sender can use to reach a bound endpoint.
import { networkInterfaces } from 'node:os';

/**
 * For a tcp endpoint bound to every interface (tcp://0.0.0.0:PORT or *),
 * one tcp://IP:PORT per local IPv4 interface, external ones first; other
 * endpoints as they are.
 */
export function reachableAddresses(bound: string, interfaces = networkInterfaces()): string[] {
  const match = /^tcp:\/\/(\*|0\.0\.0\.0|\[::\]|\[\*\]):(\d+)$/.exec(bound);
  if (!match) return [bound];
  const port = match[2];
  const external: string[] = [];
  const internal: string[] = [];
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) {
      if (info.family !== 'IPv4') continue;
      (info.internal ? internal : external).push(`tcp://${info.address}:${port}`);
    }
  }
  return [...external, ...internal];
}
