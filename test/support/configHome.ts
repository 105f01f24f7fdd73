// Every `zerodrop` process a test or benchmark starts without --config-dir
// keeps its data (the history of its batches, its identity) in a temporary
// folder, never in the person's own: on Linux the app's data folder is under
// XDG_CONFIG_HOME, which child processes inherit from here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const TEST_CONFIG_HOME = mkdtempSync(path.join(tmpdir(), 'zd-config-home-'));
process.env.XDG_CONFIG_HOME = TEST_CONFIG_HOME;
process.once('exit', () => rmSync(TEST_CONFIG_HOME, { recursive: true, force: true }));
