// Decimal numbers on the wire (PROTOCOL.md §2): 1–16 digits, no sign, no
// leading zero except "0", at most 2^53 − 1.
const DECIMAL = /^(0|[1-9][0-9]{0,15})$/;

/** The number in `frame`, or null when the frame is not a valid wire number. */
export function parseWireNumber(frame: Uint8Array): number | null {
  if (frame.length === 0 || frame.length > 16) return null;
  const text = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength).toString('latin1');
  if (!DECIMAL.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}
