// Signing and notarization in the release workflow: the Package step gets
// each system's own secrets only, and the APPLE_* ones only when the signing
// step said notarize=true. That step's script is run here under bash with
// each mix of secrets (the workflow itself cannot run here): electron-builder
// throws when only some APPLE_* are set, so all three and the certificate
// must be there to notarize, and otherwise a notice names what is missing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { buildStep, runs, workflow } from '../support/releaseWorkflow.js';
import { tempDir } from '../support/tmp.js';

const packaging = buildStep('packages', runs(/^npx electron-builder /));
const signing = buildStep('decides on signing', (step) => step.id === 'signing');
const APPLE = ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'];
const MAC_SECRETS = ['MAC_CERTIFICATE', ...APPLE];

interface StepRun {
  stdout: string;
  /** What the step wrote to $GITHUB_OUTPUT and $GITHUB_ENV. */
  output: string;
  env: string;
}

/** Runs the signing step's script as a runner of `runnerOs` would, with these secrets set (the others empty, as GitHub gives them). */
async function runSigning(runnerOs: string, secrets: Record<string, string>): Promise<StepRun> {
  const dir = await tempDir('zd-signing');
  const files = { GITHUB_OUTPUT: path.join(dir, 'output'), GITHUB_ENV: path.join(dir, 'env') };
  for (const file of Object.values(files)) await fs.writeFile(file, '');
  const stepEnv = Object.fromEntries(Object.keys(signing.env ?? {}).map((name) => [name, secrets[name] ?? '']));
  const result = spawnSync('bash', ['-e', '-c', signing.run!], { env: { PATH: process.env.PATH, RUNNER_OS: runnerOs, ...files, ...stepEnv }, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return { stdout: result.stdout, output: await fs.readFile(files.GITHUB_OUTPUT, 'utf8'), env: await fs.readFile(files.GITHUB_ENV, 'utf8') };
}

const all = (names: string[]) => Object.fromEntries(names.map((name) => [name, `secret-${name}`]));

test('the Package step gets each system’s own secrets, and the APPLE_* ones only when notarizing', () => {
  const env = packaging.env ?? {};
  const owner: Record<string, string> = { CSC_LINK: 'macOS', CSC_KEY_PASSWORD: 'macOS', WIN_CSC_LINK: 'Windows', WIN_CSC_KEY_PASSWORD: 'Windows' };
  assert.deepEqual(Object.keys(env).sort(), [...Object.keys(owner), ...APPLE].sort());
  for (const [name, os] of Object.entries(owner)) {
    assert.match(env[name]!, new RegExp(`^\\$\\{\\{ runner\\.os == '${os}' && secrets\\.[A-Z_]+ \\|\\| '' \\}\\}$`), name);
  }
  for (const name of APPLE) assert.equal(env[name], `\${{ steps.signing.outputs.notarize == 'true' && secrets.${name} || '' }}`, name);
  const steps = workflow.jobs.build.steps;
  assert.ok(steps.indexOf(signing) < steps.indexOf(packaging));
  assert.equal(signing.shell, 'bash');
  for (const name of MAC_SECRETS) assert.equal(signing.env?.[name], `\${{ secrets.${name} }}`, name);
});

test('with the certificate and all three APPLE_* secrets, the macOS app is signed and notarized', async () => {
  const run = await runSigning('macOS', all(MAC_SECRETS));
  assert.equal(run.output, 'notarize=true\n');
  assert.equal(run.env, '');
  assert.doesNotMatch(run.stdout, /::notice::/);
});

test('with any APPLE_* secret or the certificate missing, notarizing is skipped with a notice naming it', async () => {
  for (const missing of MAC_SECRETS) {
    const run = await runSigning('macOS', all(MAC_SECRETS.filter((name) => name !== missing)));
    assert.equal(run.output, '', missing);
    assert.match(run.stdout, new RegExp(`::notice::Not notarizing the macOS app: these secrets are not set: ${missing}\\.`), missing);
  }
  const none = await runSigning('macOS', {});
  assert.match(none.stdout, /::notice::Not signing the macOS app: the MAC_CERTIFICATE secret is not set\./);
  assert.match(none.stdout, /::notice::Not notarizing the macOS app: these secrets are not set: MAC_CERTIFICATE APPLE_ID APPLE_APP_SPECIFIC_PASSWORD APPLE_TEAM_ID\./);
  // Otherwise electron-builder looks for an identity in the runner's keychain.
  assert.equal(none.env, 'CSC_IDENTITY_AUTO_DISCOVERY=false\n');
});

test('Windows says when it does not sign, and no other system notarizes', async () => {
  assert.match((await runSigning('Windows', {})).stdout, /::notice::Not signing the Windows installer: the WIN_CERTIFICATE secret is not set\./);
  for (const os of ['Windows', 'Linux']) assert.equal((await runSigning(os, all([...MAC_SECRETS, 'WIN_CERTIFICATE']))).output, '', os);
});
