// What a host (CLI, Electron main, browser shell) sees of the engine's actors.
// Each actor runs in its own worker thread; these are its mailboxes.
import type { SendResult } from '../../../shared/ipc.js';
import type { ReceiverLimits } from '../../../shared/protocol.js';
import type { FileProgress, PartialListing, ReceiverStatus, SendOptions, SendTrust } from '../../../shared/transfer.js';
import type { AcceptPolicy, BatchOffer, ConsentDecision } from '../../../shared/trust.js';

export interface ReceiverOptions {
  dir: string;
  /** Endpoints to bind; default ['tcp://*:5670']. */
  bind?: string[];
  limits?: Partial<ReceiverLimits>;
  /** Encrypted, as the device of `configDir`; without it, plain PROTOCOL.md v1 open to anyone. */
  security?: ReceiverSecurityOptions;
}

export interface ReceiverSecurityOptions {
  configDir: string;
  accept: AcceptPolicy;
  acceptPlain: boolean;
  /** How long the receiving person has to answer about a batch; default 60 s. */
  askTimeoutMs?: number;
  /** How long and within how much disk interrupted transfers are kept for resuming. */
  partials?: { keepMs?: number; budgetBytes?: number };
}

export interface ReceiverActorApi {
  /**
   * Starts and stops run one at a time, in the order called; one still
   * waiting when a newer one comes is skipped and resolves (or rejects) as
   * the newest does, so concurrent callers all see the final state.
   */
  start(options: ReceiverOptions): Promise<ReceiverStatus>;
  /** Aborts transfers in transit (their partial data removed) and unbinds. */
  stop(): Promise<ReceiverStatus>;
  status(): ReceiverStatus;
  /** Every file this receiver has seen since it started, for a UI that (re)connects. */
  files(): Promise<FileProgress[]>;
  /** Cancels a file in transit (its partial data removed, its sender told); false if it is not in transit. */
  cancel(fileId: string): Promise<boolean>;
  /** What the running receiver keeps for resuming (none when stopped or plain). */
  partials(): Promise<PartialListing[]>;
  /** Discards one of them; false when it is being received now or gone. */
  discardPartial(id: string): Promise<boolean>;
  /** Coalesced snapshots of files that changed, at most every 100 ms. */
  onProgress(listener: (files: FileProgress[]) => void): () => void;
  onStatus(listener: (status: ReceiverStatus) => void): () => void;
  /** A batch the receiving person is asked about (policy `ask`), and when the question is withdrawn (answered or timed out). */
  onAsk(listener: (offer: BatchOffer) => void): () => void;
  onAskEnded(listener: (batch: string) => void): () => void;
  /** The person's answer about a batch asked with onAsk. */
  answer(batch: string, decision: ConsentDecision): void;
  /** Stops (after the starts and stops already asked for) and ends the worker. */
  close(): Promise<void>;
}

export interface SenderActorApi {
  /** Walks the paths, queues every file, and resolves with their ids. */
  send(endpoint: string, paths: string[], options?: Partial<SendOptions>, trust?: SendTrust): Promise<SendResult>;
  cancel(fileId: string): void;
  /** Sends a failed or cancelled file again, from a new HELLO. */
  retry(fileId: string): void;
  files(): Promise<FileProgress[]>;
  /** Resolves once no file is queued or in transit, after every file's last progress was emitted. */
  idle(): Promise<void>;
  onProgress(listener: (files: FileProgress[]) => void): () => void;
  /** Cancels what is in transit and ends the worker. */
  close(): Promise<void>;
}
