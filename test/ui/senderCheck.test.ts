import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAppPage } from '../../electron/host/senderCheck.js';

const APP = 'file:///opt/ZeroDrop/resources/app.asar/dist/renderer/index.html';

test('the app’s own top frame may call, with or without a fragment', () => {
  assert.equal(isAppPage({ url: APP, parent: null }, APP), true);
  assert.equal(isAppPage({ url: `${APP}#send`, parent: null }, APP), true);
});

test('frames, other pages and missing frames may not', () => {
  assert.equal(isAppPage({ url: APP, parent: {} }, APP), false, 'an iframe, even of the app');
  assert.equal(isAppPage({ url: 'file:///tmp/evil.html', parent: null }, APP), false);
  assert.equal(isAppPage({ url: 'https://example.com/index.html', parent: null }, APP), false);
  assert.equal(isAppPage({ url: 'not a url', parent: null }, APP), false);
  assert.equal(isAppPage(null, APP), false);
  assert.equal(isAppPage(undefined, APP), false);
});
