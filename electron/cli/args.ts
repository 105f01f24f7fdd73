// Command-line values, checked with a message a person can act on.
import path from 'node:path';
import { parseBytes } from '../../shared/format.js';
import { defaultConfigDir } from '../host/appFiles.js';

export class UsageError extends Error {}

export function bytesOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const bytes = parseBytes(value);
  if (bytes === null || bytes < 1) throw new UsageError(`--${name} takes a size in bytes such as 1048576, 64KiB or 4MiB, not ${JSON.stringify(value)}`);
  return bytes;
}

export function countOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--${name} takes a whole number of at least 1, not ${JSON.stringify(value)}`);
  return n;
}

/** --config-dir as given, or the app's data folder: every command shares it with the app. */
export function configDirOf(option: string | undefined): string {
  return path.resolve(option ?? defaultConfigDir());
}

/** Resolves once SIGINT or SIGTERM arrives. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}
