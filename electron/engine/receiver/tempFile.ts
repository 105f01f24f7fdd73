// A temporary file of the receiver: what it is while a transfer writes it,
// how it is opened and how a chunk is written into it. receiveFolder.ts,
// the receiver's file I/O, makes, writes, stores and removes it through these.
import fsSync, { constants } from 'node:fs';
import { promisify } from 'node:util';
import type { FrameData } from '../../../shared/protocol.js';
import { TEMP_PREFIX, TEMP_SUFFIX } from '../protocol/names.js';
import { piecesOf, skipBytes } from '../protocol/pieces.js';
import type { QuickCalls } from '../util/quickCalls.js';
import type { Folder, MadeFolder } from './folderTree.js';

const writevFd = promisify(fsSync.writev);

/** Made anew: never an existing file, never through a link. */
export const TEMP_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

export interface TempFile {
  /** Absolute folder the file will be stored in. */
  dir: string;
  path: string;
  fd: number;
  /**
   * Set as the fd is closed: a number is reused by the next open, so a
   * second close (a commit that failed after closing, then a discard)
   * would close another file.
   */
  closed: boolean;
  /** The open folder it is in, held until it is stored or discarded. */
  folder: Folder;
  /** Its name in that folder. */
  tempName: string;
  /** The folders its HELLO made: removed again if it fails. */
  made: MadeFolder[];
  /** Stored or discarded: its folder is let go. */
  settled: boolean;
  /** A resumable transfer's file, in the partials folder until it is stored. */
  partial?: boolean;
}

/**
 * Where resumable transfers keep their data and records: one hidden folder
 * in the root, whose name no wire name may take (it looks like a temporary
 * file's, PROTOCOL.md §4), and which no sweep removes.
 */
export const PARTIALS_DIR = `${TEMP_PREFIX}resumable${TEMP_SUFFIX}`;
export const PARTIAL_REOPEN_FLAGS = constants.O_WRONLY | (constants.O_NOFOLLOW ?? 0);

/**
 * Writes a whole chunk at `offset`, its pieces in one call (writev), in this
 * thread or on the pool as `calls` decide; a short write (a disk filling up)
 * goes on until it fails.
 */
export async function writeWhole(calls: QuickCalls, fd: number, data: FrameData, offset: number): Promise<void> {
  let rest = piecesOf(data);
  for (let done = 0; done < data.length; ) {
    const [at, pieces] = [done, rest];
    const wrote = await calls.run(
      () => fsSync.writevSync(fd, pieces, offset + at),
      async () => (await writevFd(fd, pieces, offset + at)).bytesWritten,
      data.length - at,
    );
    done += wrote;
    rest = skipBytes(rest, wrote);
  }
}
