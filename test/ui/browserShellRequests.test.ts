// Attacks on the browser shell over raw TCP, as a web page in the user's
// browser or another local user could make them: malformed requests, a
// foreign Host (DNS rebinding) or Origin, a missing or wrong token. Each gets
// an error status or a closed connection, and the shell keeps serving.
import assert from 'node:assert/strict';
import os from 'node:os';
import { test } from 'node:test';
import { hostNameCheck } from '../../electron/shell/hostNames.js';
import { exchange, getRequest, statusOf, UPGRADE_HEADERS } from '../support/rawHttp.js';
import { RawWebSocket } from '../support/rawWebSocket.js';
import { assertStillServes, startTestShell } from '../support/shellServer.js';

const shellUnderTest = await startTestShell();
const { port, shell, origin } = shellUnderTest;
const HOST = { Host: `127.0.0.1:${port}` };
const TOKEN = `token=${shell.token}`;

/** Sends each raw request on its own connection; each must get `expected` (null: closed without a response). */
async function expectEach(requests: Array<[string, string | Buffer, number | null]>): Promise<void> {
  for (const [what, bytes, expected] of requests) {
    const response = await exchange(port, bytes);
    assert.equal(statusOf(response), expected, `${what}: ${response.slice(0, 80)}`);
    await assertStillServes(shellUnderTest);
  }
}

test('malformed request targets get 400, also on a WebSocket upgrade (no crash)', async () => {
  await expectEach([
    ['a target URL cannot parse', getRequest('//[', HOST), 400],
    ['an upgrade to a target URL cannot parse', getRequest('//[', { ...HOST, ...UPGRADE_HEADERS }), 400],
    ['an upgrade to //[ with the token', getRequest(`//[/ws?${TOKEN}`, { ...HOST, ...UPGRADE_HEADERS }), 400],
    ['a scheme-relative target', getRequest(`//evil.example/health?${TOKEN}`, HOST), 400],
    ['an upgrade to a scheme-relative target', getRequest(`//evil.example/ws?${TOKEN}`, { ...HOST, ...UPGRADE_HEADERS }), 400],
    ['an absolute target', getRequest(`http://evil.example/health?${TOKEN}`, HOST), 400],
    ['a backslash target', getRequest('/\\evil.example/', HOST), 400],
    ['an asterisk target', getRequest('*', HOST), 400],
  ]);
});

test('bad percent-encoding finds nothing, and no token', async () => {
  await expectEach([
    ['a bad escape in the path', getRequest('/%zz', HOST), 404],
    ['a cut escape in the path', getRequest('/assets/%E0%A4%A', HOST), 404],
    ['an encoded NUL', getRequest('/index.html%00', HOST), 404],
    ['a token that is not UTF-8', getRequest('/health?token=%ff%fe', HOST), 403],
    ['an upgrade with a token that is not UTF-8', getRequest('/ws?token=%ff%fe%zz', { ...HOST, ...UPGRADE_HEADERS }), 403],
  ]);
});

test('requests Node cannot parse are refused and closed (no crash)', async () => {
  const longTarget = `/${'a'.repeat(1024 * 1024)}`;
  const cases: Array<[string, string | Buffer]> = [
    ['an absurdly long target', getRequest(longTarget, HOST)],
    ['an absurdly long upgrade target', getRequest(`/ws?${TOKEN}&${'x'.repeat(1024 * 1024)}`, { ...HOST, ...UPGRADE_HEADERS })],
    ['a binary request line', Buffer.from([0, 1, 2, 3, 0xff, 13, 10, 13, 10])],
    ['a header without a colon', `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nno colon here\r\n\r\n`],
    ['a body both chunked and with a length', `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`],
    ['an unknown HTTP version', `GET / HTTP/7.3\r\nHost: 127.0.0.1:${port}\r\n\r\n`],
    ['HTTP/1.1 without a Host', 'GET / HTTP/1.1\r\n\r\n'],
    ['CONNECT', `CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n`],
  ];
  for (const [what, bytes] of cases) {
    const status = statusOf(await exchange(port, bytes));
    assert.ok(status === null || (status >= 400 && status < 600), `${what}: ${status}`);
    await assertStillServes(shellUnderTest);
  }
});

test('a Host that is not this shell is refused, whatever the path (DNS rebinding)', async () => {
  const foreignHosts = [`evil.example:${port}`, `127.0.0.1.nip.io:${port}`, `localhost.:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1', `[::2]:${port}`, `evil.example:${port}@x`, ''];
  for (const Host of foreignHosts) {
    for (const target of ['/', '/assets/app-1234.js', `/health?${TOKEN}`, '/missing']) {
      assert.equal(statusOf(await exchange(port, getRequest(target, { Host }))), 403, `${Host} ${target}`);
    }
    const upgrade = getRequest(`/ws?${TOKEN}`, { Host, Origin: `http://${Host}`, ...UPGRADE_HEADERS });
    assert.equal(statusOf(await exchange(port, upgrade)), 403, `upgrade with Host ${Host}`);
  }
  assert.equal(statusOf(await exchange(port, 'GET / HTTP/1.0\r\n\r\n')), 403, 'HTTP/1.0 without a Host');
  for (const Host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
    assert.equal(statusOf(await exchange(port, getRequest('/', { Host }))), 200, Host);
  }
  await assertStillServes(shellUnderTest);
});

test('the --listen address is a good Host too; a shell on every interface takes this machine’s addresses, never a name', () => {
  const named = hostNameCheck('zerodrop-box', () => 8080);
  assert.ok(named('zerodrop-box:8080') && named('localhost:8080') && named('[::1]:8080'));
  assert.ok(!named('zerodrop-box:8081') && !named('zerodrop-box') && !named('evil.example:8080'));
  const v6 = hostNameCheck('fd00::7', () => 80);
  assert.ok(v6('[fd00::7]') && v6('[fd00::7]:80') && !v6('[fd00::8]'));
  const everywhere = hostNameCheck('0.0.0.0', () => 8080);
  const own = Object.values(os.networkInterfaces()).flatMap((entries) => entries ?? []);
  for (const { address, family } of own) assert.ok(everywhere(family === 'IPv6' ? `[${address}]:8080` : `${address}:8080`), address);
  assert.ok(!everywhere('evil.example:8080') && !everywhere('203.0.113.9:8080') && !everywhere(`${os.hostname().toLowerCase()}.rebind.example:8080`));
});

test('a foreign Origin is refused, on any method, even with the token', async () => {
  const foreignOrigins = ['http://evil.example', 'null', `http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`, `http://localhost:${port}`, 'not a url'];
  for (const Origin of foreignOrigins) {
    for (const target of ['/', `/health?${TOKEN}`]) {
      assert.equal(statusOf(await exchange(port, getRequest(target, { ...HOST, Origin }))), 403, `${Origin} ${target}`);
    }
    const post = `POST /health?${TOKEN} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${Origin}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`;
    assert.equal(statusOf(await exchange(port, post)), 403, `POST from ${Origin}`);
    await assert.rejects(RawWebSocket.open(port, `/ws?${TOKEN}`, { Origin }), /refused with 403/, `upgrade from ${Origin}`);
  }
  const own = await RawWebSocket.open(port, `/ws?${TOKEN}`, { Origin: origin });
  own.destroy();
  await assertStillServes(shellUnderTest);
});

test('without the token nothing with data is reachable; the page shell is public and holds no token', async () => {
  const wrong = shell.token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
  for (const target of ['/health', '/health?token=', `/health?token=${wrong}`, `/health?token=${shell.token}x`, `/health?Token=${shell.token}`]) {
    assert.equal(statusOf(await exchange(port, getRequest(target, HOST))), 403, target);
  }
  for (const target of ['/ws', '/ws?token=', `/ws?token=${wrong}`, `/ws/?${TOKEN}`, `/WS?${TOKEN}`]) {
    assert.equal(statusOf(await exchange(port, getRequest(target, { ...HOST, ...UPGRADE_HEADERS }))), 403, `upgrade to ${target}`);
  }
  assert.equal(statusOf(await exchange(port, getRequest(`/ws?${TOKEN}`, HOST))), 404, 'the socket path without an upgrade');
  const page = await exchange(port, getRequest('/', HOST));
  assert.equal(statusOf(page), 200);
  assert.ok(!page.includes(shell.token), 'the page shell does not carry the token');
  await assertStillServes(shellUnderTest);
});
