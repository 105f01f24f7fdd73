// How the host (without Electron) asks the system to open or show a path.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openCommand, revealCommand } from '../../electron/host/desktopOpen.js';

test('on Windows a received name with commas stays one path for explorer', () => {
  const file = 'C:\\Users\\me\\recv\\a,\\Windows\\System32\\calc.exe';
  assert.deepEqual(revealCommand(file, 'win32'), { command: 'explorer.exe', args: [`/select,"${file}"`], verbatim: true });
  assert.deepEqual(openCommand('C:\\Users\\me\\recv\\x,y', 'win32'), { command: 'explorer.exe', args: ['"C:\\Users\\me\\recv\\x,y"'], verbatim: true });
});

test('elsewhere each path is one argument, as it is', () => {
  assert.deepEqual(revealCommand('/home/me/recv/a,b.txt', 'darwin'), { command: 'open', args: ['-R', '/home/me/recv/a,b.txt'] });
  assert.deepEqual(revealCommand('/home/me/recv/a,b.txt', 'linux'), { command: 'xdg-open', args: ['/home/me/recv'] });
});
