// What the host answers to the UI's commands, beyond the transfer types of
// ../transfer.ts. Plain data: it crosses IPC and JSON alike.
import type { FileProgress } from '../transfer.js';
import type { AcceptPolicy } from '../trust.js';
import type { ArgumentOf } from './arguments.js';

/** Where a listing of files goes on: after the file first seen at `after` among those of `direction`. */
export type FilesCursor = ArgumentOf<'filesCursor'>;

/** A page of the host's files; `next` asks for the one after it, null at the end. */
export interface FilesPage {
  files: FileProgress[];
  next: FilesCursor | null;
}

export interface SendResult {
  /** The batch of these files (FileProgress.batch). */
  batch: string;
  fileIds: string[];
  /** Files that cannot be sent (a name the protocol refuses, a link to a folder), with why. */
  skipped: Array<{ path: string; reason: string }>;
}

export interface Settings {
  receiveDir: string | null;
  recentPeers: string[];
  /** Electron: closing the window leaves the app receiving, in the tray. */
  keepInTray: boolean;
  /** Who may send to this device's (encrypted) receiver. */
  accept: AcceptPolicy;
  /** "Accept unencrypted senders": plain PROTOCOL.md v1 senders are served too, by anyone. */
  acceptPlain: boolean;
  /** How long the receiving person has to answer about a batch before it is declined. */
  askSeconds: number;
}

/**
 * The app's defaults, for the host and for a UI before the host answers:
 * the receiving person is asked about each batch, and only encrypted
 * senders are served.
 */
export function defaultSettings(): Settings {
  return { receiveDir: null, recentPeers: [], keepInTray: false, accept: 'ask', acceptPlain: false, askSeconds: 60 };
}

/** This device, as Settings and the Receive view show it. */
export interface DeviceInfo {
  name: string;
  /** What a person reads aloud to compare, e.g. k3vq-7d2m-x9ab-4hcp. */
  fingerprint: string;
  /** The public key, base32. */
  key: string;
  /** The receiver's addresses, each carrying the key; empty while it is not receiving encrypted. */
  addresses: string[];
}

/** A device in this device's trust file, as Settings lists it. */
export interface TrustedDevice {
  key: string;
  fingerprint: string;
  name: string;
  status: 'known' | 'blocked';
  /** When it was added, ISO 8601. */
  added: string;
}

/** A receiver key this device pinned for an address (trust on first use). */
export interface PinnedReceiver {
  /** host:port */
  address: string;
  key: string;
  fingerprint: string;
  name: string;
  firstSeen: string;
}

export interface TrustList {
  devices: TrustedDevice[];
  pins: PinnedReceiver[];
}

export interface DirEntry {
  name: string;
  path: string;
  kind: 'dir' | 'file';
  size?: number;
}

export interface DirListing {
  path: string;
  parent: string | null;
  entries: DirEntry[];
}

export interface HostInfo {
  /** 'electron' or 'browser': the browser shell cannot read dropped files' paths. */
  shell: 'electron' | 'browser';
  platform: string;
  homeDir: string;
}
