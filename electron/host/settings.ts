// The host's remembered choices (receive folder, recent peers, the tray, who
// may send here), kept as JSON in a config folder and rewritten atomically on
// every change.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Settings } from '../../shared/ipc.js';
import { MAX_ASK_SECONDS, MIN_ASK_SECONDS } from '../../shared/contract/arguments.js';
import { defaultSettings } from '../../shared/contract/results.js';
import { ACCEPT_POLICIES, type AcceptPolicy } from '../../shared/trust.js';
import { writeFileAtomic } from '../engine/util/atomicWrite.js';

export const SETTINGS_FILE = 'settings.json';
export const MAX_RECENT_PEERS = 8;

export class SettingsStore {
  private current: Settings;
  /** Writes go one after another, so the last change always wins on disk. */
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly file: string,
    initial: Settings,
  ) {
    this.current = initial;
  }

  /** Reads the settings in `configDir`; a missing or unreadable file gives defaults. */
  static async open(configDir: string): Promise<SettingsStore> {
    const file = path.join(configDir, SETTINGS_FILE);
    const text = await fs.readFile(file, 'utf8').catch(() => null);
    return new SettingsStore(file, parseSettings(text));
  }

  get(): Settings {
    return { ...this.current, recentPeers: [...this.current.recentPeers] };
  }

  setReceiveDir(dir: string): Promise<void> {
    return this.update({ ...this.current, receiveDir: dir });
  }

  setKeepInTray(keep: boolean): Promise<void> {
    return this.update({ ...this.current, keepInTray: keep });
  }

  setAccept(accept: AcceptPolicy): Promise<void> {
    return this.update({ ...this.current, accept });
  }

  setAcceptPlain(acceptPlain: boolean): Promise<void> {
    return this.update({ ...this.current, acceptPlain });
  }

  setAskSeconds(askSeconds: number): Promise<void> {
    return this.update({ ...this.current, askSeconds });
  }

  /** Puts `peer` first among the recent peers, once. */
  addRecentPeer(peer: string): Promise<void> {
    const recentPeers = [peer, ...this.current.recentPeers.filter((p) => p !== peer)].slice(0, MAX_RECENT_PEERS);
    return this.update({ ...this.current, recentPeers });
  }

  /** Resolves when every change made so far is on disk. */
  flushed(): Promise<void> {
    return this.writing;
  }

  private update(next: Settings): Promise<void> {
    const contents = `${JSON.stringify(next, null, 2)}\n`;
    // The usual send repeats the latest peer: no write (and no fsync) for nothing.
    if (contents === `${JSON.stringify(this.current, null, 2)}\n`) return this.writing;
    this.current = next;
    const write = this.writing.catch(() => undefined).then(() => writeFileAtomic(this.file, contents));
    this.writing = write;
    return write;
  }
}

/** Keeps what is well-formed in a settings file and defaults the rest. */
export function parseSettings(text: string | null): Settings {
  const settings = defaultSettings();
  if (text === null) return settings;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return settings;
  }
  if (typeof raw !== 'object' || raw === null) return settings;
  const { receiveDir, recentPeers, keepInTray, accept, acceptPlain, askSeconds } = raw as Record<string, unknown>;
  if (typeof receiveDir === 'string' && path.isAbsolute(receiveDir)) settings.receiveDir = receiveDir;
  if (typeof keepInTray === 'boolean') settings.keepInTray = keepInTray;
  if ((ACCEPT_POLICIES as readonly unknown[]).includes(accept)) settings.accept = accept as AcceptPolicy;
  if (typeof acceptPlain === 'boolean') settings.acceptPlain = acceptPlain;
  if (Number.isInteger(askSeconds) && (askSeconds as number) >= MIN_ASK_SECONDS && (askSeconds as number) <= MAX_ASK_SECONDS) settings.askSeconds = askSeconds as number;
  if (Array.isArray(recentPeers)) {
    settings.recentPeers = recentPeers.filter((p): p is string => typeof p === 'string').slice(0, MAX_RECENT_PEERS);
  }
  return settings;
}
