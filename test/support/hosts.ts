// Hosts on the real engine actors (worker threads, ZeroMQ on loopback, real
// files), each with its own config folder; only the operating system's
// open/reveal tools are recorded. Every host is closed when the test file ends.
import { after } from 'node:test';
import type { Events } from '../../shared/ipc.js';
import type { FileProgress } from '../../shared/transfer.js';
import type { Host, HostPlatform } from '../../electron/host/host.js';
import { openHost } from '../../electron/host/openHost.js';
import { tempDir } from './tmp.js';

/** What the system's open and reveal tools were asked, in order. */
export const opened: string[] = [];

const platform: HostPlatform = {
  shell: 'browser',
  // What the system picker would answer, so a test sees it come through the host.
  pickFolder: async (startDir) => (startDir ? `${startDir}/picked` : '/picked'),
  pickFiles: async () => null,
  openPath: async (target) => void opened.push(`open ${target}`),
  revealPath: async (target) => void opened.push(`reveal ${target}`),
};

const hosts: Host[] = [];
after(async () => {
  await Promise.all(hosts.map((host) => host.close()));
});

export async function startHost(configDir?: string): Promise<{ host: Host; configDir: string }> {
  const dir = configDir ?? (await tempDir('zd-config'));
  const host = await openHost(dir, platform);
  hosts.push(host);
  return { host, configDir: dir };
}

/** Resolves with the files once `done` holds for the latest snapshots. */
export function untilFiles(host: Host, done: (files: Map<string, FileProgress>) => boolean): Promise<Map<string, FileProgress>> {
  const files = new Map<string, FileProgress>();
  return new Promise((resolve) => {
    const stop = host.events.listen((event, payload) => {
      if (event !== 'files.progress') return;
      for (const file of payload as Events['files.progress']) files.set(file.id, file);
      if (done(files)) {
        stop();
        resolve(files);
      }
    });
  });
}

/** Resolves with the next payload of `event` that `wanted` accepts. */
export function nextEvent<E extends keyof Events>(host: Host, event: E, wanted: (payload: Events[E]) => boolean = () => true): Promise<Events[E]> {
  return new Promise((resolve) => {
    const stop = host.events.listen((name, payload) => {
      if ((name as keyof Events) !== event || !wanted(payload as Events[E])) return;
      stop();
      resolve(payload as Events[E]);
    });
  });
}
