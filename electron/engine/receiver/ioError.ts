// File-system errors as the protocol's error codes (PROTOCOL.md §3).
import { ProtocolError } from '../protocol/codec.js';
import { quoted } from '../protocol/names.js';

/** Maps an fs error to the protocol's error codes. */
export function ioError(err: unknown, what: string): ProtocolError {
  if (err instanceof ProtocolError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new ProtocolError('no-space', `the receiver's disk is full (${what})`);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new ProtocolError('denied', `no permission to ${what}`);
    case 'ELOOP':
      return new ProtocolError('denied', `a link is on the path (${what})`);
    case 'EFBIG':
      return new ProtocolError('too-large', `the file would pass the largest size the receiver's disk can hold (${what})`);
    case 'ENOTDIR':
      return new ProtocolError('exists', `a file stands where a folder is needed (${what})`);
    default:
      return new ProtocolError('io', `${what} failed (${code ?? String(err)})`);
  }
}

/** A folder of a name found to be a link (`denied`: never followed) or a file (`exists`). */
export function notAFolder(rel: string, link: boolean): ProtocolError {
  return link
    ? new ProtocolError('denied', `a link stands where the folder ${quoted(rel)} is needed`)
    : new ProtocolError('exists', `a file stands where the folder ${quoted(rel)} is needed`);
}
