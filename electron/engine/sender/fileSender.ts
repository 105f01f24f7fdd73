// Sends one file: HELLO, a window of CHUNKs in transit, CLOSE (PROTOCOL.md §5, §9).
import type { ErrorCode, Reply } from '../../../shared/protocol.js';
import { ChunkState, type FileProgress } from '../../../shared/transfer.js';
import { formatChecksum } from '../protocol/checksum.js';
import type { BufferPool } from './bufferPool.js';
import { ConnectionError, type Connection } from './connection.js';
import { resize, type Job } from './job.js';
import { heldMatches, ResumeRefused, resumeFile } from './resumeFile.js';
import { SourceFile } from './sourceFile.js';

/** Rejections worth sending the same chunk again for. */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set(['bad-checksum', 'io', 'limit', 'overlap']);

type Failure = NonNullable<FileProgress['error']>;

class FileFailure extends Error {
  constructor(readonly failure: Failure) {
    super(failure.text);
  }
}

/** Whatever was thrown, as a file's failure: never throws itself (a file always ends). */
function failureOf(err: unknown): Failure {
  if (err instanceof FileFailure) return err.failure;
  if (err instanceof ConnectionError) return { code: err.code, text: err.message };
  return { code: 'local', text: `cannot read the file: ${err instanceof Error ? err.message : String(err)}` };
}

/** A receiver's ERROR as this file's failure (its words made safe as they were read: parseReply). */
function rejected(reply: Reply): FileFailure | null {
  return reply.ok ? null : new FileFailure({ code: reply.code, text: reply.text });
}

/** Whether a rejection is worth sending the same bytes again for, once more. */
function mayRetry(job: Job, code: ErrorCode, attempt: number): boolean {
  return RETRYABLE.has(code) && attempt < job.options.retries && !job.cancelled;
}

/** Reads `data.length` bytes at `offset` and returns their checksum frame. */
async function readChunk(source: SourceFile, job: Job, data: Buffer, offset: number): Promise<string> {
  const got = await source.read(data, offset);
  if (got !== data.length) throw await changeFailure(source, `it ended at byte ${offset + got}, before its size when it was opened`);
  return formatChecksum(job.options.checksum, data);
}

/**
 * The failure of a file that changed since it was opened (or null): what was
 * read of it may mix two versions, so it must not be reported delivered.
 * `seen` says how, when a read already showed it.
 */
async function changeFailure(source: SourceFile, seen: string): Promise<FileFailure>;
async function changeFailure(source: SourceFile): Promise<FileFailure | null>;
async function changeFailure(source: SourceFile, seen?: string): Promise<FileFailure | null> {
  const how = (await source.change()) ?? seen;
  return how === undefined ? null : new FileFailure({ code: 'changed', text: `changed while being sent: ${how}; retry to send it as it is now` });
}

/** Called once every byte sent was read, before CLOSE: the bytes read are one version of the file. */
async function assertUnchanged(source: SourceFile): Promise<void> {
  const failure = await changeFailure(source);
  if (failure) throw failure;
}

/**
 * Makes the receiver drop a transfer it holds open. Version 1 has no abort
 * message, but a CLOSE that fails aborts the transfer and deletes its partial
 * data (PROTOCOL.md §5.3). This CLOSE deliberately names a size one byte past
 * the file's end, which no chunk ever covers, so a receiver must refuse it
 * (`incomplete`). The real size is never used to abort: once every chunk was
 * answered READY it would store the file.
 */
async function abortTransfer(conn: Connection, job: Job): Promise<void> {
  await conn.request({ cmd: 'CLOSE', name: job.file.name, size: job.file.size + 1 }).catch(() => undefined);
}

/** HELLO; on an encrypted connection it names the file's batch. */
function requestHello(conn: Connection, job: Job): Promise<Reply> {
  return conn.request({ cmd: 'HELLO', name: job.file.name, batch: conn.encrypted ? job.progress.batch : undefined });
}

/** Files up to this size go as one burst: HELLO, CHUNK and CLOSE without waiting. */
export const BURST_BYTES = 1024 * 1024;

/** Chunk buffers for large files, and whole-file buffers for bursts. */
export interface Pools {
  chunks: BufferPool;
  bursts: BufferPool;
}

/**
 * Runs one job to its end; never throws. `changed` is called whenever the
 * job's progress moved, for the coalescer.
 */
export async function sendFile(conn: Connection, pools: Pools, job: Job, changed: (at?: number) => void): Promise<void> {
  const { progress } = job;
  progress.status = 'active';
  progress.startedAt = Date.now();
  changed();
  let source: SourceFile | null = null;
  let opened = false;
  let failure: Failure | null;
  let endedAt: number;
  try {
    source = await SourceFile.open(job.file.path);
    if (source.size !== job.file.size) resize(job, source.size);
    const { file } = job;
    if (file.size <= Math.min(BURST_BYTES, job.options.chunkBytes)) {
      await sendBurst(conn, pools.bursts, source, job, changed);
    } else {
      let chunkFailure: unknown;
      if (conn.encrypted && !job.fresh) {
        // RESUME waits for its answer: it says what need not be sent.
        const held = await resumeFile(conn, job, source).catch((err: unknown) => {
          throw err instanceof ResumeRefused ? rejected(err.reply) : err;
        });
        opened = true;
        changed();
        chunkFailure = await sendChunks(conn, pools.chunks, source, job, changed, held).then(() => null, (err: unknown) => err);
      } else {
        // HELLO goes ahead of the first chunks: a refused HELLO makes them
        // unknown-transfer, which writes nothing.
        const hello = requestHello(conn, job);
        const chunks = sendChunks(conn, pools.chunks, source, job, changed).then(
          () => null,
          (err: unknown) => err,
        );
        // The chunk lanes settle before the file ends, whatever became of
        // HELLO: none may read its source after it is closed.
        const helloOutcome = await hello.then(rejected, (err: unknown) => err);
        opened = helloOutcome === null;
        chunkFailure = await chunks;
        if (helloOutcome instanceof FileFailure) job.tracker.resetUnfinished();
        if (helloOutcome) throw helloOutcome;
      }
      if (chunkFailure) throw chunkFailure;
      if (job.cancelled) throw new FileFailure({ code: 'cancelled', text: 'cancelled' });
      await assertUnchanged(source);
      progress.status = 'closing';
      changed();
      const close = await conn.request({ cmd: 'CLOSE', name: file.name, size: file.size });
      opened = false;
      const closeFailure = rejected(close);
      if (closeFailure) throw closeFailure;
    }
    endedAt = Date.now();
    failure = null;
  } catch (err) {
    failure = job.cancelled ? { code: 'cancelled', text: 'cancelled' } : failureOf(err);
    endedAt = Date.now();
    if (opened && !conn.broken) await abortTransfer(conn, job);
  } finally {
    await source?.close();
  }
  // Told at once and stamped when it ended: no report goes out between (a
  // file the sender goes on to wait out a break for is never seen failed).
  if (failure === null) {
    progress.status = 'done';
    delete progress.error;
  } else {
    progress.status = failure.code === 'cancelled' ? 'cancelled' : 'failed';
    progress.error = failure;
  }
  changed(endedAt);
}

/**
 * A small file in one round trip: HELLO, its chunk and CLOSE back to back.
 * A rejected chunk makes the CLOSE fail and abort the transfer, so a retry
 * starts again from HELLO.
 */
async function sendBurst(conn: Connection, pool: BufferPool, source: SourceFile, job: Job, changed: () => void): Promise<void> {
  const buffer = await pool.acquire();
  let answered = false;
  try {
    await sendBurstFrom(buffer.subarray(0, job.file.size), conn, source, job, changed);
    answered = true;
  } finally {
    // Once every request of the burst was answered the buffer is out of the
    // socket; a burst that failed with its replies is out of it too.
    if (answered || !conn.broken) pool.release(buffer);
    else pool.forget();
  }
}

async function sendBurstFrom(data: Buffer, conn: Connection, source: SourceFile, job: Job, changed: () => void): Promise<void> {
  const { file, tracker, progress } = job;
  const checksum = await readChunk(source, job, data, 0);
  // Nothing is sent before this check: a changed small file leaves nothing on the receiver.
  await assertUnchanged(source);
  for (let attempt = 0; ; attempt++) {
    const hello = requestHello(conn, job);
    const chunk = file.size > 0 ? conn.request({ cmd: 'CHUNK', name: file.name, offset: 0, size: file.size, checksum, data }) : null;
    progress.sentBytes = (progress.sentBytes ?? 0) + file.size;
    const close = conn.request({ cmd: 'CLOSE', name: file.name, size: file.size });
    if (file.size > 0) tracker.set(0, attempt === 0 ? ChunkState.InFlight : ChunkState.Retrying);
    changed();
    const [helloReply, chunkReply, closeReply] = await Promise.all([hello, chunk, close]);
    const helloFailure = rejected(helloReply);
    if (helloFailure) {
      tracker.resetUnfinished();
      throw helloFailure;
    }
    if (closeReply.ok) {
      if (file.size > 0) tracker.set(0, ChunkState.Done);
      progress.bytes = file.size;
      return;
    }
    // The chunk's own rejection says more than the CLOSE it caused.
    const reason = chunkReply && !chunkReply.ok ? chunkReply : closeReply;
    if (!mayRetry(job, reason.code, attempt)) throw rejected(reason)!;
    progress.retries++;
  }
}

/**
 * Sends every chunk, `window` at a time. Chunks the receiver holds (`held`,
 * by index, with their crc32) come last and are only checked: the missing
 * ones go first, so resuming never waits on reading what is already there.
 */
async function sendChunks(conn: Connection, pool: BufferPool, source: SourceFile, job: Job, changed: () => void, held = new Map<number, string>()): Promise<void> {
  const chunks = job.tracker.chunks;
  const order = Array.from({ length: chunks }, (_, i) => i);
  if (held.size > 0) order.sort((a, b) => Number(held.has(a)) - Number(held.has(b)));
  let next = 0;
  let failure: unknown = null;
  const lane = async (): Promise<void> => {
    while (failure === null && !job.cancelled && next < chunks) {
      const index = order[next++]!;
      try {
        await sendChunk(conn, pool, source, job, index, changed, held.get(index));
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(job.options.window, chunks) }, lane));
  if (failure !== null) throw failure;
}

/** Sends one chunk; a held one (`heldCrc`) only when this file's bytes there differ. */
async function sendChunk(conn: Connection, pool: BufferPool, source: SourceFile, job: Job, index: number, changed: () => void, heldCrc?: string): Promise<void> {
  const { file, options, tracker, progress } = job;
  const offset = index * options.chunkBytes;
  const size = Math.min(options.chunkBytes, file.size - offset);
  // Pooled buffers serve full chunks; a short last chunk gets its own.
  const pooled = size * 4 > pool.bufferBytes;
  const buffer = pooled ? await pool.acquire() : Buffer.allocUnsafeSlow(size);
  let inSocket = false;
  try {
    const data = buffer.subarray(0, size);
    const checksum = await readChunk(source, job, data, offset);
    if (heldCrc !== undefined) {
      if (heldMatches(data, heldCrc)) return;
      // The receiver holds other bytes here (the file was written to since): they go again.
      progress.bytes -= size;
      progress.resumedBytes = (progress.resumedBytes ?? size) - size;
    }
    for (let attempt = 0; ; attempt++) {
      tracker.set(index, attempt === 0 ? ChunkState.InFlight : ChunkState.Retrying);
      changed();
      inSocket = true;
      progress.sentBytes = (progress.sentBytes ?? 0) + size;
      const reply = await conn.request({ cmd: 'CHUNK', name: file.name, offset, size, checksum, data });
      inSocket = false;
      if (reply.ok) {
        tracker.set(index, ChunkState.Done);
        progress.bytes += size;
        changed();
        return;
      }
      if (!mayRetry(job, reply.code, attempt)) {
        tracker.set(index, ChunkState.Retrying);
        throw rejected(reply)!;
      }
      progress.retries++;
    }
  } finally {
    // Unanswered, the buffer may still sit in the socket's queue: let it go.
    if (pooled && !inSocket) pool.release(buffer);
    else if (pooled) pool.forget();
  }
}
