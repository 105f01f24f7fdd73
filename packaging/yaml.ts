// Reads a YAML file with js-yaml, which electron-builder brings along (it
// reads electron-builder.yml with it) and which has no types of its own.
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';

const { load } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

export async function readYaml(file: string): Promise<unknown> {
  return load(await fs.readFile(file, 'utf8'));
}
