// The release workflow (.github/workflows/release.yml) cannot run here, so
// its shape is checked: triggered by a version tag, one job per target on
// that target's own system, which builds, checks, smoke-starts and uploads
// the installer; signing only with that system's secrets, and a notice when
// they are missing; a draft release of every installer with checksums.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { packageRoot } from '../../electron/host/appFiles.js';
import { TARGETS, type Target } from '../../packaging/targets.js';
import { readYaml } from '../../packaging/yaml.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}

interface Job {
  'runs-on': string;
  needs?: string | string[];
  strategy?: { matrix: { include: Array<{ target: string; runner: string; builder: string }> } };
  steps: Step[];
}

interface Workflow {
  on: { push: { tags: string[] } };
  permissions: Record<string, string>;
  jobs: { build: Job; release: Job };
}

const workflow = (await readYaml(path.join(packageRoot(), '.github', 'workflows', 'release.yml'))) as Workflow;
const { build, release } = workflow.jobs;
const steps = build.steps;

/** The index of the one step that `matches`. */
function stepIndex(what: string, matches: (step: Step) => boolean): number {
  const found = steps.flatMap((step, index) => (matches(step) ? [index] : []));
  assert.equal(found.length, 1, `one step ${what}, found ${found.length}`);
  return found[0]!;
}

const runs = (pattern: RegExp) => (step: Step) => pattern.test(step.run ?? '');

/** What a GitHub runner label is: macos-14 and later are Apple silicon. */
function runnerSystem(label: string): Pick<Target, 'os' | 'arch'> {
  const mac = /^macos-(\d+)/.exec(label);
  if (mac) return { os: 'darwin', arch: Number(mac[1]) >= 14 ? 'arm64' : 'x64' };
  if (label.startsWith('windows-')) return { os: 'win32', arch: 'x64' };
  if (label.startsWith('ubuntu-')) return { os: 'linux', arch: 'x64' };
  throw new Error(`unknown runner ${label}`);
}

const BUILDER_OS = { darwin: 'mac', win32: 'win', linux: 'linux' } as const;

test('a version tag starts it, and it may write releases', () => {
  assert.deepEqual(workflow.on.push.tags, ['v*']);
  assert.equal(workflow.permissions.contents, 'write');
});

test('every target is built on a runner of its own system and architecture', () => {
  const matrix = build.strategy!.matrix.include;
  assert.deepEqual(matrix.map((entry) => entry.target).sort(), TARGETS.map((target) => target.id).sort());
  for (const entry of matrix) {
    const target = TARGETS.find((t) => t.id === entry.target)!;
    assert.deepEqual(runnerSystem(entry.runner), { os: target.os, arch: target.arch }, entry.target);
    assert.equal(entry.builder, `--${BUILDER_OS[target.os]} --${target.arch}`, entry.target);
  }
  assert.equal(build['runs-on'], '${{ matrix.runner }}');
});

test('each job installs, builds, packages, checks its own target, smoke-starts the app and uploads the installer, in that order', () => {
  const order = [
    stepIndex('checks out', (step) => step.uses?.startsWith('actions/checkout@') === true),
    stepIndex('sets Node up', (step) => step.uses?.startsWith('actions/setup-node@') === true),
    stepIndex('installs', runs(/^npm ci\b/)),
    stepIndex('builds', runs(/^npm run build$/)),
    stepIndex('packages', runs(/^npx electron-builder \$\{\{ matrix\.builder \}\} --publish never$/)),
    stepIndex('checks the package', runs(/^npm run package:check -- --built release --target \$\{\{ matrix\.target \}\}$/)),
    ...['macOS', 'Windows', 'Linux'].map((os) => stepIndex(`smoke-tests on ${os}`, (step) => step.if === `runner.os == '${os}'` && /--smoke-test/.test(step.run ?? ''))),
    stepIndex('uploads', (step) => step.uses?.startsWith('actions/upload-artifact@') === true),
  ];
  assert.deepEqual(order, [...order].sort((a, b) => a - b));
  const upload = steps[order.at(-1)!]!;
  assert.equal(upload.with?.['if-no-files-found'], 'error');
  for (const installer of ['dmg', 'exe', 'AppImage']) assert.match(String(upload.with?.path), new RegExp(`release/ZeroDrop-\\*\\.${installer}`));
});

test('the smoke tests start what a person installs: the dmg’s app, the installed program, the AppImage under xvfb', () => {
  const smoke = (os: string) => steps.find((step) => step.if === `runner.os == '${os}'` && /--smoke-test/.test(step.run ?? ''))!.run!;
  assert.match(smoke('macOS'), /hdiutil attach[^\n]*release\/ZeroDrop-\*\.dmg/);
  assert.match(smoke('Windows'), /\/S', "\/D=/);
  assert.match(smoke('Linux'), /xvfb-run -a release\/ZeroDrop-\*\.AppImage --smoke-test/);
});

test('signing uses each system’s own secrets, and says so when they are missing', () => {
  const packaging = steps.find(runs(/^npx electron-builder /))!;
  const env = packaging.env ?? {};
  const owner: Record<string, string> = {
    CSC_LINK: 'macOS',
    CSC_KEY_PASSWORD: 'macOS',
    APPLE_ID: 'macOS',
    APPLE_APP_SPECIFIC_PASSWORD: 'macOS',
    APPLE_TEAM_ID: 'macOS',
    WIN_CSC_LINK: 'Windows',
    WIN_CSC_KEY_PASSWORD: 'Windows',
  };
  assert.deepEqual(Object.keys(env).sort(), Object.keys(owner).sort());
  for (const [name, os] of Object.entries(owner)) {
    assert.match(env[name]!, new RegExp(`^\\$\\{\\{ runner\\.os == '${os}' && secrets\\.[A-Z_]+ \\|\\| '' \\}\\}$`), name);
  }
  const notices = steps.find((step) => /::notice::/.test(step.run ?? ''))!;
  assert.ok(steps.indexOf(notices) < steps.indexOf(packaging));
  for (const notice of ['Not signing the macOS app', 'Not notarizing the macOS app', 'Not signing the Windows installer']) {
    assert.match(notices.run!, new RegExp(`::notice::${notice}`));
  }
  assert.match(notices.run!, /CSC_IDENTITY_AUTO_DISCOVERY=false/);
});

test('a last job drafts the release with every installer and their checksums', () => {
  assert.equal(release.needs, 'build');
  const download = release.steps.find((step) => step.uses?.startsWith('actions/download-artifact@'))!;
  assert.equal(download.with?.['merge-multiple'], true);
  assert.ok(release.steps.some(runs(/sha256sum \* > SHA256SUMS/)));
  assert.ok(release.steps.some(runs(/^gh release create "\$GITHUB_REF_NAME" installers\/\* --draft /)));
});

test('every action is pinned to a major version', () => {
  for (const step of [...steps, ...release.steps]) if (step.uses) assert.match(step.uses, /^[\w-]+\/[\w-]+@v\d+$/, step.uses);
});
