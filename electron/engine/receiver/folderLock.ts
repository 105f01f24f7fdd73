// One receiver per folder on this machine. The lock is a local socket whose
// address derives from the folder, and the owner listens on it for as long
// as it receives: a newcomer that connects is answered by a live owner (its
// process id and temporary-name stem), while a dead one refuses the
// connection, since the system closes a process's sockets as it dies, even
// while it stays a zombie that no one has reaped. A recorded process id
// would prove nothing: ids are reused.
//
// Per system: Linux uses an abstract socket, which the kernel frees with
// its last holder (nothing to clean up); Windows a named pipe, likewise.
// Other systems (macOS, BSD) use a socket file in the user's runtime
// folder; a dead owner's file stays behind and is replaced, which leaves one
// race: two newcomers that both find the same dead owner at the same moment
// may both replace the file, and both receive (SECURITY.md).
// Names that other users could take first derive from a secret of this user.
import { createHmac } from 'node:crypto';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { runtimeDir, runtimeSecret } from './runtimeDir.js';

const LEAVES_FILE = process.platform !== 'linux' && process.platform !== 'win32';
/** How long a connected owner may take to answer before it is taken to be alive all the same. */
const ANSWER_MS = 10_000;

export interface LockOwner {
  pid: number;
  /** The owner's temporary-name stem; null when it did not answer in time. */
  stem: string | null;
}

/** Where the lock of `root` listens. */
export async function lockAddress(root: string): Promise<string> {
  const key = createHmac('sha256', await runtimeSecret()).update(root).digest('hex').slice(0, 32);
  if (process.platform === 'linux') return `\0zerodrop-${key}`;
  if (process.platform === 'win32') return `\\\\.\\pipe\\zerodrop-${key}`;
  // A socket path has room for about 100 bytes: the key is shortened.
  return path.join(await runtimeDir(), `${key.slice(0, 24)}.sock`);
}

/** The live owner of `root`'s lock, or null when there is none. */
export async function lockOwner(root: string): Promise<LockOwner | null> {
  return ask(await lockAddress(root));
}

function ask(address: string): Promise<LockOwner | null> {
  return new Promise((resolve) => {
    const socket = net.connect(address);
    let text = '';
    const done = (owner: LockOwner | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(owner);
    };
    // Connected but silent (a stopped or very busy owner): alive, not dead.
    const timer = setTimeout(() => done({ pid: 0, stem: null }), ANSWER_MS);
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => (text += data));
    socket.on('end', () => {
      const [pid, stem] = text.trim().split(' ');
      done({ pid: Number(pid) || 0, stem: stem || null });
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // Refused, or no socket there: no owner. Any other failure: assume one.
      done(err.code === 'ECONNREFUSED' || err.code === 'ENOENT' ? null : { pid: 0, stem: null });
    });
  });
}

/** How long a lock whose owner hangs up without a word is asked again (every 200 ms). */
const SILENT_PATIENCE_MS = 3_000;
const SILENT_RETRIES = SILENT_PATIENCE_MS / 200;

export class FolderLock {
  private constructor(private readonly server: net.Server) {}

  /** Takes the lock of `root` for the receiver whose stem is `stem`, or says who holds it. */
  static async acquire(root: string, stem: string): Promise<FolderLock> {
    const address = await lockAddress(root);
    // A receiver being killed keeps its socket until its last thread is gone,
    // a moment after it already shows as dead (a zombie): a silent owner is
    // asked again a few times before it counts as alive.
    const started = Date.now();
    for (let attempt = 0; attempt < 2 + SILENT_RETRIES; attempt++) {
      const server = net.createServer((socket) => {
        socket.on('error', () => undefined);
        socket.end(`${process.pid} ${stem}\n`);
      });
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(address, resolve);
        });
        // The lock alone must not keep a process alive that has nothing else to do.
        server.unref();
        return new FolderLock(server);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      }
      const owner = await ask(address);
      if (owner && owner.pid === 0 && Date.now() - started < SILENT_PATIENCE_MS) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      if (owner) {
        const who = owner.pid ? `process ${owner.pid}` : 'a process that does not answer';
        throw new Error(`another ZeroDrop receiver (${who}) is receiving into ${root}: stop it or choose another folder`);
      }
      // A socket file a dead owner left (systems without abstract sockets).
      if (LEAVES_FILE) await fs.rm(address, { force: true });
    }
    throw new Error(`cannot take the lock of ${root}: another receiver is starting in the same folder`);
  }

  /** Lets another receiver use the folder. */
  release(): Promise<void> {
    // Closing also removes the socket file where there is one.
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
