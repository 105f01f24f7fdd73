// An encrypted peer's link through its life: opened (or reused) for each
// batch, which is offered to the receiver before its files are sent; after a
// network break, the files cut off wait while the link is opened again, then
// resume.
import type { PeerAddress } from '../../../shared/peerAddress.js';
import { DEFAULT_LIMITS } from '../../../shared/protocol.js';
import { safeText } from '../../../shared/safeText.js';
import type { FileProgress, SendTrust } from '../../../shared/transfer.js';
import { parseReply } from '../protocol/codec.js';
import { encodeExtension } from '../protocol/extensions.js';
import type { Job } from './job.js';
import type { Peer } from './peer.js';
import { openSecureLink, TrustFailure, type SecureLink, type SenderSecurity } from './secureLink.js';

/** How long an encrypted send waits through a network break: a receiver's idle time (PROTOCOL.md §8's default). */
const HEAL_MS = DEFAULT_LIMITS.idleMs;
const RELINK_EVERY_MS = 1_000;
const RELINK_TIMEOUT_MS = 5_000;
/** Breaks in a row a file is waited out through while it moves no further. */
const MAX_FRUITLESS_BREAKS = 3;

/** What the links need of the sender that owns the peers and their files. */
export interface PeerLinkDeps {
  /** Opens this device's identity and pins for a config folder. */
  security(configDir: string): Promise<SenderSecurity>;
  /** Queues files for the peer and sends what it can. */
  enqueue(peer: Peer, jobs: Job[]): void;
  /** Sends what it can for the peer, or lets its connection go once nothing is left. */
  pump(peer: Peer): void;
  /** Fails every file queued for the peer. */
  failQueued(peer: Peer, error: NonNullable<FileProgress['error']>): void;
  /** A file's progress changed. */
  changed(job: Job): void;
  /** A file ended. */
  remember(job: Job): void;
}

/**
 * Whether a file that failed was cut off by a break (no reply in time, the
 * connection lost) on an encrypted link, within the time a break is waited
 * out. A receiver that stops on purpose says so instead, in words.
 */
export function healable(encrypted: boolean, job: Job): boolean {
  const code = job.progress.error?.code;
  if (!encrypted || job.cancelled || job.progress.status !== 'failed' || (code !== 'timeout' && code !== 'unreachable')) return false;
  // A receiver that lets the link open again but never lets the file on would have it tried for ever.
  if (breaksWithoutProgress(job) > MAX_FRUITLESS_BREAKS) return false;
  return Date.now() - (job.brokeAt ?? Date.now()) < HEAL_MS;
}

/** This break counted: how many in a row (this one included) found the file no further along. */
function breaksWithoutProgress(job: Job): number {
  const last = job.fruitless;
  return last && job.progress.bytes <= last.bytes ? last.breaks + 1 : 0;
}

export class PeerLinks {
  private readonly closer = new AbortController();

  constructor(private readonly deps: PeerLinkDeps) {}

  /** Closing: nothing is opened again, and what is being opened is closed. */
  get closing(): boolean {
    return this.closer.signal.aborted;
  }

  close(): void {
    this.closer.abort();
  }

  /** An encrypted batch: open (or reuse) the link, ask the receiver to accept, then send. */
  async offer(peer: Peer, address: PeerAddress, trust: SendTrust, batch: string, jobs: Job[]): Promise<void> {
    const timeoutMs = jobs[0]!.options.replyTimeoutMs;
    peer.route = { address, trust };
    peer.offering++;
    try {
      const link = await this.linkFor(peer, address, trust, timeoutMs);
      const receiver = link.receiver;
      // The receiver's own name for itself: shown made safe, as every peer's text.
      const waiting = `waiting for ${safeText(receiver.name, 60)} to accept`;
      this.update(jobs, (job) => Object.assign(job.progress, { receiver: { trust: receiver.trust, name: receiver.name, fingerprint: receiver.fingerprint }, waiting }));
      const bytes = jobs.reduce((sum, job) => sum + job.file.size, 0);
      const request = encodeExtension({ cmd: 'OFFER', batch, files: jobs.length, bytes, first: jobs[0]!.file.name });
      const reply = parseReply(await link.connection.call(request, link.askMs + timeoutMs));
      this.update(jobs, (job) => delete job.progress.waiting);
      if (!reply.ok) throw new TrustFailure(reply.code === 'denied' ? 'declined' : 'not-allowed', reply.text);
      peer.offering--;
      this.deps.enqueue(peer, jobs);
    } catch (err) {
      peer.offering--;
      const error = err instanceof TrustFailure ? { code: err.code, text: err.message } : { code: 'unreachable' as const, text: (err as Error).message };
      this.update(jobs, (job) => {
        if (job.cancelled) return;
        delete job.progress.waiting;
        job.progress.status = 'failed';
        job.progress.error = error;
      });
      for (const job of jobs) this.deps.remember(job);
      this.deps.pump(peer);
    }
  }

  /** A file cut off by a network break goes back in the queue, to resume once the link is open again. */
  waitOutBreak(peer: Peer, job: Job): void {
    job.brokeAt ??= Date.now();
    job.fruitless = { breaks: breaksWithoutProgress(job), bytes: job.progress.bytes };
    job.progress.status = 'queued';
    job.progress.waiting = 'the connection broke; reconnecting…';
    delete job.progress.error;
    peer.queue.push(job);
    this.deps.changed(job);
    // Whichever file meets the break first, the link is opened again (relink runs once, and returns at once on a good link).
    void this.relink(peer);
  }

  /**
   * Opens an encrypted peer's link again after a break, trying every second
   * for as long as the receiver keeps a quiet transfer in transit; its
   * queued files then resume. A refusal, or no link in that time, fails them.
   */
  async relink(peer: Peer): Promise<void> {
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
            return this.deps.failQueued(peer, { code: failure, text: `the connection broke and could not be opened again: ${(err as Error).message}` });
          }
          await new Promise((resolve) => setTimeout(resolve, RELINK_EVERY_MS));
        }
      }
    } finally {
      peer.relinking = false;
      peer.offering--;
      this.deps.pump(peer);
    }
  }

  /** The peer's open link, or a new one (after the last one closed or broke). */
  private linkFor(peer: Peer, address: PeerAddress, trust: SendTrust, timeoutMs: number): Promise<SecureLink> {
    if (peer.link && peer.connection?.broken) peer.link = null;
    peer.link ??= this.deps
      .security(trust.configDir!)
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
      this.deps.changed(job);
    }
  }
}
