// The Windows and Linux branding electron-builder would give the installers
// (packaging/brandingRecord.ts; npm run package:check records it from
// electron-builder's own code): the AppImage's .desktop entry names the app,
// its program, category and icon; the Windows installer gets a real .ico.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { appIconFile } from '../../electron/host/appFiles.js';
import { recordedBrandingProblems } from '../../packaging/brandingRecord.js';
import { tempDir } from '../support/tmp.js';

const entry = (fields: Record<string, string>) =>
  `[Desktop Entry]\n${Object.entries({ Name: 'ZeroDrop', Exec: '/opt/ZeroDrop/zerodrop %U', Type: 'Application', Icon: 'zerodrop', Categories: 'Network;', ...fields })
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;

test('a .desktop entry with the app’s name, program, category and an icon passes; each wrong field is named', async () => {
  assert.deepEqual(await recordedBrandingProblems({ desktopEntry: entry({}), linuxIcons: [appIconFile()] }, 'linux', 'ZeroDrop', 'zerodrop'), []);
  const wrong = { desktopEntry: entry({ Name: 'zerodrop', Exec: '/opt/ZeroDrop/electron %U', Categories: 'Utility;' }), linuxIcons: [] };
  assert.deepEqual(await recordedBrandingProblems(wrong, 'linux', 'ZeroDrop', 'zerodrop'), [
    `the .desktop entry's Name is "zerodrop", not "ZeroDrop"`,
    `the .desktop entry's Categories is "Utility;", not "Network;"`,
    `the .desktop entry starts "/opt/ZeroDrop/electron %U", not the program zerodrop`,
    'electron-builder found no icon for the AppImage',
  ]);
});

test('the Windows installer’s icon must be an .ico file', async () => {
  const dir = await tempDir('zd-ico');
  const ico = path.join(dir, 'icon.ico');
  await fs.writeFile(ico, Buffer.from([0, 0, 1, 0, 1, 0]));
  assert.deepEqual(await recordedBrandingProblems({ windowsIcon: ico }, 'win32', 'ZeroDrop', 'zerodrop'), []);
  assert.deepEqual(await recordedBrandingProblems({ windowsIcon: appIconFile() }, 'win32', 'ZeroDrop', 'zerodrop'), [
    `electron-builder made no .ico for the installer and program (${JSON.stringify(appIconFile())})`,
  ]);
  assert.deepEqual(await recordedBrandingProblems({ windowsIcon: null }, 'win32', 'ZeroDrop', 'zerodrop'), ['electron-builder made no .ico for the installer and program (null)']);
});
