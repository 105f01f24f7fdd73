// Numbers for people, and the inputs people type: one place for the CLI and the UI.
import { DEFAULT_PORT } from './protocol.js';
import type { FileProgress } from './transfer.js';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];
/** Where a thousands separator goes in a whole number's digits. */
const THOUSANDS = /\B(?=(\d{3})+(?!\d))/g;

/**
 * 5001 → "5,001", as en-US writes it. Not Intl.NumberFormat: making one
 * cost every process that loads this module 12 ms of start-up.
 */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(THOUSANDS, ',');
}

/** "1 file", "5,001 files". */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** 1234567 → "1.2 MB" (decimal units, as file managers show them). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${UNITS[unit]}`;
}

export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(Math.round(bytesPerSecond))}/s`;
}

/** Seconds → "42 s", "3 min 5 s", "2 h 10 min"; "—" when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

const BYTE_SUFFIX: Record<string, number> = { '': 1, k: 1e3, kb: 1e3, kib: 1024, m: 1e6, mb: 1e6, mib: 1024 ** 2, g: 1e9, gb: 1e9, gib: 1024 ** 3 };

/** "4MiB", "64k", "1048576" → bytes; null when not a size. */
export function parseBytes(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const factor = match ? BYTE_SUFFIX[match[2]!.toLowerCase()] : undefined;
  if (!match || factor === undefined) return null;
  const value = Math.round(Number(match[1]) * factor);
  return Number.isSafeInteger(value) ? value : null;
}

/**
 * What a person types as a peer → a ZeroMQ endpoint: "host", "host:port" and
 * "[v6]:port" mean tcp on the default port; full endpoints pass through.
 */
export function normalizeEndpoint(input: string): string {
  const text = input.trim();
  if (/^(tcp|ipc|inproc):\/\//.test(text)) return text;
  if (/^\[.*\](:\d+)?$/.test(text)) return text.includes(']:') ? `tcp://${text}` : `tcp://${text}:${DEFAULT_PORT}`;
  return /:\d+$/.test(text) ? `tcp://${text}` : `tcp://${text}:${DEFAULT_PORT}`;
}

/** Turns what was thrown into words for a person. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Speed over the last few seconds of samples. */
export class RateMeter {
  private samples: Array<[number, number]> = [];

  constructor(private readonly windowMs = 3_000) {}

  /** Records `bytes` done at time `at` (ms); returns bytes per second. */
  update(bytes: number, at: number): number {
    this.samples.push([at, bytes]);
    while (this.samples.length > 2 && at - this.samples[0]![0] > this.windowMs) this.samples.shift();
    const [t0, b0] = this.samples[0]!;
    return at > t0 ? ((bytes - b0) * 1000) / (at - t0) : 0;
  }
}

/** One speed meter per file in transit; a file that ended drops its meter. */
export class RateBook {
  private readonly meters = new Map<string, RateMeter>();

  rateOf(file: FileProgress): number {
    if (file.status !== 'active' && file.status !== 'closing') {
      this.meters.delete(file.id);
      return 0;
    }
    let meter = this.meters.get(file.id);
    if (!meter) this.meters.set(file.id, (meter = new RateMeter()));
    return Math.max(0, meter.update(file.bytes, file.updatedAt));
  }

  /** For a file that ended without being asked about once more. */
  forget(id: string): void {
    this.meters.delete(id);
  }
}
