// The sender: queues files per receiver and keeps several of them in transit
// over one connection, each with its own window of chunks. An encrypted
// receiver's link, its batches' offers and its breaks are peerLink.ts's.
import { randomBytes, randomUUID } from 'node:crypto';
import type { SendResult } from '../../../shared/ipc.js';
import { parsePeerAddress } from '../../../shared/peerAddress.js';
import { BatchBook } from '../../../shared/batchBook.js';
import { DEFAULT_SEND_OPTIONS, hasEnded, MAX_KEPT_FILES, type FileProgress, type SendOptions, type SendTrust } from '../../../shared/transfer.js';
import { ENCRYPTED_MAX_CHUNK_BYTES } from '../protocol/extensions.js';
import { Coalescer } from '../progress/coalescer.js';
import { Connection } from './connection.js';
import { ChunkPools, PEER_SET, SHARED_SET } from './chunkPools.js';
import { sendFile } from './fileSender.js';
import { newJob, type Job } from './job.js';
import { newPeer, type Peer } from './peer.js';
import { healable, PeerLinks } from './peerLink.js';
import type { SenderSecurity } from './secureLink.js';
import { walkPaths } from './walk.js';
import { parseEndpoint } from '../zmtp/endpoint.js';

/** A plain send's files say so, so that a UI can label them unencrypted. */
const PLAIN_RECEIVER: FileProgress['receiver'] = { trust: 'unencrypted' };

/** Plain and encrypted sends to one address are two peers: two connections, two queues. */
const peerKey = (endpoint: string, encrypted: boolean) => `${encrypted ? 'curve' : 'plain'} ${endpoint}`;

export class Sender {
  /**
   * Every file sent this run, by id: as many as a UI shows, so that a batch
   * it shows can be retried; a finished batch is forgotten whole, once its
   * last word was emitted.
   */
  private readonly jobs: BatchBook<Job>;
  private readonly peers = new Map<string, Peer>();
  /** Plain peers' buffers; an encrypted peer has its own (chunkPools.ts says why). */
  private readonly sharedPools = new ChunkPools(SHARED_SET);
  private readonly progress: Coalescer<FileProgress>;
  private readonly idleWaiters: Array<() => void> = [];
  private readonly links: PeerLinks;

  /**
   * `security` opens this device's identity and pins for a config folder
   * (encrypted sends); `keptFiles`, how many files it keeps before it forgets
   * finished batches.
   */
  constructor(
    onProgress: (files: FileProgress[]) => void,
    security: (configDir: string) => Promise<SenderSecurity> = () => Promise.reject(new Error('this sender sends plain only')),
    keptFiles = MAX_KEPT_FILES,
  ) {
    this.progress = new Coalescer((id) => this.snapshot(id), onProgress);
    this.jobs = new BatchBook(keptFiles, () => this.progress.flush());
    this.links = new PeerLinks({
      security,
      enqueue: (peer, jobs) => this.enqueue(peer, jobs),
      pump: (peer) => this.pump(peer),
      failQueued: (peer, error) => this.failQueued(peer, error),
      changed: (job) => this.changed(job),
      remember: (job) => this.remember(job),
    });
  }

  /** Sends one batch. `target` is an address, with or without the receiver's key. */
  async send(target: string, paths: string[], overrides: Partial<SendOptions> = {}, trust: SendTrust = { plain: true }): Promise<SendResult> {
    const address = parsePeerAddress(target);
    if ('error' in address) throw new Error(address.error);
    // An endpoint no connection can be made to (a port over 65535, an
    // inproc://) is refused here, before any file is queued: a connection
    // that cannot be made would leave them queued for ever.
    parseEndpoint(address.endpoint, 'connect');
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
      this.jobs.set(job.id, batch, job, false);
      this.progress.mark(job.id);
      return job;
    });
    if (trust.plain) this.enqueue(peer, jobs);
    else if (jobs.length > 0) void this.links.offer(peer, address, trust, batch, jobs);
    return { batch, fileIds: jobs.map((j) => j.id), skipped: walked.skipped };
  }

  private enqueue(peer: Peer, jobs: Job[]): void {
    for (const job of jobs) {
      if (job.cancelled) this.remember(job);
      else peer.queue.push(job);
    }
    this.pump(peer);
  }

  cancel(id: string): void {
    const job = this.jobs.get(id);
    if (!job || job.cancelled) return;
    job.cancelled = true;
    const peer = this.peers.get(peerKey(job.progress.peer, job.route !== undefined));
    // A job in transit notices the flag and ends itself, but the person sees
    // it cancelled at once, even while a reply is still awaited.
    const queued = peer?.queue.remove(job) ?? false;
    job.progress.status = 'cancelled';
    job.progress.error = { code: 'cancelled', text: 'cancelled' };
    this.changed(job);
    if (queued) this.remember(job);
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
    this.jobs.set(id, job.progress.batch, job, false);
    const peer = this.peer(old.progress.peer, old.route !== undefined);
    this.changed(job);
    if (old.route) void this.links.offer(peer, old.route.address, old.route.trust, job.progress.batch, [job]);
    else this.enqueue(peer, [job]);
  }

  files(): FileProgress[] {
    return [...this.jobs.ids()].map((id) => this.snapshot(id)!);
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
    this.links.close();
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
    const key = peerKey(endpoint, encrypted);
    let peer = this.peers.get(key);
    if (!peer) {
      peer = newPeer(endpoint, encrypted);
      this.peers.set(key, peer);
    }
    return peer;
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
      if (peer.encrypted && peer.route && error.code !== 'denied' && peer.queue.size > 0 && !this.links.closing) void this.links.relink(peer);
      // A plain connection that ended owing nothing: files not yet begun take a new one.
      else if (!error.queuedMayGoOn) this.failQueued(peer, { code: error.code, text: error.message });
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
      const pools = peer.encrypted ? (peer.pools ??= new ChunkPools(PEER_SET)) : this.sharedPools;
      void sendFile(peer.connection, pools.for(job.options.chunkBytes, job.options.window), job, (at) => this.changed(job, at)).then(() => {
        peer.running.delete(job);
        if (healable(peer.encrypted, job)) this.links.waitOutBreak(peer, job);
        else this.remember(job);
        this.pump(peer);
      });
    }
    if (peer.running.size === 0 && peer.queue.size === 0 && !peer.offering) {
      peer.connection?.close();
      peer.connection = null;
      peer.link = null;
      // An idle encrypted peer's buffers go: libzmq may hold some still, and none is ever another's.
      peer.pools = null;
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

  /** `updatedAt` is when the file last changed, not when its progress was sent: a done file's is when it ended. */
  private changed(job: Job, at = Date.now()): void {
    job.progress.updatedAt = at;
    this.progress.mark(job.id);
  }

  private snapshot(id: string): FileProgress | undefined {
    const job = this.jobs.get(id);
    if (!job) return undefined;
    return { ...job.progress, chunkMap: job.tracker.toMap() };
  }

  /** A file ended: its batch may be forgotten once every file of it has (a retry starts one anew). */
  private remember(job: Job): void {
    // A file cancelled in transit and retried at once: the old job ends after the new one began, and is no longer the file's.
    if (this.jobs.get(job.id) !== job) return;
    this.jobs.set(job.id, job.progress.batch, job, hasEnded(job.progress.status));
  }
}
