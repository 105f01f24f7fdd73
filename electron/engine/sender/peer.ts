// One receiver the sender sends to: its connection (an encrypted peer's is
// its link's), the files queued for it and those in transit.
import type { PeerAddress } from '../../../shared/peerAddress.js';
import { DEFAULT_SEND_OPTIONS, type SendTrust } from '../../../shared/transfer.js';
import type { ChunkPools } from './chunkPools.js';
import type { Connection } from './connection.js';
import type { Job } from './job.js';
import { JobQueue } from './jobQueue.js';
import type { SecureLink } from './secureLink.js';

export interface Peer {
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
  /** Encrypted peers: buffers of its own while it has files (chunkPools.ts). */
  pools: ChunkPools | null;
}

export function newPeer(endpoint: string, encrypted: boolean): Peer {
  return { endpoint, encrypted, connection: null, link: null, offering: 0, route: null, relinking: false, queue: new JobQueue(), running: new Set(), maxFiles: DEFAULT_SEND_OPTIONS.files, pools: null };
}
