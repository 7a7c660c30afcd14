import type { ChimeRegion } from '../chime/regions';
import type { Origination } from '../chime/voice-connector';

export type ChangeKind = 'origination' | 'credentials';

/**
 * ```
 * pending ──approve──▶ approved ──claim──▶ applying ──▶ applied | failed | stale
 *    │
 *    ├─reject──▶ rejected      ├─cancel──▶ cancelled      └─expiry──▶ expired
 * ```
 */
export const CHANGE_STATUSES = [
  'pending',
  'approved',
  'applying',
  'applied',
  'failed',
  'rejected',
  'cancelled',
  'expired',
  'stale',
] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

export const FINAL_STATUSES: readonly ChangeStatus[] = [
  'applied',
  'failed',
  'rejected',
  'cancelled',
  'expired',
  'stale',
];

export function isFinal(status: ChangeStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/** The credentials side of a change: usernames only. Passwords live sealed, elsewhere. */
export interface CredentialsSnapshot {
  usernames: string[];
}

export interface CredentialsProposal {
  /** Every username the request sets, in the order typed. */
  usernames: string[];
}

export type ChangeBefore =
  | { kind: 'origination'; origination: Origination }
  | { kind: 'credentials'; credentials: CredentialsSnapshot };
export type ChangeProposal =
  | { kind: 'origination'; origination: Origination }
  | { kind: 'credentials'; credentials: CredentialsProposal };

export interface SlackMessageRef {
  channelId: string;
  ts: string;
}

/** A change request as stored in the change table. */
export interface ChangeRequest {
  id: string;
  voiceConnectorId: string;
  region: ChimeRegion;
  kind: ChangeKind;
  teamId: string;
  requesterId: string;
  requesterName?: string;
  /** Where it was asked from (the requester hears back there). */
  channelId?: string;
  justification: string;
  /** What the connector looked like when the form was opened, and its hash. */
  before: ChangeBefore;
  beforeHash: string;
  proposed: ChangeProposal;
  /** Sealed passwords of a credentials change while it is open; removed when it ends. */
  sealedCredentials?: string;
  status: ChangeStatus;
  approverId?: string;
  approverName?: string;
  /** The click that approved it, so that a redelivered approval job can carry on with the apply. */
  decisionId?: string;
  /** Who rejected or cancelled, and why. */
  deciderId?: string;
  reason?: string;
  createdAt: number;
  updatedAt: number;
  /** Milliseconds since the epoch; checked in code against the injected clock. */
  expiresAt: number;
  /** The approval message in `APPROVAL_CHANNEL`. */
  message?: SlackMessageRef;
  /** The apply claim: who holds it and since when. */
  claimToken?: string;
  claimedAt?: number;
  /** AWS's error when the apply failed, or why the outcome is unknown. */
  errorName?: string;
  errorMessage?: string;
  /** What Chime returned after the apply (origination). */
  after?: Origination;
  /** The usernames the connector has after a credentials apply. */
  afterUsernames?: string[];
  latencyMs?: number;
  /** False while the apply's outcome is stored here but not yet in the audit log. */
  outcomeAudited?: boolean;
  /** When a worker took the right to write the outcome to the audit log. */
  outcomeAuditClaimedAt?: number;
  /** The request this one reverts. */
  revertOf?: string;
  /** Identifies the submission that created it, so a retried job finds its own request. */
  submissionKey: string;
}

/** A human-friendly id: `CR-` and 8 characters of Crockford base32 (about 10^12 values). */
export function newChangeRequestId(random: (bytes: number) => Uint8Array): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  return `CR-${Array.from(random(8), (byte) => alphabet[byte % 32]).join('')}`;
}

export const CHANGE_REQUEST_ID_PATTERN = /^CR-[0-9A-HJKMNP-TV-Z]{8}$/;

// Domain errors: each carries a sentence for the person who acted.

export abstract class ChangeError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class ChangeRequestNotFoundError extends ChangeError {
  readonly code = 'change_not_found';
}

/** Another request for the same connector and kind is still open. */
export class OpenChangeRequestExistsError extends ChangeError {
  readonly code = 'change_already_open';
  constructor(
    readonly existing: Pick<ChangeRequest, 'id' | 'requesterId' | 'message'>,
    message: string,
  ) {
    super(message);
  }
}

export class SelfApprovalError extends ChangeError {
  readonly code = 'self_approval';
}

export class NotRequesterError extends ChangeError {
  readonly code = 'not_requester';
}

/** Someone else decided first, or the request has ended. */
export class AlreadyDecidedError extends ChangeError {
  readonly code = 'already_decided';
  constructor(
    readonly status: ChangeStatus,
    message: string,
  ) {
    super(message);
  }
}

export class ChangeExpiredError extends ChangeError {
  readonly code = 'change_expired';
}

/** The connector no longer matches what the form was filled from. */
export class SnapshotMovedError extends ChangeError {
  readonly code = 'snapshot_moved';
}

export class NothingToChangeError extends ChangeError {
  readonly code = 'nothing_to_change';
}

export class NotRevertibleError extends ChangeError {
  readonly code = 'not_revertible';
}

/** Another worker holds the apply claim and its lease has not run out: try again later. */
export class ApplyInProgressError extends ChangeError {
  readonly code = 'apply_in_progress';
}
