// The release workflow (.github/workflows/release.yml) cannot run here, so
// its shape is checked: triggered by a version tag, one job per target on
// that target's own system, which builds, checks, smoke-starts and uploads
// the installer; a draft release of every installer with checksums.
// (Signing and notarization: releaseSigning.test.ts.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TARGETS, type Target } from '../../packaging/targets.js';
import { buildStep, runs, workflow, type Step } from '../support/releaseWorkflow.js';

const { build, release } = workflow.jobs;
const steps = build.steps;

/** The index of the one step that `matches`. */
function stepIndex(what: string, matches: (step: Step) => boolean): number {
  return steps.indexOf(buildStep(what, matches));
}

/**
 * What a GitHub-hosted runner label is: macos-N-intel is Intel, and the
 * other macos labels of 14 and later Apple silicon (macos-13 and older were
 * Intel, and are retired).
 */
function runnerSystem(label: string): Pick<Target, 'os' | 'arch'> {
  const mac = /^macos-(\d+)(-intel)?$/.exec(label);
  if (mac) return { os: 'darwin', arch: mac[2] === undefined && Number(mac[1]) >= 14 ? 'arm64' : 'x64' };
  if (label.startsWith('windows-')) return { os: 'win32', arch: 'x64' };
  if (label.startsWith('ubuntu-')) return { os: 'linux', arch: 'x64' };
  throw new Error(`unknown runner ${label}`);
}

/** Labels GitHub no longer runs (a job on one waits and fails): macos-13 went in Dec 2025. */
const RETIRED_RUNNERS = ['macos-11', 'macos-12', 'macos-13', 'ubuntu-18.04', 'ubuntu-20.04', 'windows-2019'];

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

test('a runner label names its system: -intel is x64, macos-14 and later arm64', () => {
  assert.deepEqual(runnerSystem('macos-15-intel'), { os: 'darwin', arch: 'x64' });
  assert.deepEqual(runnerSystem('macos-15'), { os: 'darwin', arch: 'arm64' });
  assert.deepEqual(runnerSystem('macos-14'), { os: 'darwin', arch: 'arm64' });
  assert.deepEqual(runnerSystem('macos-13'), { os: 'darwin', arch: 'x64' });
});

test('no job runs on a runner GitHub has retired', () => {
  const labels = [...build.strategy!.matrix.include.map((entry) => entry.runner), release['runs-on']];
  for (const label of labels) assert.ok(!RETIRED_RUNNERS.includes(label), `${label} is retired`);
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
