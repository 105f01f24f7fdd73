// A stand-in for the system's opener that records what a host asked it to
// open, instead of opening a file manager on the test machine. The browser
// shell opens folders and shows files with `xdg-open` on Linux
// (electron/host/desktopOpen.ts), found on PATH: a host started with this
// recorder's environment runs the recorder instead.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface OpenerRecorder {
  /** What a host started with it adds to its environment. */
  env: NodeJS.ProcessEnv;
  /** The arguments of each call so far, one string per call, oldest first. */
  calls(): Promise<string[]>;
}

/** Only where the host opens paths with xdg-open. */
export const RECORDABLE = process.platform === 'linux';

export async function recordOpener(dir: string): Promise<OpenerRecorder> {
  const bin = path.join(dir, 'bin');
  const log = path.join(dir, 'calls.log');
  await mkdir(bin, { recursive: true });
  await writeFile(log, '');
  const script = path.join(bin, 'xdg-open');
  // printf %s writes the arguments as they came: no quoting to undo.
  await writeFile(script, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log.replaceAll("'", "'\\''")}'\n`);
  await chmod(script, 0o755);
  return {
    env: { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` },
    calls: async () => (await readFile(log, 'utf8')).split('\n').filter((line) => line !== ''),
  };
}
