// Whether a packaged app holds what its code loads, found where the code
// itself looks: package.json's main, the preload and icon (appFiles.ts), the
// renderer's page and the files it names, every worker the engine starts
// (siblingModule, in mailbox.ts) and every module the packaged code imports.
import { isBuiltin } from 'node:module';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { siblingModule } from '../electron/engine/actors/mailbox.js';
import { appIconFile, preloadFile, rendererDir } from '../electron/host/appFiles.js';
import { treePath, type AppTree } from './appTree.js';

/** `siblingModule(import.meta.url, 'name')` as tsc writes it. */
const WORKER_START = /siblingModule\(import\.meta\.url, ['"]([^'"]+)['"]\)/g;
/** src= and href= of the page, other than data: and external URLs. */
const PAGE_REFERENCE = /\b(?:src|href)="(?!data:|[a-z]+:\/\/)([^"]+)"/g;

export async function missingEntryPoints(appDir: string, tree: AppTree): Promise<string[]> {
  const missing: string[] = [];
  const need = (file: string, what: string) => {
    if (!tree.has(treePath(appDir, file))) missing.push(`${what}: ${treePath(appDir, file)} is missing`);
  };
  const manifest = JSON.parse(await fs.readFile(path.join(appDir, 'package.json'), 'utf8')) as { main?: string };
  need(path.join(appDir, manifest.main ?? 'index.js'), 'package.json main');
  need(preloadFile(appDir), 'the preload');
  need(appIconFile(appDir), 'the window and tray icon');
  const page = path.join(rendererDir(appDir), 'index.html');
  need(page, 'the renderer');
  if (tree.has(treePath(appDir, page))) {
    for (const [, reference] of (await fs.readFile(page, 'utf8')).matchAll(PAGE_REFERENCE)) {
      need(path.join(path.dirname(page), reference!), 'a file the renderer loads');
    }
  }
  for (const file of packagedScripts(appDir, tree)) {
    for (const [, name] of (await fs.readFile(file, 'utf8')).matchAll(WORKER_START)) {
      need(fileURLToPath(siblingModule(pathToFileURL(file).href, name!)), `a worker started by ${treePath(appDir, file)}`);
    }
  }
  return missing;
}

/** Imports of the packaged code that would fail: a missing file of ours, or a package that was not packaged. */
export async function unresolvedImports(appDir: string, tree: AppTree): Promise<string[]> {
  const unresolved: string[] = [];
  for (const file of packagedScripts(appDir, tree)) {
    const { importedFiles } = ts.preProcessFile(await fs.readFile(file, 'utf8'), true, true);
    for (const { fileName: specifier } of importedFiles) {
      if (!resolves(appDir, tree, file, specifier)) unresolved.push(`${treePath(appDir, file)} imports ${specifier}, which is not packaged`);
    }
  }
  return unresolved;
}

function resolves(appDir: string, tree: AppTree, from: string, specifier: string): boolean {
  if (specifier.startsWith('.')) return tree.has(treePath(appDir, path.resolve(path.dirname(from), specifier)));
  if (isBuiltin(specifier) || specifier === 'electron') return true;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return tree.has(`node_modules/${name}/package.json`);
}

/** Our own code in the package as Node and the preload run it (the renderer's bundle imports nothing). */
function packagedScripts(appDir: string, tree: AppTree): string[] {
  const ours = [...tree.keys()].filter((file) => file.startsWith('dist/') && !file.startsWith('dist/renderer/') && /\.c?js$/.test(file));
  return ours.map((file) => path.join(appDir, file));
}
