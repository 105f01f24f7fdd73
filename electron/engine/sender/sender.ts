// The sender: queues files per receiver and keeps several of them in transit
// over one connection, each with its own window of chunks.
import { randomBytes, randomUUID } from 'node:crypto';
import type { SendResult } from '../../../shared/ipc.js';
import { parsePeerAddress, type PeerAddress } from '../../../shared/peerAddress.js';
import { DEFAULT_SEND_OPTIONS, hasEnded, MAX_ENDED_FILES, type FileProgress, type SendOptions, type SendTrust } from '../../../shared/transfer.js';
import { parseReply } from '../protocol/codec.js';
import { ENCRYPTED_MAX_CHUNK_BYTES, encodeExtension } from '../protocol/extensions.js';
import { DEFAULT_LIMITS } from '../../../shared/protocol.js';
import { Coalescer } from '../progress/coalescer.js';
import { BufferPool } from './bufferPool.js';
import { Connection } from './connection.js';
import { BURST_BYTES, sendFile, type Pools } from './fileSender.js';
import { newJob, type Job } from './job.js';
import { JobQueue } from './jobQueue.js';
import { openSecureLink, TrustFailure, type SecureLink, type SenderSecurity } from './secureLink.js';
import { walkPaths } from './walk.js';

/** How long an encrypted send waits through a network break: a receiver's idle time (PROTOCOL.md §8's default). */
const HEAL_MS = DEFAULT_LIMITS.idleMs;
const RELINK_EVERY_MS = 1_000;
const RELINK_TIMEOUT_MS = 5_000;

/**
 * Whether a file that failed was cut off by a break (no reply in time, the
 * connection lost) on an encrypted link, within the time a break is waited
 * out. A receiver that stops on purpose says so instead, in words.
 */
function healable(encrypted: boolean, job: Job): boolean {
  const code = job.progress.error?.code;
  if (!encrypted || job.cancelled || job.progress.status !== 'failed' || (code !== 'timeout' && code !== 'unreachable')) return false;
  return Date.now() - (job.brokeAt ?? Date.now()) < HEAL_MS;
}

/** Bytes of chunk buffers one sender may hold, across all its files. */
const POOL_BYTES = 64 * 1024 * 1024;
/** A plain send's files say so, so that a UI can label them unencrypted. */
const PLAIN_RECEIVER: FileProgress['receiver'] = { trust: 'unencrypted' };
/** Small files in transit at once, each in its own buffer. */
const BURST_BUFFERS = 64;

interface Peer {
  endpoint: string;
  encrypted: boolean;
  connection: Connection | null;
  /** Encrypted peers: the link being opened or open (its connection is `connection` once open). */
  link: Promise<SecureLink> | null;
  /** Batches being offered (the receiving person may be deciding), or a link being opened again: the peer stays. */
  offering: number;
  /** Encrypted peers: where and how its link was opened, to open it again after a break. */
  route: { address: PeerAddress; trust: SendTrust } | null;
  relinking: boolean;
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
  /** Closing: nothing is opened again, and what is being opened is closed. */
  private closing = false;
  private readonly closer = new AbortController();
  /** Ids of ended files, oldest first (a Map keeps insertion order). */
  private readonly ended = new Map<string, true>();

  /** `security` opens this device's identity and pins for a config folder (encrypted sends). */
  constructor(
    onProgress: (files: FileProgress[]) => void,
    private readonly security: (configDir: string) => Promise<SenderSecurity> = () => Promise.reject(new Error('this sender sends plain only')),
  ) {
    this.progress = new Coalescer((id) => this.snapshot(id), onProgress);
  }

  /** Sends one batch. `target` is an address, with or without the receiver's key. */
  async send(target: string, paths: string[], overrides: Partial<SendOptions> = {}, trust: SendTrust = { plain: true }): Promise<SendResult> {
    const address = parsePeerAddress(target);
    if ('error' in address) throw new Error(address.error);
    if (!trust.plain && !trust.configDir) throw new Error('an encrypted send needs the config folder of this device');
    const options = { ...DEFAULT_SEND_OPTIONS, ...overrides };
    if (!trust.plain) options.chunkBytes = Math.min(options.chunkBytes, ENCRYPTED_MAX_CHUNK_BYTES);
    const walked = await walkPaths(paths);
    const peer = this.peer(address.endpoint, !trust.plain);
    peer.maxFiles = options.files;
    const batch = randomBytes(16).toString('hex');
    const jobs = walked.files.map((file) => {
      const job = newJob(randomUUID(), file, options, address.endpoint, batch);
      if (trust.plain) job.progress.receiver = PLAIN_RECEIVER;
      else job.route = { address, trust };
      if (trust.fresh) job.fresh = true;
      this.jobs.set(job.id, job);
      this.progress.mark(job.id);
      return job;
    });
    if (trust.plain) this.enqueue(peer, jobs);
    else if (jobs.length > 0) void this.offer(peer, address, trust, batch, jobs);
    return { batch, fileIds: jobs.map((j) => j.id), skipped: walked.skipped };
  }

  private enqueue(peer: Peer, jobs: Job[]): void {
    for (const job of jobs) if (!job.cancelled) peer.queue.push(job);
    this.pump(peer);
  }

  /** An encrypted batch: open (or reuse) the link, ask the receiver to accept, then send. */
  private async offer(peer: Peer, address: PeerAddress, trust: SendTrust, batch: string, jobs: Job[]): Promise<void> {
    const timeoutMs = jobs[0]!.options.replyTimeoutMs;
    peer.route = { address, trust };
    peer.offering++;
    try {
      const link = await this.linkFor(peer, address, trust, timeoutMs);
      const receiver = link.receiver;
      const waiting = `waiting for ${receiver.name} to accept`;
      this.update(jobs, (job) => Object.assign(job.progress, { receiver: { trust: receiver.trust, name: receiver.name, fingerprint: receiver.fingerprint }, waiting }));
      const bytes = jobs.reduce((sum, job) => sum + job.file.size, 0);
      const request = encodeExtension({ cmd: 'OFFER', batch, files: jobs.length, bytes, first: jobs[0]!.file.name });
      const reply = parseReply(await link.connection.call(request, link.askMs + timeoutMs));
      this.update(jobs, (job) => delete job.progress.waiting);
      if (!reply.ok) throw new TrustFailure(reply.code === 'denied' ? 'declined' : 'not-allowed', reply.text);
      peer.offering--;
      this.enqueue(peer, jobs);
    } catch (err) {
      peer.offering--;
      const error = err instanceof TrustFailure ? { code: err.code, text: err.message } : { code: 'unreachable' as const, text: (err as Error).message };
      this.update(jobs, (job) => {
        if (job.cancelled) return;
        delete job.progress.waiting;
        job.progress.status = 'failed';
        job.progress.error = error;
      });
      for (const job of jobs) this.remember(job);
      this.pump(peer);
    }
  }

  /** The peer's open link, or a new one (after the last one closed or broke). */
  private linkFor(peer: Peer, address: PeerAddress, trust: SendTrust, timeoutMs: number): Promise<SecureLink> {
    if (peer.link && peer.connection?.broken) peer.link = null;
    peer.link ??= this.security(trust.configDir!)
      .then((security) => openSecureLink(address, security, trust.expect, timeoutMs, this.closer.signal))
      .then((link) => {
        // Opened after the sender began closing: nothing may keep its thread alive.
        if (this.closing) {
          link.connection.close();
          throw new Error('the sender is closing');
        }
        peer.connection = link.connection;
        return link;
      });
    const link = peer.link;
    // A link that failed to open is not kept: the next batch tries afresh.
    link.catch(() => {
      if (peer.link === link) peer.link = null;
    });
    return link;
  }

  private update(jobs: Job[], change: (job: Job) => void): void {
    for (const job of jobs) {
      change(job);
      this.changed(job);
    }
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
    // An encrypted file is offered again in its batch: the receiver admits it at once while the batch is open.
    const job = newJob(id, old.file, old.options, old.progress.peer, old.progress.batch);
    job.route = old.route;
    job.fresh = old.fresh;
    if (!old.route) job.progress.receiver = PLAIN_RECEIVER;
    this.jobs.set(id, job);
    const peer = this.peer(old.progress.peer, old.route !== undefined);
    this.changed(job);
    if (old.route) void this.offer(peer, old.route.address, old.route.trust, job.progress.batch!, [job]);
    else this.enqueue(peer, [job]);
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
    this.closing = true;
    this.closer.abort();
    for (const peer of this.peers.values()) {
      for (const job of peer.queue.toArray()) this.cancel(job.id);
    }
    for (const job of this.jobs.values()) job.cancelled = true;
    await Promise.race([this.idle(), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
    for (const peer of this.peers.values()) peer.connection?.close();
    this.progress.flush();
  }

  private busy(): boolean {
    for (const peer of this.peers.values()) if (peer.queue.size > 0 || peer.running.size > 0 || peer.offering > 0) return true;
    return false;
  }

  private peer(endpoint: string, encrypted: boolean): Peer {
    const key = `${encrypted ? 'curve' : 'plain'} ${endpoint}`;
    let peer = this.peers.get(key);
    if (!peer) {
      peer = { endpoint, encrypted, connection: null, link: null, offering: 0, route: null, relinking: false, queue: new JobQueue(), running: new Set(), maxFiles: DEFAULT_SEND_OPTIONS.files };
      this.peers.set(key, peer);
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
      peer.link = null;
      // An encrypted peer's files wait through a break: the link is opened again and they resume.
      if (peer.encrypted && peer.route && error.code !== 'denied' && peer.queue.size > 0 && !this.closing) void this.relink(peer);
      else this.failQueued(peer, { code: error.code, text: error.message });
    }
    // One name is never in transit twice on one connection.
    const busy = new Set([...peer.running].map((r) => r.file.name));
    // An encrypted peer's connection is its link's, opened before its batch was offered.
    while (peer.running.size < peer.maxFiles && (peer.connection !== null || !peer.encrypted)) {
      const job = peer.queue.take((queued) => !busy.has(queued.file.name));
      if (!job) break;
      busy.add(job.file.name);
      peer.connection ??= new Connection(peer.endpoint, job.options.replyTimeoutMs);
      peer.running.add(job);
      void sendFile(peer.connection, this.poolsFor(job.options), job, () => this.changed(job)).then(() => {
        peer.running.delete(job);
        if (healable(peer.encrypted, job)) this.waitOutBreak(peer, job);
        else this.remember(job);
        this.pump(peer);
      });
    }
    if (peer.running.size === 0 && peer.queue.size === 0 && !peer.offering) {
      peer.connection?.close();
      peer.connection = null;
      peer.link = null;
      if (!this.busy()) {
        this.progress.flush();
        for (const wake of this.idleWaiters.splice(0)) wake();
      }
    }
  }

  private failQueued(peer: Peer, error: NonNullable<FileProgress['error']>): void {
    for (const job of peer.queue.drain()) {
      delete job.progress.waiting;
      job.progress.status = 'failed';
      job.progress.error = error;
      this.changed(job);
      this.remember(job);
    }
  }

  /** A file cut off by a network break goes back in the queue, to resume once the link is open again. */
  private waitOutBreak(peer: Peer, job: Job): void {
    job.brokeAt ??= Date.now();
    job.progress.status = 'queued';
    job.progress.waiting = 'the connection broke; reconnecting…';
    delete job.progress.error;
    peer.queue.push(job);
    this.changed(job);
    // Whichever file meets the break first, the link is opened again (relink runs once, and returns at once on a good link).
    void this.relink(peer);
  }

  /**
   * Opens an encrypted peer's link again after a break, trying every second
   * for as long as the receiver keeps a quiet transfer in transit; its
   * queued files then resume. A refusal, or no link in that time, fails them.
   */
  private async relink(peer: Peer): Promise<void> {
    if (peer.relinking || !peer.route) return;
    peer.relinking = true;
    peer.offering++;
    const { address, trust } = peer.route;
    const deadline = Date.now() + HEAL_MS;
    try {
      for (;;) {
        try {
          if (this.closing) throw new Error('the sender is closing');
          await this.linkFor(peer, address, trust, RELINK_TIMEOUT_MS);
          for (const job of peer.queue.toArray()) delete job.brokeAt;
          return;
        } catch (err) {
          if (err instanceof TrustFailure || Date.now() >= deadline || this.closing) {
            const failure = err instanceof TrustFailure ? err.code : 'unreachable';
            return this.failQueued(peer, { code: failure, text: `the connection broke and could not be opened again: ${(err as Error).message}` });
          }
          await new Promise((resolve) => setTimeout(resolve, RELINK_EVERY_MS));
        }
      }
    } finally {
      peer.relinking = false;
      peer.offering--;
      this.pump(peer);
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
