// Inspects one target's unpacked app: what its code loads is there, nothing
// outside the allow-list came along, its native binaries are the target's
// and only those, its page keeps its CSP, it carries the app's name and
// icon (and electron-builder would brand its installer so); and how big it is.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { rendererDir } from '../electron/host/appFiles.js';
import { outsideAllowList } from './allowList.js';
import { readAppTree, totalBytes } from './appTree.js';
import { brandingRecordFile, recordedBrandingProblems, type BrandingRecord } from './brandingRecord.js';
import { missingEntryPoints, unresolvedImports } from './entryPoints.js';
import { checkNativeBinaries } from './nativeBinaries.js';
import { pagePolicyProblems } from './pagePolicy.js';
import type { Target, UnpackedApp } from './targets.js';

/** What the project says a package must and must not hold. */
export interface ProjectFacts {
  productName: string;
  /** The Linux program's name (electron-builder.yml's linux.executableName). */
  executableName: string;
  /** package-lock.json's paths of the packages the app runs with (node_modules/…): no others may be packaged. */
  productionPackages: readonly string[];
}

export interface Inspection {
  target: Target;
  /** The app's own files: code, renderer, packages (not Electron). */
  appBytes: number;
  /** zeromq's addons its loader may pick there. */
  zeromqAddons: string[];
  problems: string[];
}

/** recorded: buildUnpacked made the app and recorded its Windows or Linux branding beside it (brandingRecord.ts). */
export async function inspectApp(app: UnpackedApp, target: Target, project: ProjectFacts, { recorded = false } = {}): Promise<Inspection> {
  const tree = await readAppTree(app.appDir).catch(() => null);
  if (tree === null) return { target, appBytes: 0, zeromqAddons: [], problems: [`no app folder at ${app.appDir}`] };
  const natives = await checkNativeBinaries(app.appDir, tree, target);
  const problems = [
    ...(await missingEntryPoints(app.appDir, tree)),
    ...(await unresolvedImports(app.appDir, tree)),
    ...outsideAllowList(tree, project.productionPackages),
    ...natives.problems,
    ...(await packagedPageProblems(app.appDir)),
    ...(await brandingProblems(app, target, project, recorded)),
  ];
  return { target, appBytes: totalBytes(tree), zeromqAddons: natives.zeromqAddons, problems };
}

/** The packaged page's CSP, as the window will load it (a missing page is missingEntryPoints' to name). */
async function packagedPageProblems(appDir: string): Promise<string[]> {
  const page = await fs.readFile(path.join(rendererDir(appDir), 'index.html'), 'utf8').catch(() => null);
  return page === null ? [] : pagePolicyProblems(page);
}

/**
 * The program is named for the app; on macOS the bundle shows its name and
 * icon; for Windows and Linux, what electron-builder recorded it would brand
 * their installers with.
 */
async function brandingProblems(app: UnpackedApp, target: Target, project: ProjectFacts, recorded: boolean): Promise<string[]> {
  const problems: string[] = [];
  if (!(await exists(app.executable))) problems.push(`no program at ${app.executable}`);
  if (target.os !== 'darwin') {
    if (!recorded) return problems;
    const record = await fs.readFile(brandingRecordFile(app.root), 'utf8').catch(() => null);
    if (record === null) return [...problems, `no record of the installer's branding at ${brandingRecordFile(app.root)}`];
    return [...problems, ...(await recordedBrandingProblems(JSON.parse(record) as BrandingRecord, target.os, project.productName, project.executableName))];
  }
  const plist = await fs.readFile(path.join(app.root, 'Contents', 'Info.plist'), 'utf8');
  const value = (key: string) => new RegExp(`<key>${key}</key>\\s*<string>([^<]*)</string>`).exec(plist)?.[1];
  if (value('CFBundleName') !== project.productName) problems.push(`Info.plist names the app ${JSON.stringify(value('CFBundleName'))}`);
  const icon = value('CFBundleIconFile');
  if (!icon || !(await exists(path.join(app.root, 'Contents', 'Resources', icon)))) problems.push('the bundle has no icon');
  return problems;
}

function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
