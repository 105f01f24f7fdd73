// The paths a packaged app may hold. electron-builder copies whatever its
// file sets match, and one set left open (an OS section holding only
// exclusions) copied the whole project folder: sources, tests, docs, source
// maps. So the package check does not trust electron-builder.yml: it names
// every file outside this list.
import type { AppTree } from './appTree.js';

/** Our own files: what the Electron app loads (the CLI's and the browser shell's code are not). */
const OWN_FILES: readonly RegExp[] = [
  /^package\.json$/,
  /^build\/icon\.png$/,
  /^dist\/electron\/(main|host|engine)\/.+\.js$/,
  /^dist\/electron\/preload\/preload\.cjs$/,
  /^dist\/shared\/.+\.js$/,
  /^dist\/renderer\/index\.html$/,
  /^dist\/renderer\/assets\/[^/]+\.(js|css)$/,
];

/** Files named one by one before the rest are only counted: a folder copied by mistake is hundreds. */
const NAMED = 10;

/** The folder of the package `file` belongs to (node_modules/a/node_modules/@s/b), or null outside node_modules. */
function packageDir(file: string): string | null {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file);
  return match ? match[1]! : null;
}

/**
 * What lies outside the allow-list: each package that is no production
 * dependency (package-lock.json's `productionPackages`, node_modules/…)
 * once, and any other file of ours or source map by name.
 */
export function outsideAllowList(tree: AppTree, productionPackages: readonly string[]): string[] {
  const production = new Set(productionPackages);
  const foreignPackages = new Set<string>();
  const strayFiles: string[] = [];
  for (const file of tree.keys()) {
    const dir = packageDir(file);
    if (dir === null) {
      if (!OWN_FILES.some((pattern) => pattern.test(file))) strayFiles.push(file);
    } else if (!production.has(dir)) foreignPackages.add(dir);
    else if (file.endsWith('.map')) strayFiles.push(file);
  }
  const problems = [...foreignPackages].map((dir) => `${dir} is no production dependency`);
  problems.push(...strayFiles.slice(0, NAMED).map((file) => `${file} is not part of the app`));
  if (strayFiles.length > NAMED) problems.push(`and ${strayFiles.length - NAMED} more files that are not part of the app`);
  return problems;
}
