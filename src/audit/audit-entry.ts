import type { ChimeRegion } from '../chime/regions';

/**
 * What an audit entry records. The shapes here are the contract between the services that
 * write the log and `src/audit`, which stores, chains and verifies it.
 */

export const AUDIT_ACTIONS = [
  /** `/chime termination` (or the menu). */
  'read.termination',
  /** `/chime health`: the termination health card (ping, logging, routes, usernames, recent changes). */
  'read.health',
  /** `/chime proxy`. */
  'read.proxy',
  /** `/chime session`. */
  'read.proxy-session',
  /** The origination modal was opened and filled from GetVoiceConnectorOrigination. */
  'read.origination',
  /** The credentials modal was opened and filled from ListVoiceConnectorTerminationCredentials. */
  'read.credentials',
  /** `/chime audit …` list. */
  'audit.list',
  /** `/chime audit verify …`. */
  'audit.verify',
  /** `/chime audit checkpoint`: a signed checkpoint written on demand. */
  'audit.checkpoint',
  /** A slash command or submission that could not be understood (no valid operation). */
  'command',
  'change.request',
  'change.approve',
  'change.reject',
  'change.cancel',
  'change.expire',
  'change.apply',
  /** Drift detection wrote a connector's first baseline (the settings it found when it first saw it). */
  'drift.baseline',
  /** A connector's settings differ from its baseline: a change made outside the bot (or a further one). */
  'drift.detect',
  /** An approver accepted a drift as the connector's new baseline. */
  'drift.accept',
  /** Someone asked for a drift to be reverted: change requests restoring the baseline were opened. */
  'drift.revert',
  /** A drift disappeared (the connector matches its baseline again) and its alert was closed. */
  'drift.close',
  /** A break-glass change marked reviewed by an approver. */
  'change.review',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OUTCOMES = [
  'ok',
  'denied',
  'invalid',
  'failed',
  'pending',
  'approved',
  'rejected',
  'cancelled',
  'expired',
  'stale',
  'applied',
  'detected',
  'accepted',
  'resolved',
] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** A JSON value as stored in DynamoDB and hashed (no `undefined`, no `NaN`, no `Date`). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The actor `system` stands for the bot itself (the expiry sweep, the worker). */
export const SYSTEM_ACTOR_ID = 'system';

/** What a caller hands to `AuditLog.append`. */
export interface AuditEntryInput {
  actorUserId: string;
  actorName?: string;
  actorTeamId: string;
  channelId?: string;
  action: AuditAction;
  /** Only a syntactically valid connector ID; otherwise the entry goes to the workspace chain. */
  voiceConnectorId?: string;
  region?: ChimeRegion;
  changeRequestId?: string;
  outcome: AuditOutcome;
  /** Why a refusal or failure happened, in a word or a short phrase (`self-approval`, `not-authorised`). */
  reason?: string;
  /** The AWS exception name and message when a Chime call failed. */
  errorName?: string;
  errorMessage?: string;
  /** Milliseconds spent in the AWS call, when there was one. */
  latencyMs?: number;
  before?: JsonValue;
  after?: JsonValue;
  /** Anything else worth keeping (proxy session id, justification, the limit asked for). Never a secret. */
  details?: { [key: string]: JsonValue };
}

/** An entry as stored: the input plus identity, time and its place in a hash chain. */
export interface AuditEntry extends AuditEntryInput {
  /** Unique id (UUID v4). */
  id: string;
  /** ISO-8601, UTC, with milliseconds. */
  time: string;
  /** `vc:<voiceConnectorId>` or `ws:<teamId>`. */
  chain: string;
  /** 1, 2, 3, … within the chain, without gaps. */
  seq: number;
  /** SHA-256 (hex) of the previous entry of the chain; 64 zeros for the first. */
  prevHash: string;
  /** SHA-256 (hex) of this entry's canonical serialisation (every field but `hash`). */
  hash: string;
}

/** Thrown by `AuditLog.append` when the entry could not be written: the caller must not act. */
export class AuditUnavailableError extends Error {
  readonly code = 'audit_unavailable';
  constructor(message = 'The audit log is unavailable', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AuditUnavailableError';
  }
}
