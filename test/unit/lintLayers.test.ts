// The folder layers of eslint.config.js bite: ESLint itself, on snippets
// placed (in memory) in each folder, reports every import a layer may not
// make, in each form an import can take, and none that it may.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: fileURLToPath(new URL('../..', import.meta.url)) });

async function layerProblems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return result!.messages.filter((message) => message.ruleId === 'zerodrop/layers').map((message) => message.message);
}

/** Per file: modules it may not import, and modules it may. */
const CASES: Array<{ file: string; refused: string[]; allowed: string[] }> = [
  {
    file: 'renderer/components/Probe.tsx',
    refused: ['../../electron/host/host.js', '../../electron/engine/protocol/codec.js', 'electron', 'node:fs', 'path', 'ws', '../../test/support/files.js'],
    allowed: ['../../shared/format.js', '../store/appStore.js', './FileRow.js', 'react', 'react-dom/client', 'zustand/vanilla'],
  },
  {
    file: 'shared/contract/probe.ts',
    refused: ['node:path', 'fs', 'electron', '../../renderer/store/appStore.js', '../../electron/host/host.js', 'react'],
    allowed: ['../protocol.js', './commands.js', 'valibot'],
  },
  {
    file: 'electron/engine/sender/probe.ts',
    refused: ['../../host/host.js', '../../shell/server.js', '../../cli/args.js', '../../main/ipc.js', '../../preload/preload.js', 'electron', '../../../renderer/context.js'],
    allowed: ['../../../shared/ipc.js', '../util/quickCalls.js', 'node:worker_threads', 'zeromq'],
  },
  {
    file: 'electron/host/probe.ts',
    refused: ['../shell/server.js', '../cli/ui.js', '../main/window.js', 'electron'],
    allowed: ['../engine/actors/api.js', '../../shared/ipc.js', './eventHub.js', 'node:fs'],
  },
  {
    file: 'electron/shell/probe.ts',
    refused: ['../cli/ui.js', '../main/ipc.js', 'electron'],
    allowed: ['../host/host.js', 'ws', 'node:http'],
  },
  {
    file: 'electron/cli/probe.ts',
    refused: ['electron', '../main/main.js'],
    allowed: ['../shell/server.js', '../host/openHost.js', '../engine/actors/senderActor.js', 'cli-progress'],
  },
  {
    file: 'electron/main/probe.ts',
    refused: ['../shell/server.js', '../cli/ui.js', '../../renderer/context.js'],
    allowed: ['electron', '../host/host.js', '../../shared/bridge.js', 'node:path'],
  },
  {
    file: 'electron/preload/probe.ts',
    refused: ['../host/host.js', 'node:fs', 'valibot'],
    allowed: ['electron', '../../shared/uiApi.js'],
  },
  { file: 'test/unit/probe.ts', refused: [], allowed: ['../../electron/host/host.js', 'electron', 'node:fs'] },
];

for (const { file, refused, allowed } of CASES) {
  test(`${file}: the layer refuses what it may not import and allows the rest`, async () => {
    for (const module of refused) {
      const problems = await layerProblems(file, `import '${module}';\n`);
      assert.equal(problems.length, 1, `${file} importing ${module} should be reported`);
      assert.match(problems[0]!, / may not import .+: /);
    }
    for (const module of allowed) assert.deepEqual(await layerProblems(file, `import '${module}';\n`), [], `${file} may import ${module}`);
  });
}

test('every form of naming a module is checked', async () => {
  const forms = [
    "import type { Host } from '../../host/host.js';\nexport type H = Host;\n",
    "export { Host } from '../../host/host.js';\n",
    "export * from '../../host/host.js';\n",
    "export const load = () => import('../../host/host.js');\n",
    "export type H = import('../../host/host.js').Host;\n",
    "import host = require('../../host/host.js');\nexport { host };\n",
    "export const host = require('../../host/host.js');\n",
  ];
  for (const code of forms) {
    assert.deepEqual(
      await layerProblems('electron/engine/sender/probe.ts', code),
      ['electron/engine may not import electron/host: the protocol engine runs in the CLI and in worker threads: never the host, shell, cli, main or Electron.'],
      code,
    );
  }
});
