// What the trust work shows a person and what a person decides, shared by
// the engine, the hosts and the renderer (docs/protocol-extensions.md).

/** Who may send to an encrypted receiver. */
export const ACCEPT_POLICIES = ['anyone', 'known', 'ask'] as const;
export type AcceptPolicy = (typeof ACCEPT_POLICIES)[number];

/** A batch a device offers, as the receiving person is asked about it. */
export interface BatchOffer {
  batch: string;
  /** The device's name as it gives it (not verified: the fingerprint is). */
  device: string;
  key: string;
  fingerprint: string;
  files: number;
  bytes: number;
  first: string;
}

/** Accept once, always (the device becomes known), decline, or block the device. */
export const CONSENT_DECISIONS = ['once', 'always', 'decline', 'block'] as const;
export type ConsentDecision = (typeof CONSENT_DECISIONS)[number];

/** How a sender found the receiver's key. */
export type PeerTrust = 'verified' | 'first-contact' | 'pinned' | 'unencrypted';

/** Why an encrypted send could not go ahead; the CLI gives each its own exit code. */
export const TRUST_FAILURES = ['declined', 'not-allowed', 'key-changed', 'key-mismatch', 'unencrypted'] as const;
export type TrustFailureCode = (typeof TRUST_FAILURES)[number];
