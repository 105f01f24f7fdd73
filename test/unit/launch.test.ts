import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { appArguments, parseLaunch } from '../../electron/main/launch.js';

const CWD = path.resolve('/home/someone');

test('the app’s arguments follow the program, and the app’s folder when Electron was given one', () => {
  assert.deepEqual(appArguments(['/opt/ZeroDrop/zerodrop', 'a.txt'], false), ['a.txt']);
  assert.deepEqual(appArguments(['/usr/bin/electron', '/src/zerodrop', 'a.txt'], true), ['a.txt']);
});

test('options, files taken from the starting folder, and Chromium’s options left alone', () => {
  assert.deepEqual(parseLaunch(['--config-dir', 'cfg', 'a.txt', '--no-sandbox', path.resolve('/srv/b.bin')], CWD), {
    configDir: path.join(CWD, 'cfg'),
    smokeTest: false,
    files: [path.join(CWD, 'a.txt'), path.resolve('/srv/b.bin')],
  });
  assert.deepEqual(parseLaunch(['--config-dir=/etc/zd', '--smoke-test'], CWD), { configDir: path.resolve('/etc/zd'), smokeTest: true, files: [] });
  assert.deepEqual(parseLaunch(['--config-dir'], CWD), { configDir: null, smokeTest: false, files: [] });
});
