// How a file ended, told apart by the side that shows it: what the person at
// this screen did (Cancel, Stop receiving) is no failure; on the receiving
// side, the sender's own ending is not this receiver's fault.
import { RECEIVER_CANCELLED_TEXT, RECEIVER_STOPPED_TEXT, type Direction, type FileProgress } from '../../shared/transfer.js';

type FileError = NonNullable<FileProgress['error']>;

/** The receiving person stopped receiving. A receiver's error text is its reply's: "code: detail". */
export function stoppedHere(error: FileError): boolean {
  return error.code === 'io' && error.text === `io: ${RECEIVER_STOPPED_TEXT}`;
}

/** The receiving person cancelled it: so its receiver records it, and so its sender hears it. */
export function cancelledByReceiver(error: FileError): boolean {
  return error.code === 'denied' && error.text === `denied: ${RECEIVER_CANCELLED_TEXT}`;
}

/** Whether the person at this screen ended it (Cancel, Stop receiving): not a failure. */
export function endedHere(error: FileError, direction: Direction): boolean {
  return error.code === 'cancelled' || (direction === 'receive' && (stoppedHere(error) || cancelledByReceiver(error)));
}

/** Receiving: the sender ended the transfer (its Cancel, its connection gone, its silence). */
export function endedBySender(error: FileError | undefined): boolean {
  return error?.code === 'incomplete' || error?.code === 'unknown-transfer';
}
