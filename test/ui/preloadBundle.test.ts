// The preload as Electron's sandbox runs it: one script whose only require is
// 'electron' (a sandboxed preload can load no file of ours), exposing a
// method for every command of the table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import vm from 'node:vm';
import { BRIDGE_GLOBALS, IPC_CHANNELS } from '../../shared/bridge.js';
import { COMMAND_NAMES } from '../../shared/contract/commands.js';
import { bundledPreload } from '../support/preloadBundle.js';

test('the bundled preload requires only electron and exposes every command over IPC', async () => {
  const exposed = new Map<string, Record<string, (...args: unknown[]) => Promise<unknown>>>();
  const invoked: unknown[][] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (name: string, value: never) => exposed.set(name, value) },
    ipcRenderer: {
      invoke: async (...args: unknown[]) => (invoked.push(args), { ok: true, value: 'answer' }),
      on: () => undefined,
    },
    webUtils: { getPathForFile: () => '/dropped' },
  };
  const required: string[] = [];
  const require = (name: string) => (required.push(name), name === 'electron' ? electron : undefined);
  vm.runInNewContext(await bundledPreload(), { require, module: { exports: {} }, exports: {} });

  assert.deepEqual(required, ['electron']);
  const api = exposed.get(BRIDGE_GLOBALS.api)!;
  assert.deepEqual(Object.keys(api).sort(), [...COMMAND_NAMES, 'on'].sort());
  assert.equal(await api['fs.list']!('/srv'), 'answer');
  // The arguments list was made in the script's own realm: compared as data.
  assert.deepEqual(JSON.parse(JSON.stringify(invoked)), [[IPC_CHANNELS.call, 'fs.list', ['/srv']]]);
  assert.ok(exposed.has(BRIDGE_GLOBALS.droppedFiles));
});
