// The same flow against the Electron app, through Playwright's _electron,
// where an Electron binary exists. The system pickers are answered by
// stubbing Electron's dialog in each app's main process.
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectron } from '../electron/cli/findElectron.js';
import { randomFile, sha256File } from '../test/support/files.js';
import { expectDone, fileRow, sendStaged, startReceiving, switchMode } from './support/app.js';
import { freeReceiverPort } from './support/net.js';
import { presetSettings } from './support/shell.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const found = findElectron();

/** Makes the app's next system file or folder picker answer `paths`. */
async function answerPicker(app: ElectronApplication, paths: string[]): Promise<void> {
  await app.evaluate(({ dialog }, chosen) => {
    dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: chosen })) as typeof dialog.showOpenDialog;
  }, paths);
}

test('the Electron app: one instance receives what another sends, byte-identical', async () => {
  test.skip(!('binary' in found), 'reason' in found ? found.reason : '');
  const binary = (found as { binary: string }).binary;
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });

  const work = await mkdtemp(path.join(tmpdir(), 'zd-electron-'));
  const apps: ElectronApplication[] = [];
  try {
    const launch = async (name: string): Promise<[ElectronApplication, Page]> => {
      const app = await electron.launch({ executablePath: binary, args: [ROOT, `--config-dir=${path.join(work, name)}`] });
      apps.push(app);
      const page = await app.firstWindow();
      await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
      return [app, page];
    };
    // This spec is about the Electron app moving a file: its receiver takes files from anyone.
    await presetSettings(path.join(work, 'receiver'), { accept: 'anyone' });
    const [receivingApp, receiver] = await launch('receiver');
    const [sendingApp, sender] = await launch('sender');
    const inbox = path.join(work, 'inbox');
    const file = await randomFile(path.join(work, 'source', 'clip.mov'), 24 * 1024 * 1024 + 1);
    await mkdir(inbox);

    const port = await freeReceiverPort();
    await startReceiving(receiver, inbox, port, async (page, dir) => {
      await answerPicker(receivingApp, [dir]);
      await page.getByRole('button', { name: 'Choose folder…' }).click();
      await expect(page.getByRole('textbox', { name: 'Receive folder' })).toHaveValue(dir);
    });

    await switchMode(sender, 'Send');
    await answerPicker(sendingApp, [file]);
    await sender.getByRole('button', { name: 'Add files…' }).click();
    await sendStaged(sender, { address: `127.0.0.1:${port}`, chunkSize: '256 KiB' });
    await expectDone(fileRow(sender, 'send', 'clip.mov'));
    await expectDone(fileRow(receiver, 'receive', 'clip.mov'));
    expect(await sha256File(path.join(inbox, 'clip.mov'))).toBe(await sha256File(file));
  } finally {
    await Promise.all(apps.map((app) => app.close()));
    await rm(work, { recursive: true, force: true });
  }
});

test('the Electron app passes its own --smoke-test', () => {
  test.skip(!('binary' in found), 'reason' in found ? found.reason : '');
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  const run = spawnSync((found as { binary: string }).binary, [ROOT, '--smoke-test'], { encoding: 'utf8', timeout: 90_000 });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toContain('smoke test');
});
