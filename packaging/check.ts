// npm run package:check: packages every target's unpacked app offline
// (buildUnpacked.ts) and inspects each (inspect.ts); on this machine's own
// target it also starts the packaged engine. Prints one line per target and
// exits 1 on any problem, keeping the output for a look.
//   npm run package:check                       all targets, after npm run build
//   npm run package:check -- --target win-x64   some of them
//   npm run package:check -- --built release --target mac-arm64
//                                               an app electron-builder already made
import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../electron/host/appFiles.js';
import { inspectApp, type Inspection, type ProjectFacts } from './inspect.js';
import { hostTarget, targetById, TARGETS, unpackedApp, type Target } from './targets.js';
import { readYaml } from './yaml.js';

const ROOT = packageRoot();
const SCRIPT_TIMEOUT_MS = 120_000;

interface Options {
  targets: Target[];
  /** An output folder electron-builder already filled; null to build one. */
  built: string | null;
}

function parseOptions(argv: string[]): Options {
  const ids: string[] = [];
  let built: string | null = null;
  for (let i = 0; i < argv.length; i += 2) {
    const [option, value] = [argv[i], argv[i + 1]];
    if (value === undefined || (option !== '--target' && option !== '--built')) throw new Error(`usage: check.ts [--target ID]… [--built DIR], not ${argv.join(' ')}`);
    if (option === '--target') ids.push(value);
    else built = path.resolve(value);
  }
  const fallback = built ? [hostTarget()].filter((t) => t !== null) : TARGETS;
  return { targets: ids.length > 0 ? ids.map(targetById) : [...fallback], built };
}

interface BuilderConfig {
  productName: string;
  linux: { executableName: string };
}

async function projectFacts(): Promise<ProjectFacts> {
  const config = (await readYaml(path.join(ROOT, 'electron-builder.yml'))) as BuilderConfig;
  const lock = JSON.parse(await fs.readFile(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
  // devOptional: an optional peer (typescript, for valibot) that only development installs.
  const productionPackages = Object.entries(lock.packages)
    .filter(([dir, entry]) => dir !== '' && entry.dev !== true && entry.devOptional !== true)
    .map(([dir]) => dir);
  return { productName: config.productName, executableName: config.linux.executableName, productionPackages };
}

/** Runs a script of this folder with tsx; resolves with its exit code and everything it printed. */
function runScript(script: string, args: string[]): Promise<{ code: number; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'packaging', script), ...args], {
    cwd: ROOT,
    // On CI (CI=true) electron-builder copies by hard links, and its copier
    // then failed with EEXIST on the macOS app's files; it reads this as it loads.
    env: { ...process.env, USE_HARD_LINKS: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: SCRIPT_TIMEOUT_MS,
  });
  let output = '';
  child.stdout.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr.on('data', (data: Buffer) => (output += data.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? 1, output })));
}

function summaryLine(inspection: Inspection, engineStarted: boolean): string {
  const { target, appBytes, zeromqAddons, problems } = inspection;
  const addons = zeromqAddons.map((file) => path.posix.basename(path.posix.dirname(file))).join(', ');
  const size = `${(appBytes / 1e6).toFixed(1)} MB`.padStart(8);
  const engine = engineStarted ? '; engine started from the package here' : '';
  const head = `  ${target.id.padEnd(10)} ${problems.length === 0 ? 'ok  ' : 'FAIL'} ${size}  zeromq ${target.os}/${target.arch}: ${addons || 'none'}${engine}`;
  return [head, ...problems.map((problem) => `      - ${problem}`)].join('\n');
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (!options.built && !existsSync(path.join(ROOT, 'dist', 'electron', 'main', 'main.js'))) {
    process.stderr.write('package check: nothing is built yet; run npm run build first.\n');
    return 1;
  }
  const facts = await projectFacts();
  const electronVersion = (createRequire(import.meta.url)('electron/package.json') as { version: string }).version;
  const outDir = options.built ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'zd-package-check-')));
  const started = Date.now();
  if (!options.built) {
    const built = await runScript('buildUnpacked.ts', [outDir, electronVersion, ...options.targets.map((t) => t.id)]);
    if (built.code !== 0) {
      process.stderr.write(`${built.output}\npackage check: electron-builder failed (output kept in ${outDir})\n`);
      return 1;
    }
  }
  const how = options.built ? `the apps in ${options.built}` : `electron-builder --dir with a stand-in Electron ${electronVersion}, ${((Date.now() - started) / 1000).toFixed(1)} s`;
  process.stdout.write(`Package check (${how}):\n`);
  let failed = false;
  for (const target of options.targets) {
    const app = unpackedApp(outDir, target, facts.productName, facts.executableName);
    const inspection = await inspectApp(app, target, facts, { recorded: !options.built });
    const ownTarget = target === hostTarget();
    if (ownTarget) {
      const engine = await runScript('startPackagedEngine.ts', [app.appDir]);
      if (engine.code !== 0) inspection.problems.push(`the packaged engine did not start here:\n${engine.output.trim()}`);
    }
    failed ||= inspection.problems.length > 0;
    process.stdout.write(`${summaryLine(inspection, ownTarget && inspection.problems.length === 0)}\n`);
  }
  if (failed) {
    process.stdout.write(`Some packages are wrong${options.built ? '' : ` (kept in ${outDir})`}.\n`);
    return 1;
  }
  if (!options.built) await fs.rm(outDir, { recursive: true, force: true });
  process.stdout.write(`Every package holds what its system needs, and nothing of another system's.\n`);
  return 0;
}

process.exitCode = await main();
