// The wire contract of ../shared/PROTOCOL.md (version 1), declared once.
// Both the engine and the UI read error codes and defaults from here.

export const DEFAULT_PORT = 5670;

export const COMMANDS = ['HELLO', 'CHUNK', 'CLOSE'] as const;
export type Command = (typeof COMMANDS)[number];

/** Frames after the command, per command (PROTOCOL.md §3). */
export const FRAME_COUNTS: Record<Command, number> = { HELLO: 1, CHUNK: 5, CLOSE: 2 };

export const READY = 'READY';
export const ERROR = 'ERROR';

/** Stable error codes (PROTOCOL.md §3); the text after "code: " is for people. */
export const ERROR_CODES = [
  'bad-request',
  'bad-name',
  'busy',
  'exists',
  'unknown-transfer',
  'bad-size',
  'bad-checksum',
  'overlap',
  'too-large',
  'incomplete',
  'size-mismatch',
  'no-space',
  'io',
  'denied',
  'limit',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const CHECKSUM_ALGOS = ['crc32', 'sha1', 'sha256'] as const;
export type ChecksumAlgo = (typeof CHECKSUM_ALGOS)[number];
/** Hex digits of each digest; a bare digest is read by its length (§6). */
export const CHECKSUM_HEX_LENGTH: Record<ChecksumAlgo, number> = { crc32: 8, sha1: 40, sha256: 64 };

/**
 * A frame's bytes in the pieces they arrived in, in order: a receiver reads
 * a large frame in many reads, and joining them would copy every byte once
 * more. `length` is their total.
 */
export interface Pieces {
  readonly pieces: readonly Uint8Array[];
  readonly length: number;
}

/** A frame's bytes: one buffer (as a sender has them) or the pieces they arrived in. */
export type FrameData = Uint8Array | Pieces;

export type Request =
  /** `batch`: on the encrypted port, the batch the file belongs to (docs/protocol-extensions.md). */
  | { cmd: 'HELLO'; name: string; batch?: string }
  | { cmd: 'CHUNK'; name: string; offset: number; size: number; checksum: string; data: FrameData }
  | { cmd: 'CLOSE'; name: string; size: number };

export type Reply = { ok: true } | { ok: false; code: ErrorCode; text: string };

/** The receiver's limits (PROTOCOL.md §8); every one is a setting. */
export interface ReceiverLimits {
  maxChunkBytes: number;
  maxTransfersPerSender: number;
  maxTransfers: number;
  maxChunksInTransitPerTransfer: number;
  maxFileBytes: number;
  idleMs: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: ReceiverLimits = {
  maxChunkBytes: 16 * MiB,
  maxTransfersPerSender: 64,
  maxTransfers: 1024,
  maxChunksInTransitPerTransfer: 64,
  maxFileBytes: Number.MAX_SAFE_INTEGER,
  idleMs: 60_000,
};

/** Receive high-water mark per connection, in messages (§8). */
export const RECEIVE_HWM = 64;
