// The sender: queues files per receiver and keeps several of them in transit
// over one connection, each with its own window of chunks.
import { randomUUID } from 'node:crypto';
import type { SendResult } from '../../../shared/ipc.js';
import { DEFAULT_SEND_OPTIONS, hasEnded, MAX_ENDED_FILES, type FileProgress, type SendOptions } from '../../../shared/transfer.js';
import { Coalescer } from '../progress/coalescer.js';
import { BufferPool } from './bufferPool.js';
import { Connection } from './connection.js';
import { BURST_BYTES, sendFile, type Pools } from './fileSender.js';
import { newJob, type Job } from './job.js';
import { JobQueue } from './jobQueue.js';
import { walkPaths } from './walk.js';

/** Bytes of chunk buffers one sender may hold, across all its files. */
const POOL_BYTES = 64 * 1024 * 1024;
/** Small files in transit at once, each in its own buffer. */
const BURST_BUFFERS = 64;

interface Peer {
  endpoint: string;
  connection: Connection | null;
  queue: JobQueue<Job>;
  running: Set<Job>;
  maxFiles: number;
}

export class Sender {
  private readonly jobs = new Map<string, Job>();
  private readonly peers = new Map<string, Peer>();
  private readonly pools = new Map<string, BufferPool>();
  private readonly bursts = new BufferPool(BURST_BYTES, BURST_BUFFERS);
  private readonly progress: Coalescer<FileProgress>;
  private readonly idleWaiters: Array<() => void> = [];
  /** Ids of ended files, oldest first (a Map keeps insertion order). */
  private readonly ended = new Map<string, true>();

  constructor(onProgress: (files: FileProgress[]) => void) {
    this.progress = new Coalescer((id) => this.snapshot(id), onProgress);
  }

  async send(endpoint: string, paths: string[], overrides: Partial<SendOptions> = {}): Promise<SendResult> {
    const options = { ...DEFAULT_SEND_OPTIONS, ...overrides };
    const walked = await walkPaths(paths);
    const peer = this.peer(endpoint);
    peer.maxFiles = options.files;
    const batch = randomUUID();
    const fileIds = walked.files.map((file) => {
      const job = newJob(randomUUID(), file, options, endpoint, batch);
      this.jobs.set(job.id, job);
      peer.queue.push(job);
      this.progress.mark(job.id);
      return job.id;
    });
    this.pump(peer);
    return { batch, fileIds, skipped: walked.skipped };
  }

  cancel(id: string): void {
    const job = this.jobs.get(id);
    if (!job || job.cancelled) return;
    job.cancelled = true;
    const peer = this.peers.get(job.progress.peer);
    // A job in transit notices the flag and ends itself, but the person sees
    // it cancelled at once, even while a reply is still awaited.
    peer?.queue.remove(job);
    job.progress.status = 'cancelled';
    job.progress.error = { code: 'cancelled', text: 'cancelled' };
    this.changed(job);
  }

  /** Sends a failed or cancelled file again, from a new HELLO. */
  retry(id: string): void {
    const old = this.jobs.get(id);
    if (!old || (old.progress.status !== 'failed' && old.progress.status !== 'cancelled')) return;
    const job = newJob(id, old.file, old.options, old.progress.peer, old.progress.batch);
    this.jobs.set(id, job);
    const peer = this.peer(old.progress.peer);
    peer.queue.push(job);
    this.changed(job);
    this.pump(peer);
  }

  files(): FileProgress[] {
    return [...this.jobs.keys()].map((id) => this.snapshot(id)!);
  }

  /** Resolves once no file is queued or in transit, after every file's last progress was emitted. */
  idle(): Promise<void> {
    if (this.busy()) return new Promise((resolve) => this.idleWaiters.push(resolve));
    this.progress.flush();
    return Promise.resolve();
  }

  /**
   * Cancels everything. Files in transit end with a CLOSE that makes the
   * receiver delete their partial data, unless it does not answer in time.
   */
  async close(graceMs = 2_000): Promise<void> {
    for (const peer of this.peers.values()) {
      for (const job of peer.queue.toArray()) this.cancel(job.id);
    }
    for (const job of this.jobs.values()) job.cancelled = true;
    await Promise.race([this.idle(), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
    for (const peer of this.peers.values()) peer.connection?.close();
    this.progress.flush();
  }

  private busy(): boolean {
    for (const peer of this.peers.values()) if (peer.queue.size > 0 || peer.running.size > 0) return true;
    return false;
  }

  private peer(endpoint: string): Peer {
    let peer = this.peers.get(endpoint);
    if (!peer) {
      peer = { endpoint, connection: null, queue: new JobQueue(), running: new Set(), maxFiles: DEFAULT_SEND_OPTIONS.files };
      this.peers.set(endpoint, peer);
    }
    return peer;
  }

  private poolsFor(options: SendOptions): Pools {
    return { chunks: this.chunkPool(options), bursts: this.bursts };
  }

  private chunkPool(options: SendOptions): BufferPool {
    const key = String(options.chunkBytes);
    let pool = this.pools.get(key);
    if (!pool) {
      const count = Math.max(options.window, Math.floor(POOL_BYTES / options.chunkBytes));
      pool = new BufferPool(options.chunkBytes, count);
      this.pools.set(key, pool);
    }
    return pool;
  }

  private pump(peer: Peer): void {
    if (peer.connection?.broken) {
      // Replies match requests by order only: a broken connection cannot be
      // trusted again, and every file waiting on it fails with its reason.
      const error = peer.connection.broken;
      peer.connection.close();
      peer.connection = null;
      for (const job of peer.queue.drain()) {
        job.progress.status = 'failed';
        job.progress.error = { code: error.code, text: error.message };
        this.changed(job);
      }
    }
    // One name is never in transit twice on one connection.
    const busy = new Set([...peer.running].map((r) => r.file.name));
    while (peer.running.size < peer.maxFiles) {
      const job = peer.queue.take((queued) => !busy.has(queued.file.name));
      if (!job) break;
      busy.add(job.file.name);
      peer.connection ??= new Connection(peer.endpoint, job.options.replyTimeoutMs);
      peer.running.add(job);
      void sendFile(peer.connection, this.poolsFor(job.options), job, () => this.changed(job)).then(() => {
        peer.running.delete(job);
        this.remember(job);
        this.pump(peer);
      });
    }
    if (peer.running.size === 0 && peer.queue.size === 0) {
      peer.connection?.close();
      peer.connection = null;
      if (!this.busy()) {
        this.progress.flush();
        for (const wake of this.idleWaiters.splice(0)) wake();
      }
    }
  }

  private changed(job: Job): void {
    this.progress.mark(job.id);
  }

  private snapshot(id: string): FileProgress | undefined {
    const job = this.jobs.get(id);
    if (!job) return undefined;
    return { ...job.progress, chunkMap: job.tracker.toMap(), updatedAt: Date.now() };
  }

  /** Keeps the newest ended files; older ones are forgotten unless sent again since. */
  private remember(job: Job): void {
    this.ended.delete(job.id);
    this.ended.set(job.id, true);
    if (this.ended.size <= MAX_ENDED_FILES) return;
    const oldest = this.ended.keys().next().value!;
    this.ended.delete(oldest);
    // A file retried since is queued or in transit again: it stays.
    const status = this.jobs.get(oldest)?.progress.status;
    if (status && hasEnded(status)) this.jobs.delete(oldest);
  }
}
