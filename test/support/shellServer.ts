// A real browser shell on loopback, on a host with the real engine actors,
// serving a tiny renderer build; stopped when the test file ends (so start
// it at the top of the file, not in a hook).
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after } from 'node:test';
import type { Host } from '../../electron/host/host.js';
import { openHost } from '../../electron/host/openHost.js';
import { browserPlatform } from '../../electron/shell/browserPlatform.js';
import { startBrowserShell, type BrowserShell } from '../../electron/shell/server.js';
import type { WireToUi } from '../../shared/ipc.js';
import { frame, OPCODE, RawWebSocket } from './rawWebSocket.js';
import { tempDir } from './tmp.js';

export interface TestShell {
  host: Host;
  shell: BrowserShell;
  /** "http://127.0.0.1:PORT" */
  origin: string;
  port: number;
}

export async function startTestShell(): Promise<TestShell> {
  const staticDir = await tempDir('zd-static');
  await mkdir(path.join(staticDir, 'assets'));
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>ZeroDrop</title>');
  await writeFile(path.join(staticDir, 'assets', 'app-1234.js'), 'export {};');
  const host = await openHost(await tempDir('zd-config'), browserPlatform());
  const shell = await startBrowserShell({ host, hostname: '127.0.0.1', port: 0, staticDir });
  after(async () => {
    await shell.close();
    await host.close();
  });
  const url = new URL(shell.url);
  return { host, shell, origin: url.origin, port: Number(url.port) };
}

/** A good request with the token still gets its answer: over HTTP, and as a call over a new WebSocket. */
export async function assertStillServes({ origin, port, shell }: TestShell): Promise<void> {
  const health = await fetch(`${origin}/health?token=${shell.token}`);
  assert.equal(health.status, 200);
  await health.body?.cancel();
  const tab = await RawWebSocket.open(port, `/ws?token=${shell.token}`, { Origin: origin });
  try {
    tab.send(callFrame(1, 'host.info'));
    const reply = await nextResult(tab);
    assert.ok(reply.ok, JSON.stringify(reply));
  } finally {
    tab.destroy();
  }
}

/** A call of the UI contract as a tab writes it. */
export function callFrame(id: number, command: string, args: unknown[] = []): Buffer {
  return frame({ opcode: OPCODE.text, payload: JSON.stringify({ kind: 'call', id, command, args }) });
}

/** The next result on a tab, past any events. */
export async function nextResult(tab: RawWebSocket): Promise<Extract<WireToUi, { kind: 'result' }>> {
  for (;;) {
    const message = JSON.parse((await tab.next()).payload.toString()) as WireToUi;
    if (message.kind === 'result') return message;
  }
}
