// Resuming a file on an encrypted connection (docs/protocol-extensions.md
// §3.5): RESUME instead of HELLO, naming the file by size and identity; the
// receiver answers with the chunks it holds. Those that line up with this
// sender's chunks are taken as held at once (the person sees "resuming at
// 62 %"), then checked against this file while the missing ones are sent:
// a chunk whose crc32 differs goes again.
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { ChunkState } from '../../../shared/transfer.js';
import type { Reply } from '../../../shared/protocol.js';
import { errorReply, parseReply } from '../protocol/codec.js';
import { encodeExtension, parseHeld } from '../protocol/extensions.js';
import type { Connection } from './connection.js';
import type { Job } from './job.js';
import type { SourceFile } from './sourceFile.js';

/** Bytes read from each end of a file for its identity. */
const ID_SAMPLE_BYTES = 64 * 1024;

/** A file's identity for resuming: its size, modification time and first and last 64 KiB. */
export async function fileIdOf(source: SourceFile): Promise<string> {
  const size = source.size;
  const head = Buffer.alloc(Math.min(size, ID_SAMPLE_BYTES));
  const tail = Buffer.alloc(Math.min(size, ID_SAMPLE_BYTES));
  await source.read(head, 0);
  await source.read(tail, size - tail.length);
  return createHash('sha256').update(`${size}:${source.modifiedNs}:`).update(head).update(tail).digest('hex').slice(0, 32);
}

export class ResumeRefused extends Error {
  constructor(readonly reply: Extract<Reply, { ok: false }>) {
    super(reply.text);
  }
}

/**
 * Sends RESUME and marks what the receiver holds as held. Returns the held
 * chunks' crc32 by chunk index, to be checked; throws ResumeRefused with the
 * receiver's ERROR.
 */
export async function resumeFile(conn: Connection, job: Job, source: SourceFile): Promise<Map<number, string>> {
  const { file, options, tracker, progress } = job;
  const fileId = await fileIdOf(source);
  const frames = await conn.call(encodeExtension({ cmd: 'RESUME', name: file.name, batch: progress.batch!, size: file.size, fileId }));
  const entries = parseHeld(frames);
  if (!entries) {
    const reply = parseReply(frames);
    // READY is no answer to RESUME: only HELD (what it holds) or an ERROR is.
    throw new ResumeRefused(reply.ok ? errorReply('bad-request', 'the receiver answered RESUME with READY, not HELD') : reply);
  }
  const held = new Map<number, string>();
  for (const entry of entries) {
    const index = entry.offset / options.chunkBytes;
    const size = Math.min(options.chunkBytes, file.size - entry.offset);
    // Only chunks cut as this sender cuts them count; others are sent again.
    if (Number.isInteger(index) && index < tracker.chunks && entry.size === size) held.set(index, entry.crc);
  }
  let bytes = 0;
  for (const index of held.keys()) {
    tracker.set(index, ChunkState.Held);
    bytes += Math.min(options.chunkBytes, file.size - index * options.chunkBytes);
  }
  progress.bytes = bytes;
  if (bytes > 0) progress.resumedBytes = bytes;
  return held;
}

/** Whether a held chunk is what this file holds at that place. */
export function heldMatches(data: Uint8Array, crc: string): boolean {
  return (crc32(data) >>> 0).toString(16).padStart(8, '0') === crc;
}
