// Expands the paths a person chose into files with wire names: a file is
// sent under its own name, a folder as `folder/sub/file` names.
import path from 'node:path';
import { nameProblem } from '../protocol/names.js';
import { listFolder, noteSource, statFile } from './sourceFile.js';

export interface FileToSend {
  path: string;
  name: string;
  size: number;
}

export interface Walked {
  files: FileToSend[];
  /** Files that cannot be sent as they are, with the reason. */
  skipped: Array<{ path: string; reason: string }>;
}

export async function walkPaths(paths: string[]): Promise<Walked> {
  const result: Walked = { files: [], skipped: [] };
  for (const given of paths) {
    const full = path.resolve(given);
    await noteSource(full);
    const stat = await statFile(full).catch(() => null);
    if (!stat) throw new Error(`no such file or folder: ${given}`);
    const base = path.basename(full);
    if (stat.isDirectory()) await walkFolder(full, base, result);
    else add(result, full, base, stat.size);
  }
  // Two chosen files with one name are both sent: never both in transit at
  // once (the sender waits), and the receiver numbers the second one's name.
  return result;
}

async function walkFolder(dir: string, name: string, result: Walked): Promise<void> {
  const entries = await listFolder(dir);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    const child = `${name}/${entry.name}`;
    if (entry.isDirectory()) await walkFolder(full, child, result);
    else if (entry.isFile()) add(result, full, child, (await statFile(full)).size);
    else if (entry.isSymbolicLink()) {
      // A link to a file is sent as the file; links to folders are not followed (no loops).
      const target = await statFile(full).catch(() => null);
      if (target?.isFile()) add(result, full, child, target.size);
      else result.skipped.push({ path: full, reason: 'a link to a folder, or a broken link, is not followed' });
    }
  }
}

function add(result: Walked, full: string, name: string, size: number): void {
  const problem = nameProblem(name);
  if (problem) result.skipped.push({ path: full, reason: `cannot be sent under this name: ${problem}` });
  else result.files.push({ path: full, name, size });
}
