// What a fuzzed receive folder may hold afterwards: nothing beside it in its
// parent, no temporary file once transfers idled out, and no final file but
// one a CLOSE named — answered READY, or never answered — with exactly the
// bytes its name stands for; every CLOSE answered READY has its file.
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isTempName } from '../../../electron/engine/protocol/names.js';
import { listFiles } from '../files.js';
import { contentAt } from './content.js';
import type { Ledger } from './ledger.js';

/** Files the receiver may store under another name when the name is taken: `name (n).ext` (PROTOCOL.md §7). */
function unnumbered(name: string): string {
  return name.replace(/ \(\d+\)(\.[^./]*)?$/, '$1');
}

/**
 * The files below `dir`, listed again when a folder vanished while it was
 * read: the receiver removes the folders a failed transfer made.
 */
async function filesBelow(dir: string): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await listFiles(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 100) throw err;
    }
  }
}

export async function tempFiles(dir: string): Promise<string[]> {
  return (await filesBelow(dir)).filter((f) => isTempName(path.posix.basename(f)));
}

/** Whether the file holds exactly the bytes `name` stands for. */
async function holdsContent(file: string, name: string, size: number): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const block = 1024 * 1024;
    for (let offset = 0; offset < size; offset += block) {
      const length = Math.min(block, size - offset);
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(length), 0, length, offset);
      if (bytesRead !== length || !buffer.equals(contentAt(name, offset, length))) return false;
    }
    return true;
  } finally {
    await handle.close();
  }
}

/** Problems with `dir` (a folder alone in its parent) after a run recorded in `ledger`. */
export async function folderProblems(dir: string, ledger: Ledger): Promise<string[]> {
  const problems: string[] = [];
  const beside = (await readdir(path.dirname(dir))).filter((entry) => entry !== path.basename(dir));
  if (beside.length > 0) problems.push(`written outside the receive folder: ${JSON.stringify(beside.slice(0, 10))}`);
  const stored = new Map<string, number[]>();
  for (const file of await filesBelow(dir)) {
    if (isTempName(path.posix.basename(file))) {
      problems.push(`a temporary file is left: ${file}`);
      continue;
    }
    const name = ledger.closes.has(file) ? file : unnumbered(file);
    const record = ledger.closes.get(name);
    const { size } = await stat(path.join(dir, file));
    if (!record) problems.push(`${file} (${size} bytes) is stored, but no CLOSE named it`);
    else if (!record.sizes.has(size)) problems.push(`${file} is ${size} bytes; CLOSE named ${[...record.sizes].join(', ')}`);
    else if (record.ready.length === 0 && record.unanswered === 0) problems.push(`${file} is stored, but every CLOSE of it was refused`);
    else if (!(await holdsContent(path.join(dir, file), name, size))) problems.push(`${file} does not hold the bytes sent`);
    stored.set(name, [...(stored.get(name) ?? []), size]);
  }
  for (const [name, record] of ledger.closes) {
    const sizes = stored.get(name) ?? [];
    for (const size of record.ready) {
      if (!sizes.includes(size)) problems.push(`CLOSE ${name} ${size} was answered READY, but no such file is stored`);
    }
  }
  return problems;
}
