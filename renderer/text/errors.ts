// A failed file's error, in words a person can act on, said from the side
// that shows it: a sender reads what the receiver did, a receiver reads what
// the sender (or the person at this screen) did. The peer's own text
// follows, named as the peer's only where it came from the peer.
import { ERROR_CODES } from '../../shared/protocol.js';
import type { Direction, FileProgress } from '../../shared/transfer.js';
import { cancelledByReceiver, stoppedHere } from '../store/endings.js';

type FileError = NonNullable<FileProgress['error']>;
type ErrorCode = FileError['code'];

/** The sending side: the receiver answered with this code, or this happened here. */
const SENDER_WORDS: Record<ErrorCode, string> = {
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
  stopped: 'The receiver stopped receiving before this file was finished.',
  cancelled: 'You cancelled it.',
  declined: 'The receiving person did not accept these files.',
  'not-allowed': 'The receiver accepts only devices it knows, or it blocked this one. Ask its owner to add this device (Settings shows its key).',
  'key-changed': "The receiver's key changed since this device last sent to it: it may have been reinstalled, or someone may be impersonating it. Nothing was sent.",
  'key-mismatch': 'The receiver at this address is not the one expected (its key differs). Nothing was sent.',
  unencrypted: 'The receiver speaks only unencrypted PROTOCOL.md v1. Send unencrypted only if you accept that anyone on the network may read the files.',
};

/**
 * The receiving side: this receiver refused the file or gave up on it. An
 * ending the sender chose (its Cancel, its connection gone) shows here as
 * a transfer left unfinished.
 */
const RECEIVER_WORDS: Partial<Record<ErrorCode, string>> = {
  'bad-request': 'The sender sent a message this receiver does not understand.',
  'bad-name': 'The sender used a file name this receiver does not accept.',
  busy: 'A file with this name was already arriving.',
  exists: 'A file here is in the way of a folder with this name.',
  'unknown-transfer': 'The sender stopped sending it (it was cancelled there, went quiet, or lost its connection); what had arrived was removed.',
  incomplete: 'The sender ended it before all of it arrived (most likely it was cancelled there); what had arrived was removed.',
  'size-mismatch': 'The sender ended it at another size than it sent; what had arrived was removed.',
  'too-large': 'The file is larger than this receiver accepts.',
  'no-space': 'This computer has no space left on its disk.',
  io: 'This computer could not write the file.',
  denied: 'This receiver refused the file.',
  cancelled: 'You cancelled it; what had arrived was removed.',
};

const STOPPED_HERE = 'You stopped receiving before it was finished; what had arrived was removed.';



export function explainError(error: FileError, direction: Direction): string {
  if (direction === 'send') return cancelledByReceiver(error) ? 'The receiver cancelled it.' : SENDER_WORDS[error.code];
  if (stoppedHere(error)) return STOPPED_HERE;
  if (cancelledByReceiver(error)) return RECEIVER_WORDS.cancelled!;
  return RECEIVER_WORDS[error.code] ?? SENDER_WORDS[error.code];
}

const PROTOCOL_ERROR_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** Who the detail text is from: only a sender hears the receiver's own words. */
export function detailLabel(error: FileError, direction: Direction): string {
  return direction === 'send' && PROTOCOL_ERROR_CODES.has(error.code) ? 'The receiver said' : 'Details';
}
