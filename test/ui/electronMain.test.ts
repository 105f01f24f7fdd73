// The Electron layer without Electron: the main process (electron/main) on a
// fake Electron typed against the real one, with the real host and engine,
// and the bundled preload in its sandbox's shape. Calls go page → preload →
// IPC → main → host and back.
import '../support/liveWorkers.js';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { IPC_CHANNELS, type CallOutcome } from '../../shared/bridge.js';
import { COMMAND_NAMES } from '../../shared/ipc.js';
import type { ReceiverStatus } from '../../shared/transfer.js';
import { appIconFile, preloadFile } from '../../electron/host/appFiles.js';
import { appPageUrl, WEB_PREFERENCES } from '../../electron/main/window.js';
import { pagePolicy, pagePolicyProblems } from '../../packaging/pagePolicy.js';
import { APP_PAGE, startApp } from '../support/desktopApp.js';
import { preventable } from '../support/fakeElectron.js';
import { loadPage } from '../support/fakePage.js';
import { liveWorkers } from '../support/liveWorkers.js';
import { tempDir } from '../support/tmp.js';
import { until, within } from '../support/wait.js';

test('every command of the table reaches the host, which checks its arguments', async () => {
  const { fake, window } = await startApp();
  const call = (command: unknown, args: unknown) => fake.invoke(IPC_CHANNELS.call, window, APP_PAGE, command, args) as Promise<CallOutcome>;
  for (const command of COMMAND_NAMES) {
    const outcome = await call(command, ['one', 'two']);
    assert.equal(outcome.ok, false, command);
    assert.match((outcome as { error: string }).error, new RegExp(`^${command.replace('.', '\\.')}: takes `), command);
  }
  assert.deepEqual(await call('fs.delete', []), { ok: false, error: 'unknown command "fs.delete"' });
  assert.deepEqual(await call('host.info', 'not a list'), { ok: false, error: 'host.info: arguments must be a list' });

  const api = await loadPage(fake, window, APP_PAGE);
  assert.equal((await api['host.info']()).shell, 'electron');
  fake.answerDialogs(['/srv/report.pdf']);
  assert.deepEqual(await api['fs.pickFiles'](), ['/srv/report.pdf']);
  assert.equal(fake.dialogCalls.at(-1)![0], window, 'the picker is modal to the window');
  await assert.rejects(api['fs.pickFolder']('relative/dir'), /startDir must be an absolute path on the host/);
});

test('a call from an iframe, another page or another site is refused before the host sees it', async () => {
  const { fake, window } = await startApp();
  for (const frame of [
    { url: appPageUrl(), parent: {} },
    { url: 'file:///tmp/elsewhere.html', parent: null },
    { url: 'https://example.com/index.html', parent: null },
  ]) {
    const api = await loadPage(fake, window, frame);
    await assert.rejects(api['fs.pickFiles'](), /refused: not the app’s page/, JSON.stringify(frame));
  }
  assert.deepEqual(fake.dialogCalls, [], 'no picker opened');
});

test('the host’s events reach the window’s page', async () => {
  const { fake, window } = await startApp();
  const api = await loadPage(fake, window, APP_PAGE);
  const statuses: ReceiverStatus[] = [];
  api.on('receiver.status', (status) => statuses.push(status));
  const inbox = await tempDir('zd-inbox');
  await api['receiver.start']({ dir: inbox, bind: 'tcp://127.0.0.1:0' });
  await until(() => statuses.some((status) => status.listening && status.dir === inbox), 'a receiver.status event');
});

test('the window is isolated and sandboxed, without Node, on the app’s page, whose CSP allows only its own files', async () => {
  const { window } = await startApp();
  const { webPreferences, title, icon } = window.options;
  assert.deepEqual(webPreferences, { ...WEB_PREFERENCES, preload: preloadFile() });
  assert.equal(webPreferences?.contextIsolation, true);
  assert.equal(webPreferences?.sandbox, true);
  assert.equal(webPreferences?.nodeIntegration, false);
  assert.equal(webPreferences?.webSecurity, true);
  assert.equal(window.url, appPageUrl());
  assert.equal(title, 'ZeroDrop');
  assert.equal(icon, appIconFile());
  assert.ok(existsSync(appIconFile()), 'the icon is there');

  // The page the window loads, as built (vite's copy of renderer/index.html).
  const page = readFileSync(fileURLToPath(window.url!), 'utf8');
  assert.deepEqual(pagePolicyProblems(page), []);
  assert.equal(pagePolicy(page).get('script-src'), "'self'");
});

test('a built page whose CSP is loosened, missing or refuses its own inline script is named', () => {
  const page = (csp: string, body = '') => `<meta http-equiv="Content-Security-Policy" content="${csp}" />${body}`;
  const strict = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";
  assert.deepEqual(pagePolicyProblems(page(strict, '<script type="module" src="./assets/index.js"></script>')), []);
  assert.deepEqual(pagePolicyProblems('<title>no policy</title>'), ['the page has no Content-Security-Policy']);
  assert.deepEqual(pagePolicyProblems(page(strict.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"))), [
    `the page's CSP script-src is "'self' 'unsafe-inline'", not "'self'"`,
    `the page's CSP script-src allows 'self' 'unsafe-inline'`,
  ]);
  assert.deepEqual(pagePolicyProblems(page(strict, '<script>boot()</script>')), ['the page has an inline script, which its CSP refuses']);
});

test('navigation, redirects, new windows, webviews and permission requests are refused', async () => {
  const { fake, window } = await startApp();
  const contents = window.webContents;
  for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
    const attempt = preventable();
    contents.emit(event, attempt);
    assert.equal(attempt.prevented, true, event);
  }
  assert.deepEqual(contents.openHandler?.({ url: 'https://example.com/' } as Parameters<NonNullable<typeof contents.openHandler>>[0]), { action: 'deny' });
  const granted: boolean[] = [];
  fake.permissions.request!(contents as never, 'notifications', (allow) => granted.push(allow), {} as never);
  assert.deepEqual(granted, [false]);
  assert.equal(fake.permissions.check!(null, 'media', '', {} as never), false);
});

test('closing the window quits the app, which first closes every socket and worker, then ends with 0', async () => {
  const before = liveWorkers();
  const { fake, window } = await startApp();
  assert.equal(liveWorkers(), before + 2, 'a receiver and a sender worker');
  const api = await loadPage(fake, window, APP_PAGE);
  const { endpoints } = await api['receiver.start']({ dir: await tempDir('zd-inbox'), bind: 'tcp://127.0.0.1:0' });
  const port = Number(/:(\d+)$/.exec(endpoints[0]!)![1]);

  window.close();
  assert.equal(await within(fake.app.ended, 'the app to end'), 0);
  await until(() => liveWorkers() === before, 'both workers to end');
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  server.close();
});
