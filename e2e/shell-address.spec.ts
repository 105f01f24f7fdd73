// The browser shell's address: its token leaves the address bar once the
// page has it, reloads keep working from the tab's own copy, and a tab left
// open across a restart (new token) says its address is out of date instead
// of retrying for ever.
import { chooseReceiveFolder, switchMode } from './support/app.js';
import { expect, test } from './support/fixtures.js';

test('the token leaves the address bar, and a reload still reaches the host', async ({ tempDir, startShell, openApp }) => {
  const page = await openApp(await startShell());
  expect(new URL(page.url()).search).toBe('');

  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
  expect(new URL(page.url()).search).toBe('');
  // Calls go through: the folder browser lists the host's folders.
  await switchMode(page, 'Receive');
  await chooseReceiveFolder(page, await tempDir('inbox'));
});

test('a tab left open across a restart says its address is out of date, and the new address works', async ({ tempDir, startShell, openApp }) => {
  const configDir = await tempDir('config');
  const first = await startShell(configDir);
  const page = await openApp(first);
  await first.stop();
  const status = page.getByRole('status').filter({ hasText: /Host unreachable|out of date/ });
  await expect(status).toHaveText('Host unreachable, reconnecting…');

  // The same port, a new token: what a restart of `zerodrop ui --listen` gives.
  const second = await startShell(configDir, new URL(first.url).host);
  await expect(status).toHaveText('This address is out of date: ZeroDrop was restarted. Open the new address it printed.');

  await page.goto(second.url);
  await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
  expect(new URL(page.url()).search).toBe('');
});
