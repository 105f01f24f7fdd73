// Command-line values, checked with a message a person can act on.
import path from 'node:path';
import { parseBytes } from '../../shared/format.js';
import { defaultConfigDir } from '../host/appFiles.js';

/** The command was written wrongly: exit 2, with the usage text. */
export class UsageError extends Error {}
/** The command was written rightly but could not be done (a folder in use, nothing by that name): exit 1, in words. */
export class CommandError extends Error {}

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

/** A number of hours (fractions allowed, 0 included), in milliseconds. */
export function hoursOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const hours = Number(value);
  if (value.trim() === '' || !Number.isFinite(hours) || hours < 0) throw new UsageError(`--${name} takes a number of hours such as 24 or 0.5, not ${JSON.stringify(value)}`);
  return Math.round(hours * 3_600_000);
}

/** Resolves once SIGINT or SIGTERM arrives. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}
