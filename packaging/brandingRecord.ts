// What electron-builder would brand a Windows or Linux installer with, which
// its unpacked app does not show: the .desktop entry and icon set an AppImage
// carries, and the .ico the NSIS installer and the program get. buildUnpacked
// asks electron-builder's own code for them after packing (its afterPack
// hook) and writes them beside the app; inspect.ts checks them. The
// installers themselves are only made, and smoke-started, on the release
// runners.
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import type { AfterPackContext } from 'electron-builder';

export interface BrandingRecord {
  /** The AppImage's .desktop entry (Linux). */
  desktopEntry?: string;
  /** The icon files electron-builder made for it, by path (Linux). */
  linuxIcons?: string[];
  /** The .ico the installer and program get (Windows). */
  windowsIcon?: string | null;
}

/** Where the record of the app in `root` lies: beside it, not in it (it is not part of the app). */
export function brandingRecordFile(root: string): string {
  return `${root}.branding.json`;
}

interface LinuxHelper {
  computeDesktopEntry(options: object, exec?: string): Promise<string>;
  readonly icons: Promise<Array<{ file: string }>>;
}

/** electron-builder's afterPack hook: records the branding of a Windows or Linux app. */
export async function recordBranding({ packager, electronPlatformName, appOutDir }: AfterPackContext): Promise<void> {
  const record: BrandingRecord = {};
  if (electronPlatformName === 'linux') {
    // Internal to electron-builder (no public API), the one the AppImage target uses.
    const { LinuxTargetHelper } = createRequire(import.meta.url)('app-builder-lib/out/targets/LinuxTargetHelper.js') as { LinuxTargetHelper: new (packager: unknown) => LinuxHelper };
    const helper = new LinuxTargetHelper(packager);
    record.desktopEntry = await helper.computeDesktopEntry(packager.platformSpecificBuildOptions);
    record.linuxIcons = (await helper.icons).map((icon) => icon.file);
  } else if (electronPlatformName === 'win32') {
    record.windowsIcon = await packager.getIconPath();
  } else return;
  await fs.writeFile(brandingRecordFile(appOutDir), JSON.stringify(record, null, 2));
}

/** What is wrong with the record of a Windows or Linux app: its name, program, category or icon. */
export async function recordedBrandingProblems(record: BrandingRecord, os: 'win32' | 'linux', productName: string, executableName: string): Promise<string[]> {
  const problems: string[] = [];
  if (os === 'linux') {
    const entry = new Map((record.desktopEntry ?? '').split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    const want = { Name: productName, Icon: executableName, Type: 'Application', Categories: 'Network;' };
    for (const [key, value] of Object.entries(want)) if (entry.get(key) !== value) problems.push(`the .desktop entry's ${key} is ${JSON.stringify(entry.get(key) ?? null)}, not ${JSON.stringify(value)}`);
    if (!entry.get('Exec')?.endsWith(`/${executableName} %U`)) problems.push(`the .desktop entry starts ${JSON.stringify(entry.get('Exec') ?? null)}, not the program ${executableName}`);
    if ((record.linuxIcons ?? []).length === 0) problems.push('electron-builder found no icon for the AppImage');
    for (const icon of record.linuxIcons ?? []) if (!(await isFile(icon))) problems.push(`the AppImage's icon ${icon} is missing`);
  } else {
    const icon = record.windowsIcon ?? null;
    // An .ico file starts 00 00 01 00.
    const header = icon === null ? null : await fs.readFile(icon).then((bytes) => bytes.subarray(0, 4).toString('hex'), () => null);
    if (header !== '00000100') problems.push(`electron-builder made no .ico for the installer and program (${JSON.stringify(icon)})`);
  }
  return problems;
}

function isFile(file: string): Promise<boolean> {
  return fs.stat(file).then(
    (stat) => stat.isFile(),
    () => false,
  );
}
