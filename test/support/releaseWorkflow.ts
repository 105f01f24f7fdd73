// The release workflow (.github/workflows/release.yml) as its tests read it:
// the parts they look at, typed, and its build job's steps.
import assert from 'node:assert/strict';
import path from 'node:path';
import { packageRoot } from '../../electron/host/appFiles.js';
import { readYaml } from '../../packaging/yaml.js';

export interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}

export interface Job {
  'runs-on': string;
  needs?: string | string[];
  strategy?: { matrix: { include: Array<{ target: string; runner: string; builder: string }> } };
  steps: Step[];
}

export interface Workflow {
  on: { push: { tags: string[] } };
  permissions: Record<string, string>;
  jobs: { build: Job; release: Job };
}

export const workflow = (await readYaml(path.join(packageRoot(), '.github', 'workflows', 'release.yml'))) as Workflow;

export const runs = (pattern: RegExp) => (step: Step) => pattern.test(step.run ?? '');

/** The one step of the build job that `matches`. */
export function buildStep(what: string, matches: (step: Step) => boolean): Step {
  const found = workflow.jobs.build.steps.filter(matches);
  assert.equal(found.length, 1, `one step ${what}, found ${found.length}`);
  return found[0]!;
}
