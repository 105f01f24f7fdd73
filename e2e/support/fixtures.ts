// Fixtures: temporary folders and browser-shell hosts that are cleaned up
// after each test, and a page per host with a long-task observer.
import { test as base, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PacedRelay } from '../../test/support/pacedRelay.js';
import { presetSettings, ShellProcess } from './shell.js';

export interface Fixtures {
  /** A new empty folder, removed after the test. */
  tempDir(label: string): Promise<string>;
  /** A browser-shell host with its own config folder, stopped after the test; `listen` as `--listen` takes it; `env` adds to its environment. */
  startShell(configDir?: string, listen?: string, env?: NodeJS.ProcessEnv): Promise<ShellProcess>;
  /** A host whose receiver takes files from anyone, plain senders too: for specs about something else than trust. */
  startOpenReceiver(env?: NodeJS.ProcessEnv): Promise<ShellProcess>;
  /** A page on a host's UI, observing long tasks from the start. */
  openApp(shell: ShellProcess): Promise<Page>;
  /** A relay to the receiver at `target` that lets its replies out one every `paceMs`; closed after the test. */
  openGate(target: string, paceMs: number): Promise<PacedRelay>;
}

declare global {
  interface Window {
    /** Long tasks as [startTime, duration] in page time. */
    longTasks: Array<[number, number]>;
  }
}

export const test = base.extend<Fixtures>({
  tempDir: async ({}, use) => {
    const made: string[] = [];
    await use(async (label) => {
      const dir = await mkdtemp(path.join(tmpdir(), `zd-e2e-${label}-`));
      made.push(dir);
      return dir;
    });
    await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
  },

  startShell: async ({ tempDir }, use) => {
    const started: ShellProcess[] = [];
    await use(async (configDir, listen, env) => {
      const shell = await ShellProcess.start(configDir ?? (await tempDir('config')), listen, env);
      started.push(shell);
      return shell;
    });
    await Promise.all(started.map((shell) => shell.stop()));
  },

  startOpenReceiver: async ({ tempDir, startShell }, use) => {
    await use(async (env) => {
      const configDir = await tempDir('config');
      await presetSettings(configDir, { accept: 'anyone', acceptPlain: true });
      return startShell(configDir, undefined, env);
    });
  },

  openApp: async ({ browser }, use, testInfo) => {
    const pages: Page[] = [];
    await use(async (shell) => {
      const page = await browser.newPage(testInfo.project.use);
      await page.addInitScript(() => {
        window.longTasks = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) window.longTasks.push([entry.startTime, entry.duration]);
        }).observe({ type: 'longtask', buffered: true });
      });
      await page.goto(shell.url);
      await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
      pages.push(page);
      return page;
    });
    await Promise.all(pages.map((page) => page.close()));
  },

  openGate: async ({}, use) => {
    const gates: PacedRelay[] = [];
    await use(async (target, paceMs) => {
      const gate = await PacedRelay.open(target, paceMs);
      gates.push(gate);
      return gate;
    });
    for (const gate of gates) gate.close();
  },
});

export { expect } from '@playwright/test';
