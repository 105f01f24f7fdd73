// The browser shell over real HTTP and WebSocket, on a host with the real
// engine actors: the token guards the contract, static files stay in their folder.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import WebSocket from 'ws';
import type { HostInfo, WireToUi } from '../../shared/ipc.js';
import { parseListen } from '../../electron/cli/ui.js';
import { resolveStatic } from '../../electron/shell/staticFiles.js';
import { startTestShell } from '../support/shellServer.js';

const { shell, origin } = await startTestShell();

function socket(token: string, headers: Record<string, string> = {}): WebSocket {
  return new WebSocket(`${origin.replace('http', 'ws')}/ws?token=${token}`, { headers });
}

function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
}

function nextResult(ws: WebSocket): Promise<WireToUi> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as WireToUi;
      if (message.kind !== 'result') return;
      ws.off('message', onMessage);
      resolve(message);
    };
    ws.on('message', onMessage);
  });
}

test('the printed URL carries a long random token', () => {
  assert.match(shell.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
});

test('the renderer is served with a strict content security policy', async () => {
  const page = await fetch(`${origin}/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /ZeroDrop/);
  assert.match(page.headers.get('content-security-policy')!, /default-src 'self'.*frame-ancestors 'none'/);
  assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
  const asset = await fetch(`${origin}/assets/app-1234.js`);
  assert.match(asset.headers.get('content-type')!, /javascript/);
  assert.match(asset.headers.get('cache-control')!, /immutable/);
});

test('nothing outside the renderer folder is served', async () => {
  for (const probe of ['/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '/assets/%00', '/missing.js']) {
    assert.equal((await fetch(`${origin}${probe}`)).status, 404, probe);
  }
  assert.equal((await fetch(`${origin}/`, { method: 'POST' })).status, 405);
  assert.equal(resolveStatic('/srv/ui', '/../secret'), null);
  assert.equal(resolveStatic('/srv/ui', '/'), '/srv/ui/index.html');
});

test('health needs the token', async () => {
  assert.equal((await fetch(`${origin}/health`)).status, 403);
  const health = (await (await fetch(`${origin}/health?token=${shell.token}`)).json()) as { eventLoopDelay: { p99Ms: number } };
  assert.equal(typeof health.eventLoopDelay.p99Ms, 'number');
});

test('the WebSocket refuses a wrong token and another site’s page', async () => {
  await assert.rejects(opened(socket('wrong')), /403/);
  await assert.rejects(opened(socket(shell.token, { Origin: 'http://evil.example' })), /403/);
});

test('calls over the WebSocket get results, and errors as text', async () => {
  const ws = socket(shell.token, { Origin: origin });
  await opened(ws);
  ws.send(JSON.stringify({ kind: 'call', id: 1, command: 'host.info', args: [] }));
  const info = await nextResult(ws);
  assert.ok(info.kind === 'result' && info.ok);
  assert.equal((info.value as HostInfo).shell, 'browser');

  ws.send(JSON.stringify({ kind: 'call', id: 2, command: 'receiver.start', args: [{ dir: 'relative' }] }));
  assert.deepEqual(await nextResult(ws), { kind: 'result', id: 2, ok: false, error: 'receiver.start: request.dir must be an absolute path on the host' });
  ws.send(JSON.stringify({ kind: 'call', id: 3, command: 'no.such', args: [] }));
  assert.deepEqual(await nextResult(ws), { kind: 'result', id: 3, ok: false, error: 'unknown command "no.such"' });

  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  ws.send('not json');
  assert.equal(await closed, 1008);
});

test('--listen takes HOST:PORT, [v6]:PORT or PORT', () => {
  assert.deepEqual(parseListen('127.0.0.1:8080'), { hostname: '127.0.0.1', port: 8080 });
  assert.deepEqual(parseListen('[::1]:0'), { hostname: '::1', port: 0 });
  assert.deepEqual(parseListen('9000'), { hostname: '127.0.0.1', port: 9000 });
  assert.throws(() => parseListen('localhost'), /HOST:PORT/);
  assert.throws(() => parseListen('h:70000'), /HOST:PORT/);
});
