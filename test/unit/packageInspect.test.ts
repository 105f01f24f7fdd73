// The package check's inspection (packaging/inspect.ts) on made-up unpacked
// apps: it names the system of a binary from its header, and it reports a
// missing entry point or worker, an import that was not packaged, another
// system's binary (among our files too), a zeromq build no manifest entry
// names, a package or file outside the allow-list, a page whose CSP was
// loosened; a complete app passes. (npm run package:check runs it on what
// electron-builder really makes.)
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { inspectApp } from '../../packaging/inspect.js';
import { binaryKind } from '../../packaging/nativeBinaries.js';
import { targetById, unpackedApp } from '../../packaging/targets.js';
import { tempDir } from '../support/tmp.js';

function elf(machine: number): Buffer {
  const header = Buffer.alloc(64);
  header.writeUInt32BE(0x7f454c46, 0);
  header.writeUInt16LE(machine, 18);
  return header;
}

function pe(machine: number): Buffer {
  const header = Buffer.alloc(256);
  header.write('MZ', 0, 'latin1');
  header.writeUInt32LE(0x80, 0x3c);
  header.writeUInt32BE(0x50450000, 0x80);
  header.writeUInt16LE(machine, 0x84);
  return header;
}

function machO(cpu: number): Buffer {
  const header = Buffer.alloc(32);
  header.writeUInt32LE(0xfeedfacf, 0);
  header.writeUInt32LE(cpu, 4);
  return header;
}

test('a binary’s system and architecture come from its header', () => {
  assert.deepEqual(binaryKind(elf(0x3e)), { os: 'linux', arch: 'x64' });
  assert.deepEqual(binaryKind(elf(0xb7)), { os: 'linux', arch: 'arm64' });
  assert.deepEqual(binaryKind(pe(0x8664)), { os: 'win32', arch: 'x64' });
  assert.deepEqual(binaryKind(pe(0x14c)), { os: 'win32', arch: 'ia32' });
  assert.deepEqual(binaryKind(machO(0x0100000c)), { os: 'darwin', arch: 'arm64' });
  assert.deepEqual(binaryKind(machO(0x01000007)), { os: 'darwin', arch: 'x64' });
  assert.equal(binaryKind(Buffer.from('module.exports = 1;\n')), null);
  assert.equal(binaryKind(Buffer.from('MZ but not a program')), null);
});

const LINUX = targetById('linux-x64');
const ADDON = (libc: string) => `linux/x64/node/${libc}-127-Release/addon.node`;
const MANIFEST = { [JSON.stringify({ os: 'linux', arch: 'x64', libc: 'glibc', abi: 127 })]: ADDON('glibc') };

const STRICT_CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";
const page = (csp: string) => `<meta http-equiv="Content-Security-Policy" content="${csp}" /><link rel="icon" href="data:," /><script type="module" src="./assets/index.js"></script>`;

/** A complete linux-x64 app as electron-builder lays it out; `files` replaces or adds (null removes). */
async function makeApp(files: Record<string, string | Buffer | null> = {}) {
  const outDir = await tempDir('zd-app');
  const app = unpackedApp(outDir, LINUX, 'ZeroDrop', 'zerodrop');
  const all: Record<string, string | Buffer | null> = {
    'package.json': JSON.stringify({ main: 'dist/electron/main/main.js' }),
    'dist/electron/main/main.js': "import { app } from 'electron';\nimport { openHost } from '../host/openHost.js';\n",
    'dist/electron/host/openHost.js': "import * as v from 'valibot';\nimport { createReceiverActor } from '../engine/actors/receiverActor.js';\n",
    'dist/electron/engine/actors/receiverActor.js': "import { siblingModule } from './mailbox.js';\nnew ActorClient(siblingModule(import.meta.url, 'receiverWorker'));\n",
    'dist/electron/engine/actors/mailbox.js': "import { Worker } from 'node:worker_threads';\n",
    'dist/electron/engine/actors/receiverWorker.js': "import 'zeromq';\n",
    'dist/electron/preload/preload.cjs': "require('electron');\n",
    'dist/renderer/index.html': page(STRICT_CSP),
    'dist/renderer/assets/index.js': '',
    'build/icon.png': '',
    'node_modules/valibot/package.json': '{}',
    'node_modules/zeromq/package.json': '{}',
    'node_modules/zeromq/build/manifest.json': JSON.stringify(MANIFEST),
    [`node_modules/zeromq/build/${ADDON('glibc')}`]: elf(0x3e),
    zerodrop: '',
    ...files,
  };
  for (const [file, contents] of Object.entries(all)) {
    if (contents === null) continue;
    const target = file === 'zerodrop' ? app.executable : path.join(app.appDir, file);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, contents);
  }
  return app;
}

const FACTS = { productName: 'ZeroDrop', executableName: 'zerodrop', productionPackages: ['node_modules/valibot', 'node_modules/zeromq'] };

test('a complete app passes, with its zeromq addon and size', async () => {
  const inspection = await inspectApp(await makeApp(), LINUX, FACTS);
  assert.deepEqual(inspection.problems, []);
  assert.deepEqual(inspection.zeromqAddons, [`node_modules/zeromq/build/${ADDON('glibc')}`]);
  assert.ok(inspection.appBytes > 0);
});

test('each missing or foreign piece is named', async () => {
  const app = await makeApp({
    'dist/electron/preload/preload.cjs': null,
    'dist/renderer/assets/index.js': null,
    'dist/electron/engine/actors/receiverWorker.js': null,
    'node_modules/valibot/package.json': null,
    'node_modules/typescript/package.json': '{}',
    'node_modules/zeromq/build/darwin/arm64/node/libc-115-Release/addon.node': machO(0x0100000c),
    [`node_modules/zeromq/build/${ADDON('musl')}`]: elf(0x3e),
    'node_modules/other/prebuilds/win32-x64/helper.exe': pe(0x8664),
  });
  const { problems } = await inspectApp(app, LINUX, FACTS);
  assert.deepEqual(problems.sort(), [
    'a file the renderer loads: dist/renderer/assets/index.js is missing',
    'a worker started by dist/electron/engine/actors/receiverActor.js: dist/electron/engine/actors/receiverWorker.js is missing',
    'dist/electron/host/openHost.js imports valibot, which is not packaged',
    'node_modules/other/prebuilds/win32-x64/helper.exe is built for win32/x64',
    'node_modules/other is no production dependency',
    'node_modules/typescript is no production dependency',
    'node_modules/zeromq/build/darwin/arm64/node/libc-115-Release/addon.node is built for darwin/arm64',
    `node_modules/zeromq/build/${ADDON('musl')} is never loaded on linux-x64`,
    'the preload: dist/electron/preload/preload.cjs is missing',
  ].sort());
});

test('an app whose zeromq has no addon for the target is refused', async () => {
  const app = await makeApp({ [`node_modules/zeromq/build/${ADDON('glibc')}`]: null });
  const { problems } = await inspectApp(app, LINUX, FACTS);
  assert.deepEqual(problems, ['no zeromq addon its loader can pick on linux/x64/glibc']);
});

test('a file outside the allow-list is named: sources, tests, docs, source maps, the CLI', async () => {
  const stray = ['README.md', 'electron/main/main.ts', 'test/unit/x.test.ts', 'dist/electron/main/main.js.map', 'dist/electron/cli/send.js', 'node_modules/zeromq/lib/index.js.map'];
  const app = await makeApp(Object.fromEntries(stray.map((file) => [file, ''])));
  const { problems } = await inspectApp(app, LINUX, FACTS);
  assert.deepEqual(problems.sort(), stray.map((file) => `${file} is not part of the app`).sort());
});

test('a whole project folder copied by mistake is counted past the first files', async () => {
  const app = await makeApp(Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`docs/page${String(i).padStart(2, '0')}.md`, ''])));
  const { problems } = await inspectApp(app, LINUX, FACTS);
  assert.equal(problems.length, 11);
  assert.equal(problems[0], 'docs/page00.md is not part of the app');
  assert.equal(problems.at(-1), 'and 15 more files that are not part of the app');
});

test('a binary among our own files is read too, whatever its name', async () => {
  const app = await makeApp({ 'dist/electron/engine/util/helper.js': elf(0xb7) });
  const { problems } = await inspectApp(app, LINUX, FACTS);
  assert.deepEqual(problems, ['dist/electron/engine/util/helper.js is built for linux/arm64']);
});

test('a packaged page whose CSP was loosened is refused', async () => {
  const app = await makeApp({ 'dist/renderer/index.html': page(STRICT_CSP.replace("object-src 'none'", "object-src *")) });
  const { problems } = await inspectApp(app, LINUX, FACTS);
  assert.deepEqual(problems, [`the page's CSP object-src is "*", not "'none'"`, `the page's CSP object-src allows *`]);
});

test('an app the check built itself must have its installer’s branding recorded beside it', async () => {
  const app = await makeApp();
  const { problems } = await inspectApp(app, LINUX, FACTS, { recorded: true });
  assert.deepEqual(problems, [`no record of the installer's branding at ${app.root}.branding.json`]);
});
