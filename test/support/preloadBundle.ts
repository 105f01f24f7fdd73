// The preload as vite.preload.config.ts bundles it, built in memory.
import assert from 'node:assert/strict';
import { build, type Rolldown } from 'vite';

let bundle: Promise<string> | null = null;

export function bundledPreload(): Promise<string> {
  bundle ??= (async () => {
    const output = await build({ configFile: 'vite.preload.config.ts', logLevel: 'silent', build: { write: false, sourcemap: false } });
    const [result] = (Array.isArray(output) ? output : [output]) as Rolldown.RolldownOutput[];
    const chunks = result!.output.filter((item) => item.type === 'chunk');
    assert.equal(chunks.length, 1, 'the preload is one file');
    return chunks[0]!.code;
  })();
  return bundle;
}
