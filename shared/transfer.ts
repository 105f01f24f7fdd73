// What the engine reports about files in transit, for the CLI and the UI alike.
import type { AcceptPolicy, PeerTrust, TrustFailureCode } from './trust.js';
import type { ChecksumAlgo, ErrorCode } from './protocol.js';

/** One chunk's state in a chunk map. */
/** Held: done before this attempt (resumed), drawn in its own colour. */
export const ChunkState = { Pending: 0, InFlight: 1, Done: 2, Retrying: 3, Held: 4 } as const;
export type ChunkState = (typeof ChunkState)[keyof typeof ChunkState];

/**
 * A chunk map, run-length encoded: `runs` is a flat list of
 * [firstChunk, count, state] triples covering 0..chunks-1 in order, so a
 * map of 100,000 chunks in a steady transfer costs a handful of numbers.
 */
export interface ChunkMap {
  chunkSize: number;
  chunks: number;
  runs: number[];
}

export type Direction = 'send' | 'receive';

export type FileStatus = 'queued' | 'active' | 'closing' | 'done' | 'failed' | 'cancelled';

/** Whether a file has ended (a retry starts it anew). */
export function hasEnded(status: FileStatus): boolean {
  return status === 'done' || status === 'failed' || status === 'cancelled';
}

/** Ended files received that an engine, and the host, remember; past this, the oldest finished batches are forgotten, whole, then the oldest files. */
export const MAX_ENDED_FILES = 10_000;

/** Files a UI (and the host that serves it) keeps; past this, the oldest finished batches are forgotten, whole. */
export const MAX_KEPT_FILES = 250_000;

export interface FileProgress {
  /** Unique within a run of the engine. */
  id: string;
  direction: Direction;
  /** The wire name (relative path with `/`). */
  name: string;
  /** Total bytes; null on the receiving side until CLOSE names it. */
  size: number | null;
  /** Bytes acknowledged (sender) or written (receiver). */
  bytes: number;
  status: FileStatus;
  chunkMap: ChunkMap;
  /** Chunks rejected and being sent again. */
  retries: number;
  /** Where the file came from (sender) or where it was stored (receiver). */
  path?: string;
  /** Receiver: the name it was stored under, e.g. "report (1).pdf". */
  storedAs?: string;
  /** Peer endpoint (sender) or sender id (receiver). */
  peer: string;
  /**
   * `changed`: the source file changed while it was being sent (the receiver
   * dropped it); `stopped`: the receiver closed the connection with replies
   * still owed (it stopped receiving).
   */
  error?: { code: ErrorCode | 'unreachable' | 'local' | 'changed' | 'timeout' | 'stopped' | 'cancelled' | TrustFailureCode; text: string };
  /** Sender, encrypted: how the receiver's key was found, and whose it is. */
  receiver?: { trust: PeerTrust; name?: string; fingerprint?: string };
  /** Sender, encrypted: set while the receiving person is being asked. */
  waiting?: string;
  /** Sender: chunk bytes this attempt put on the wire (retries included). */
  sentBytes?: number;
  /** Resumed: bytes the receiver already held when this attempt began (not sent again). */
  resumedBytes?: number;
  /**
   * The batch the file belongs to, unique within a run of the engine: one
   * Send on the sending side; on the receiving side what one sender
   * announced as one batch (encrypted), or what one connection sends until
   * it falls idle (plain). Only compared, never parsed.
   */
  batch: string;
  startedAt: number;
  updatedAt: number;
}

/** The receiving side's text for a file it aborted because the person stopped receiving. */
export const RECEIVER_STOPPED_TEXT = 'the receiver stopped';
/** What a sender hears (after `denied: `) of a file the receiving person cancelled. */
export const RECEIVER_CANCELLED_TEXT = 'cancelled by the receiver';

export interface SendOptions {
  chunkBytes: number;
  /** Chunks in transit per file. */
  window: number;
  /** Files in transit at once. */
  files: number;
  checksum: ChecksumAlgo;
  /** Times one rejected chunk is sent again before the file fails. */
  retries: number;
  /** Longest wait for any reply before the receiver is deemed gone. */
  replyTimeoutMs: number;
}

/** How a send is secured: plain v1 (unencrypted), or encrypted as the device of `configDir`. */
export interface SendTrust {
  plain: boolean;
  /** The config folder holding this device's key and pins (required unless plain). */
  configDir?: string;
  /** The receiver's fingerprint, when the person knows it. */
  expect?: string;
  /** Send afresh: do not resume what the receiver holds of these files. */
  fresh?: boolean;
}

export const DEFAULT_SEND_OPTIONS: SendOptions = {
  chunkBytes: 4 * 1024 * 1024,
  window: 4,
  files: 32,
  checksum: 'crc32',
  retries: 3,
  replyTimeoutMs: 15_000,
};

export interface ReceiverStatus {
  listening: boolean;
  dir: string | null;
  /** Bound endpoints as given (e.g. tcp://*:5670). */
  endpoints: string[];
  /** Addresses a sender can use, one per local interface; encrypted, each carries this device's key. */
  addresses: string[];
  /** This receiver's device and policy, when it encrypts; absent in plain mode. */
  encryption?: ReceiverEncryption;
  error?: string;
}

/** What a receive folder keeps of an interrupted encrypted transfer, for its device to resume. */
export interface PartialListing {
  id: string;
  name: string;
  /** The sending device's key, and its fingerprint. */
  device: string;
  fingerprint: string;
  size: number;
  heldBytes: number;
  /** When it last grew (ms since the epoch). */
  updatedAt: number;
}

export interface ReceiverEncryption {
  name: string;
  key: string;
  fingerprint: string;
  accept: AcceptPolicy;
  /** Whether plain (unencrypted) v1 senders are served too. */
  acceptPlain: boolean;
  /** The encrypted port's endpoints. */
  endpoints: string[];
}

/** Expands a run-length chunk map into one state byte per chunk. */
export function expandChunkMap(map: ChunkMap, out = new Uint8Array(map.chunks)): Uint8Array {
  const { runs } = map;
  for (let i = 0; i + 2 < runs.length; i += 3) {
    out.fill(runs[i + 2]!, runs[i]!, runs[i]! + runs[i + 1]!);
  }
  return out;
}

/** Counts chunks per state: [pending, inFlight, done, retrying, held]. */
export function countChunkStates(map: ChunkMap): [number, number, number, number, number] {
  const counts: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  const { runs } = map;
  for (let i = 0; i + 2 < runs.length; i += 3) counts[runs[i + 2] as ChunkState] += runs[i + 1]!;
  return counts;
}
