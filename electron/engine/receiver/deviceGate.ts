// Who may send on the encrypted port, and what they may send
// (docs/protocol-extensions.md): the handshake's verdict, each connection's
// AUTH (which device it carries, bound by a fresh challenge), and each
// batch's OFFER (the receiving person's consent, asked once per batch).
// Requests of a connection that has not authenticated get `denied`.
import type { Reply } from '../../../shared/protocol.js';
import type { AcceptPolicy, BatchOffer, ConsentDecision } from '../../../shared/trust.js';
import { errorReply, ProtocolError, READY_REPLY } from '../protocol/codec.js';
import { encodeChallenge, type ExtensionRequest } from '../protocol/extensions.js';
import { newChallenge, proofHolds } from '../trust/authProof.js';
import { fingerprint, keyText, type DeviceIdentity } from '../trust/deviceIdentity.js';
import type { Admission } from './secureListener.js';

/** The receiver's view of the trust file. */
export interface DeviceBook {
  status(key: string): Promise<'known' | 'blocked' | null>;
  remember(key: string, name: string, status: 'known' | 'blocked'): Promise<void>;
}

export interface GateConfig {
  identity: DeviceIdentity;
  accept: AcceptPolicy;
  book: DeviceBook;
  /** Asks the receiving person about a batch (policy `ask`). */
  ask: (offer: BatchOffer, signal: AbortSignal) => Promise<ConsentDecision>;
  askTimeoutMs: number;
}

export interface Device {
  /** Its public key, base32 (as the trust file keeps it). */
  key: string;
  raw: Buffer;
  name: string;
}

interface Session {
  challenge: Buffer | null;
  device: Device | null;
  lastHeard: number;
  /** OFFERs of it waiting for the receiving person: it is not heard again until answered, yet at work. */
  asking: number;
}

export interface Batch {
  id: string;
  owner: string;
  files: number;
  bytes: number;
  hellos: number;
  lastActivity: number;
}

/** Batches one device may have open at once; more is a flood, not a person's sends. */
const MAX_BATCHES_PER_DEVICE = 16;
/** Batches open at once from all devices (a device key costs nothing to make; each goes once quiet). */
export const MAX_BATCHES = 4_096;
/** Questions to the receiving person open at once, from all devices (a device key costs nothing to make). */
export const MAX_OPEN_QUESTIONS = 16;
export const MAX_SESSIONS = 4_096;

export type Answer = Reply | { frames: Array<string | Uint8Array> };

/** A transfer's owner on the encrypted port: the device, whatever connection it comes by. */
export function deviceOwner(device: Device): string {
  return `d:${device.key}`;
}

export class DeviceGate {
  private readonly sessions = new Map<string, Session>();
  private readonly batches = new Map<string, Batch>();
  /** Open batches per owner, so that an OFFER counts its device's without looking at all. */
  private readonly batchesOf = new Map<string, number>();
  /** Questions to the receiving person still open: withdrawn when the receiver stops. */
  private readonly asking = new Set<() => void>();
  /** Batch ids of offers being decided. */
  private readonly offering = new Set<string>();
  /** Offers being decided, per device owner. */
  private readonly deciding = new Map<string, number>();

  constructor(private readonly config: GateConfig) {}

  /** The handshake's verdict (ZAP): blocked devices never connect, nor unknown ones where only known devices may. */
  async allow(publicKey: Buffer): Promise<Admission> {
    const status = await this.config.book.status(keyText(publicKey));
    if (status === 'known') return 'known';
    return status !== 'blocked' && this.config.accept !== 'known' ? 'stranger' : null;
  }

  /** The device a connection proved it is, or null. */
  deviceOf(peerKey: string): Device | null {
    return this.sessions.get(peerKey)?.device ?? null;
  }

  /** The device of a connection, or the `denied` error every request before AUTH gets. */
  requireDevice(peerKey: string): Device {
    const session = this.sessions.get(peerKey);
    if (!session?.device) throw new ProtocolError('denied', 'authenticate first (CHALLENGE, then AUTH)');
    // A connection in use is never forgotten as quiet.
    this.heard(peerKey, session);
    return session.device;
  }

  handle(peerKey: string, request: Exclude<ExtensionRequest, { cmd: 'RESUME' }>): Promise<Answer> | Answer {
    const session = this.session(peerKey);
    switch (request.cmd) {
      case 'KEY':
        return errorReply('bad-request', 'KEY is asked on the plain port');
      case 'CHALLENGE':
        session.challenge = newChallenge();
        session.device = null;
        return { frames: encodeChallenge(session.challenge, Math.ceil(this.config.askTimeoutMs / 1000)) };
      case 'AUTH':
        return this.auth(session, request);
      case 'OFFER': {
        const device = this.requireDevice(peerKey);
        session.asking++;
        return this.offer(device, request).finally(() => {
          session.asking--;
          // Heard again once answered; a session made room for meanwhile stays gone.
          if (this.sessions.get(peerKey) === session) this.heard(peerKey, session);
        });
      }
    }
  }

  /** A HELLO of `device` in batch `id`: the batch must be its own, accepted, with files left. */
  admit(device: Device, id: string): Batch {
    const batch = this.batches.get(id);
    if (!batch || batch.owner !== deviceOwner(device)) throw new ProtocolError('denied', 'that batch was not offered and accepted; send OFFER first');
    // A file may start again after an error (PROTOCOL.md §9): some HELLOs beyond the count are retries.
    if (batch.hellos >= 2 * batch.files + 16) throw new ProtocolError('denied', `the batch was accepted for ${batch.files} files, and all were started`);
    batch.hellos++;
    batch.lastActivity = Date.now();
    return batch;
  }

  /** Forgets connections and batches quiet for `idleMs`. */
  sweep(idleMs: number): void {
    const before = Date.now() - idleMs;
    for (const [key, session] of this.sessions) if (session.lastHeard < before) this.sessions.delete(key);
    for (const [id, batch] of this.batches) if (batch.lastActivity < before) this.forgetBatch(id, batch);
  }

  /** Withdraws every open question (the receiver stops): each is answered `denied`. */
  close(): void {
    for (const stop of [...this.asking]) stop();
  }

  private forgetBatch(id: string, batch: Batch): void {
    this.batches.delete(id);
    const left = this.batchesOf.get(batch.owner)! - 1;
    if (left === 0) this.batchesOf.delete(batch.owner);
    else this.batchesOf.set(batch.owner, left);
  }

  touch(batchId: string): void {
    const batch = this.batches.get(batchId);
    if (batch) batch.lastActivity = Date.now();
  }

  private session(peerKey: string): Session {
    let session = this.sessions.get(peerKey);
    if (!session) {
      if (this.sessions.size >= MAX_SESSIONS) this.makeRoom();
      session = { challenge: null, device: null, lastHeard: 0, asking: 0 };
    }
    this.heard(peerKey, session);
    return session;
  }

  /** Moved to the end: the map runs from the least to the most recently heard. */
  private heard(peerKey: string, session: Session): void {
    session.lastHeard = Date.now();
    this.sessions.delete(peerKey);
    this.sessions.set(peerKey, session);
  }

  /**
   * Room for one more connection: the least recently heard that has not
   * authenticated goes first, so strangers that only connect never push
   * out a device's session (its next request would be denied); then the
   * least recently heard device not waiting for its person's answer.
   */
  private makeRoom(): void {
    const victim =
      this.first((session) => !session.device && session.asking === 0) ?? this.first((session) => session.asking === 0) ?? this.sessions.keys().next().value!;
    this.sessions.delete(victim);
  }

  /** The least recently heard session that `fits`, if any. */
  private first(fits: (session: Session) => boolean): string | undefined {
    for (const [key, session] of this.sessions) if (fits(session)) return key;
    return undefined;
  }

  private async auth(session: Session, request: Extract<ExtensionRequest, { cmd: 'AUTH' }>): Promise<Reply> {
    const challenge = session.challenge;
    // One proof per challenge: a second AUTH needs a new CHALLENGE.
    session.challenge = null;
    if (!challenge) return errorReply('denied', 'ask for a CHALLENGE first');
    if (!proofHolds(this.config.identity, request.key, challenge, request.proof)) {
      return errorReply('denied', 'the proof does not match the key; this connection cannot act for that device');
    }
    const key = keyText(request.key);
    const status = await this.config.book.status(key);
    if (status === 'blocked') return errorReply('denied', 'this device is blocked here');
    if (status !== 'known' && this.config.accept === 'known') return errorReply('denied', 'only known devices may send here');
    session.device = { key, raw: request.key, name: request.name };
    return READY_REPLY;
  }

  private async offer(device: Device, request: Extract<ExtensionRequest, { cmd: 'OFFER' }>): Promise<Reply> {
    const owner = deviceOwner(device);
    const existing = this.batches.get(request.batch);
    if (existing) return existing.owner === owner ? READY_REPLY : errorReply('denied', 'that batch id is taken');
    // One question per batch id: a second OFFER of it while the first is asked would take the first's place.
    if (this.offering.has(request.batch)) return errorReply('denied', 'that batch id is being decided already');
    // Offers still being decided count too: a device cannot queue questions past its limit.
    const open = (this.batchesOf.get(owner) ?? 0) + (this.deciding.get(owner) ?? 0);
    if (open >= MAX_BATCHES_PER_DEVICE) return errorReply('limit', `you have ${open} batches open here, the most this receiver allows`);
    if (this.batches.size >= MAX_BATCHES) return errorReply('limit', `${this.batches.size} batches are open here, the most this receiver allows; try again later`);
    if (this.asking.size >= MAX_OPEN_QUESTIONS) return errorReply('limit', `the receiving person has ${this.asking.size} questions open; try again later`);
    this.deciding.set(owner, (this.deciding.get(owner) ?? 0) + 1);
    this.offering.add(request.batch);
    let decision: ConsentDecision | 'timeout' | 'stopped';
    try {
      decision = await this.decide(device, request);
    } finally {
      this.offering.delete(request.batch);
      const left = this.deciding.get(owner)! - 1;
      if (left === 0) this.deciding.delete(owner);
      else this.deciding.set(owner, left);
    }
    if (decision === 'block' || decision === 'always') {
      await this.config.book.remember(device.key, device.name, decision === 'block' ? 'blocked' : 'known');
    }
    if (decision !== 'once' && decision !== 'always') {
      const why =
        decision === 'timeout' ? `no answer from the receiving person in ${Math.round(this.config.askTimeoutMs / 1000)} s` : decision === 'stopped' ? 'the receiver stopped before its person answered' : 'the receiving person declined';
      return errorReply('denied', why);
    }
    this.batches.set(request.batch, { id: request.batch, owner, files: request.files, bytes: request.bytes, hellos: 0, lastActivity: Date.now() });
    this.batchesOf.set(owner, (this.batchesOf.get(owner) ?? 0) + 1);
    return READY_REPLY;
  }

  private async decide(device: Device, request: Extract<ExtensionRequest, { cmd: 'OFFER' }>): Promise<ConsentDecision | 'timeout' | 'stopped'> {
    if (this.config.accept === 'anyone') return 'once';
    const status = await this.config.book.status(device.key);
    if (status === 'known') return 'once';
    if (status === 'blocked') return 'decline';
    const offer: BatchOffer = {
      batch: request.batch,
      device: device.name,
      key: device.key,
      fingerprint: fingerprint(device.raw),
      files: request.files,
      bytes: request.bytes,
      first: request.first,
    };
    // The question is withdrawn when its time is up or the receiver stops, so that no dialog outlives it.
    const withdrawn = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let stop: () => void = () => undefined;
    const timeout = new Promise<'timeout' | 'stopped'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.config.askTimeoutMs);
      stop = () => resolve('stopped');
      this.asking.add(stop);
    });
    try {
      return await Promise.race([this.config.ask(offer, withdrawn.signal).catch(() => 'decline' as const), timeout]);
    } finally {
      clearTimeout(timer);
      this.asking.delete(stop);
      withdrawn.abort();
    }
  }
}
