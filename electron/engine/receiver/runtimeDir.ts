// The per-user folder where receivers keep their locks and their records of
// temporary files: outside every receive folder (it never clutters one), and
// writable by this user alone, so that no other local user can plant,
// replace or read what is in it.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** `make`, run on first use and kept; a failure is not kept, so the next use tries again. */
function memo<T>(make: () => Promise<T>): () => Promise<T> {
  let kept: Promise<T> | null = null;
  return () =>
    (kept ??= make().catch((err: unknown) => {
      kept = null;
      throw err;
    }));
}

/** The folder, created on first use. */
export const runtimeDir = memo(makeRuntimeDir);

async function makeRuntimeDir(): Promise<string> {
  // Windows: the temporary folder is the user's own (%LOCALAPPDATA%\Temp).
  if (process.platform === 'win32') {
    const dir = path.join(tmpdir(), 'zerodrop');
    await fs.mkdir(dir, { recursive: true });
    return dir;
  }
  const uid = process.getuid!();
  // XDG_RUNTIME_DIR (Linux) is the user's own and emptied at log-out; /tmp is
  // shared, so a folder there is checked to be ours and closed to others
  // (someone else may have made it first to squat on it).
  const xdg = process.env.XDG_RUNTIME_DIR;
  const dir = xdg && path.isAbsolute(xdg) ? path.join(xdg, 'zerodrop') : path.join(tmpdir(), `zerodrop-${uid}`);
  await fs.mkdir(dir, { mode: 0o700 }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  const stat = await fs.lstat(dir);
  if (!stat.isDirectory() || stat.uid !== uid || (stat.mode & 0o077) !== 0) {
    throw new Error(`${dir} is not a folder of this user closed to others: remove it, or set XDG_RUNTIME_DIR`);
  }
  return dir;
}

/**
 * A random secret of this user, kept in the runtime folder. Names that other
 * local users could take first (Linux's abstract sockets, Windows' pipes)
 * are derived from it, so that they cannot be guessed.
 */
export const runtimeSecret = memo(loadSecret);

async function loadSecret(): Promise<string> {
  const file = path.join(await runtimeDir(), 'secret');
  const read = () => fs.readFile(file, 'utf8').then((text) => (/^[0-9a-f]{64}$/.test(text) ? text : null), () => null);
  const existing = await read();
  if (existing) return existing;
  // Written whole under another name, then linked: a reader never sees half
  // of it, and of two receivers starting at once one link wins.
  const draft = `${file}.${randomBytes(6).toString('hex')}`;
  await fs.writeFile(draft, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
  try {
    await fs.link(draft, file).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
  } finally {
    await fs.rm(draft, { force: true });
  }
  const made = await read();
  if (!made) throw new Error(`${file} is damaged: remove it`);
  return made;
}
