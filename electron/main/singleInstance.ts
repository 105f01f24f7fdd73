// One instance at a time: a second start hands the files it was given to
// the running app and ends. Electron's lock is per settings folder, so
// instances with their own --config-dir run side by side.
import path from 'node:path';
import type { AppApi } from './electronApi.js';

/** What a second start passes to the first (Electron's additionalData). */
interface SecondStart {
  files: string[];
}

/** The most paths one start hands over; more are left out. */
const MAX_FILES = 10_000;

/** Only what a start of this app could have sent: a list of absolute paths. */
function filesOf(data: unknown): string[] {
  const files = (data as Partial<SecondStart> | null)?.files;
  if (!Array.isArray(files)) return [];
  return files.filter((file): file is string => typeof file === 'string' && path.isAbsolute(file)).slice(0, MAX_FILES);
}

/** Takes the lock; false when another instance holds it, which gets `files` (this one should quit). */
export function claimSingleInstance(app: AppApi, files: string[]): boolean {
  const mine: SecondStart = { files };
  return app.requestSingleInstanceLock(mine);
}

/** Calls `listener` with the files of each later start, while this instance runs. */
export function onSecondStart(app: AppApi, listener: (files: string[]) => void): void {
  app.on('second-instance', (_event, _argv, _workingDirectory, data) => listener(filesOf(data)));
}

/**
 * macOS gives the files opened with the app (Finder's Open With, a drop on
 * its dock icon) as events, at launch as later, not as arguments: each is
 * staged as a second start's files are.
 */
export function onOpenFile(app: AppApi, listener: (files: string[]) => void): void {
  app.on('open-file', (event, file) => {
    event.preventDefault();
    const files = filesOf({ files: [file] });
    if (files.length > 0) listener(files);
  });
}
