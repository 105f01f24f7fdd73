// What the app was started with, after Electron's own arguments:
//   --config-dir DIR   keeps settings apart, e.g. for two instances on one machine
//   --smoke-test       starts the engine and the window (hidden), checks them, quits
//   FILE…              files to stage for sending (as "Open with" passes them)
// Other options (Chromium's, such as --no-sandbox) are left to Electron.
import path from 'node:path';

export interface Launch {
  configDir: string | null;
  smokeTest: boolean;
  /** Absolute paths. */
  files: string[];
}

/** `args` are the app's own arguments; relative paths are taken from `cwd`. */
export function parseLaunch(args: readonly string[], cwd: string): Launch {
  const launch: Launch = { configDir: null, smokeTest: false, files: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--smoke-test') launch.smokeTest = true;
    else if (arg.startsWith('--config-dir=')) launch.configDir = path.resolve(cwd, arg.slice('--config-dir='.length));
    else if (arg === '--config-dir' && args[i + 1] !== undefined) launch.configDir = path.resolve(cwd, args[++i]!);
    else if (!arg.startsWith('-')) launch.files.push(path.resolve(cwd, arg));
  }
  return launch;
}

/** The app's own arguments in process.argv: after the program, and after the app's folder when Electron was given one. */
export function appArguments(argv: readonly string[], defaultApp: boolean): readonly string[] {
  return argv.slice(defaultApp ? 2 : 1);
}
