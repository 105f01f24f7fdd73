// A failed file's error, in words a person can act on; the receiver's own
// text follows, since it names the file and the limit.
import { ERROR_CODES } from '../../shared/protocol.js';
import type { FileProgress } from '../../shared/transfer.js';

type ErrorCode = NonNullable<FileProgress['error']>['code'];

const EXPLANATIONS: Record<ErrorCode, string> = {
  'bad-request': 'The receiver did not understand a message from this sender.',
  'bad-name': 'The receiver does not accept this file name.',
  busy: 'The receiver is already receiving a file with this name.',
  exists: 'A file on the receiver is in the way of a folder with this name.',
  'unknown-transfer': 'The receiver forgot this transfer, most likely after a long pause. Retry to send it again.',
  'bad-size': 'A chunk did not have the size it announced.',
  'bad-checksum': 'A chunk arrived damaged, even after retries.',
  overlap: 'Two chunks in transit covered the same bytes.',
  'too-large': 'The chunks are larger than the receiver accepts. Choose a smaller chunk size.',
  incomplete: 'Some chunks never arrived.',
  'size-mismatch': 'The file did not end where the sender said it would.',
  'no-space': 'The receiver has no space left on its disk.',
  io: 'The receiver could not write the file.',
  denied: 'The receiver refused this file.',
  limit: 'The receiver is handling as many transfers as it allows. Retry in a moment.',
  unreachable: 'The receiver could not be reached. Check the address, and that it is listening and not blocked by a firewall.',
  local: 'This computer could not read the file.',
  changed: 'The file changed on this computer while it was being sent, so the receiver dropped what it had. Retry to send it as it is now.',
  timeout: 'The receiver stopped answering.',
  cancelled: 'The transfer was cancelled.',
  declined: 'The receiving person did not accept these files.',
  'not-allowed': 'The receiver accepts only devices it knows, or it blocked this one. Ask its owner to add this device (Settings shows its key).',
  'key-changed': "The receiver's key changed since this device last sent to it: it may have been reinstalled, or someone may be impersonating it. Nothing was sent.",
  'key-mismatch': 'The receiver at this address is not the one expected (its key differs). Nothing was sent.',
  unencrypted: 'The receiver speaks only unencrypted PROTOCOL.md v1. Send unencrypted only if you accept that anyone on the network may read the files.',
};

export function explainError(error: NonNullable<FileProgress['error']>): string {
  return EXPLANATIONS[error.code];
}

/** Codes that come from the receiver, whose text is then the receiver's own words. */
export const PROTOCOL_ERROR_CODES: ReadonlySet<string> = new Set(ERROR_CODES);
