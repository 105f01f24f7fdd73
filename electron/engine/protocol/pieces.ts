// A frame's bytes as one buffer or the pieces they arrived in (FrameData).
// Pure.
import type { FrameData } from '../../../shared/protocol.js';

/** The buffers holding `data`, in order. */
export function piecesOf(data: FrameData): readonly Uint8Array[] {
  return data instanceof Uint8Array ? [data] : data.pieces;
}

/** `data` as one buffer: copied together only when it is in several pieces. */
export function joined(data: FrameData): Buffer {
  const pieces = piecesOf(data);
  if (pieces.length === 1) return Buffer.from(pieces[0]!.buffer, pieces[0]!.byteOffset, pieces[0]!.byteLength);
  return Buffer.concat(pieces, data.length);
}

/** The first `bytes` of `data` (at most), copied from no more pieces than hold them. */
export function headOf(data: FrameData, bytes: number): Buffer {
  const head: Uint8Array[] = [];
  let left = bytes;
  for (const piece of piecesOf(data)) {
    if (left <= 0) break;
    head.push(piece.subarray(0, left));
    left -= head.at(-1)!.length;
  }
  return Buffer.concat(head);
}

/** What is left of `pieces` once their first `bytes` are taken (views, no copy). */
export function skipBytes(pieces: readonly Uint8Array[], bytes: number): Uint8Array[] {
  const rest: Uint8Array[] = [];
  let skip = bytes;
  for (const piece of pieces) {
    if (skip >= piece.length) skip -= piece.length;
    else {
      rest.push(skip === 0 ? piece : piece.subarray(skip));
      skip = 0;
    }
  }
  return rest;
}
