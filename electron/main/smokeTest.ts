// `--smoke-test`: the packaged app on a build machine starts for real and
// stops. The host has started the engine's actors; the window opens hidden
// and its page loads with the preload's API; then the app quits as it always
// does (every socket and worker closed) and ends with 0. Anything else ends
// it with 1, the same way, and says why. Settings go to a fresh folder,
// removed at the end, so that a person's own are never touched.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BRIDGE_GLOBALS } from '../../shared/bridge.js';
import { messageOf } from '../../shared/format.js';
import type { AppApi, WindowApi } from './electronApi.js';

export const SMOKE_TEST_TIMEOUT_MS = 60_000;

/** What the page evaluates to once the preload has given it the API. */
const API_PROBE = `typeof window[${JSON.stringify(BRIDGE_GLOBALS.api)}]?.['host.info']`;

/** A fresh settings folder for the run, removed when the app ends. */
export function smokeTestDataDir(app: AppApi): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zerodrop-smoke-'));
  const remove = () => rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  app.on('will-quit', remove);
  // A failed run ends with app.exit(1), which skips will-quit.
  process.once('exit', remove);
  return dir;
}

/** Checks the window once its page has loaded, then quits with 0; with 1 on a failure or after the timeout. */
export function runSmokeTest(loaded: Promise<WindowApi>, quit: (exitCode: number) => void, timeoutMs = SMOKE_TEST_TIMEOUT_MS): void {
  const fail = (why: string) => {
    console.error(`zerodrop smoke test failed: ${why}`);
    quit(1);
  };
  const timer = setTimeout(() => fail(`not done after ${timeoutMs / 1000} s`), timeoutMs);
  loaded
    .then(async (window) => {
      const probe: unknown = await window.webContents.executeJavaScript(API_PROBE);
      if (probe !== 'function') throw new Error(`the page has no API from the preload (${String(probe)})`);
      clearTimeout(timer);
      console.log('zerodrop smoke test: the engine started, the window loaded with the preload’s API; quitting');
      quit(0);
    })
    .catch((error: unknown) => {
      clearTimeout(timer);
      fail(messageOf(error));
    });
}
