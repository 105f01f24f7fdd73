// Starts the engine of a packaged app as its main process would, from the
// package alone: its host opens both actors' worker threads from their
// packaged files, and they load zeromq from the packaged node_modules. Run by
// check.ts for the machine's own target, whose app it builds outside the
// project, so that no module can resolve from the project's node_modules:
//   node --import tsx packaging/startPackagedEngine.ts APP_DIR
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HostPlatform } from '../electron/host/host.js';
import type { openHost as OpenHost } from '../electron/host/openHost.js';

const NO_PICKERS: HostPlatform = {
  shell: 'browser',
  pickFolder: async () => null,
  pickFiles: async () => null,
  openPath: async () => undefined,
  revealPath: async () => undefined,
};

const appDir = process.argv[2];
if (!appDir) throw new Error('usage: startPackagedEngine.ts APP_DIR');
const packaged = pathToFileURL(path.join(appDir, 'dist', 'electron', 'host', 'openHost.js')).href;
const { openHost } = (await import(packaged)) as { openHost: typeof OpenHost };
const configDir = await mkdtemp(path.join(os.tmpdir(), 'zd-packaged-'));
try {
  // openHost resolves once both workers have answered a call.
  const host = await openHost(configDir, NO_PICKERS);
  await host.close();
} finally {
  await rm(configDir, { recursive: true, force: true });
}
