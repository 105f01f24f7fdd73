// Which devices this one knows, which it blocks, and which receiver key it
// pinned for each address (trust on first use): one owner-only file in the
// config folder, shared by the app and every CLI command, changed under a
// lock so that two writers at once lose nothing.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../util/atomicWrite.js';
import { acquireLock } from '../util/lockFile.js';
import { base32Decode } from './textCodecs.js';
import { ownerOnlyFolder } from './deviceIdentity.js';

export const TRUST_FILE = 'trust.json';

export interface KnownDevice {
  /** Its public key, base32. */
  key: string;
  name: string;
  status: 'known' | 'blocked';
  added: string;
}

export interface Pin {
  /** host:port as the sender was given it. */
  address: string;
  key: string;
  name: string;
  firstSeen: string;
}

export interface TrustData {
  v: 1;
  devices: KnownDevice[];
  pins: Pin[];
}

export class TrustError extends Error {}

/** A public key as a person gives it (base32, either case), normalised; null when it is not one. */
export function parseKey(text: string): string | null {
  const bytes = base32Decode(text.trim());
  return bytes && bytes.length === 32 ? text.trim().toLowerCase() : null;
}

function empty(): TrustData {
  return { v: 1, devices: [], pins: [] };
}

function parse(text: string, file: string): TrustData {
  try {
    const data = JSON.parse(text) as Partial<TrustData>;
    if (data.v === 1 && Array.isArray(data.devices) && Array.isArray(data.pins)) return data as TrustData;
  } catch {
    // reported below
  }
  throw new TrustError(`the trust file ${file} is damaged; move it away to start with no known devices and no pins`);
}

export class TrustStore {
  private constructor(private readonly file: string) {}

  static async open(configDir: string): Promise<TrustStore> {
    await ownerOnlyFolder(configDir);
    return new TrustStore(path.join(configDir, TRUST_FILE));
  }

  async read(): Promise<TrustData> {
    try {
      return parse(await fs.readFile(this.file, 'utf8'), this.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return empty();
      throw err;
    }
  }

  /** Reads, changes and writes the data under the lock; returns what was written. */
  async update(change: (data: TrustData) => void): Promise<TrustData> {
    const release = await this.lock();
    try {
      const data = await this.read();
      change(data);
      await writeFileAtomic(this.file, `${JSON.stringify(data, null, 2)}\n`);
      return data;
    } finally {
      await release();
    }
  }

  /** The lock shared with every other process that changes this file. */
  private async lock(): Promise<() => Promise<void>> {
    const lockFile = `${this.file}.lock`;
    const release = await acquireLock(lockFile);
    if (!release) throw new TrustError(`the trust file is locked by another ZeroDrop (${lockFile})`);
    return release;
  }
}

/** Sets a device's status (adding it if new); a name given replaces the one kept. */
export function setDevice(data: TrustData, key: string, status: KnownDevice['status'], name?: string): void {
  const device = data.devices.find((d) => d.key === key);
  if (device) {
    device.status = status;
    if (name) device.name = name;
  } else {
    data.devices.push({ key, name: name ?? '', status, added: new Date().toISOString() });
  }
}
