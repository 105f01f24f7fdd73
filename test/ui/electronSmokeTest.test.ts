// `--smoke-test` (electron/main/smokeTest.ts) on a fake Electron with the
// real host and the bundled preload: what the release workflow runs on each
// packaged app.
import '../support/liveWorkers.js';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { startApp } from '../support/desktopApp.js';
import { liveWorkers } from '../support/liveWorkers.js';
import { until, within } from '../support/wait.js';

test('the smoke test starts the engine, loads the page with its API in a hidden window, closes everything and ends with 0', async () => {
  const before = liveWorkers();
  const { fake, window } = await startApp(['--smoke-test']);
  const settings = fake.app.getPath('userData');
  assert.equal(path.dirname(settings), os.tmpdir(), 'a fresh settings folder');
  assert.equal(window.options.show, false);
  assert.equal(await within(fake.app.ended, 'the smoke test to end'), 0);
  assert.equal(window.visible, false, 'never shown');
  await until(() => liveWorkers() === before, 'both workers to end');
  assert.equal(existsSync(settings), false, 'the settings folder is gone');
});

test('a page without the preload’s API fails the smoke test with 1, after closing everything', async () => {
  const before = liveWorkers();
  const { fake } = await startApp(['--smoke-test'], { preload: false });
  assert.equal(await within(fake.app.ended, 'the smoke test to end'), 1);
  await until(() => liveWorkers() === before, 'both workers to end');
});
