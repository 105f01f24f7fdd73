// What a fuzzing peer does, one step at a time, and what it may hear back.
import type { ErrorCode } from '../../../shared/protocol.js';

export type Frame = string | Buffer;
export type Code = ErrorCode | 'READY';

export interface RequestStep {
  kind: 'request';
  frames: Frame[];
  /** The codes its reply may carry, or null: any code of PROTOCOL.md §3. */
  allowed: ReadonlySet<Code> | null;
  /** A text the reply must repeat: an exact check that replies keep their order. */
  marker?: string;
  /** A CLOSE naming a file that READY would store. */
  close?: { name: string; size: number };
  /** Written a few bytes at a time, an event-loop turn apart. */
  trickle?: boolean;
  /** For a failure's message. */
  what: string;
}

export interface RawStep {
  kind: 'raw';
  bytes: Buffer;
  /** On a new connection, from its first byte (no handshake of ours). */
  fresh: boolean;
  /** Whether the receiver must drop the connection for it; null: either. */
  dropped: boolean | null;
  what: string;
}

export type Step = RequestStep | RawStep;

export function codes(...list: Code[]): ReadonlySet<Code> {
  return new Set(list);
}

export const BAD_REQUEST = codes('bad-request');
export const BAD_NAME = codes('bad-name');
export const UNKNOWN = codes('unknown-transfer');

export function request(what: string, frames: Frame[], allowed: ReadonlySet<Code> | null, extra: Partial<RequestStep> = {}): RequestStep {
  return { kind: 'request', what, frames, allowed, ...extra };
}

/** Whether a peer that is not a REQ socket sends `frames` with an envelope of its own (§1): its reply has one too. */
export function hasEnvelope(frames: readonly Frame[]): boolean {
  return frames.length > 1 && frames[0]!.length === 0;
}
