// What the host answers to the UI's commands, beyond the transfer types of
// ../transfer.ts. Plain data: it crosses IPC and JSON alike.

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
