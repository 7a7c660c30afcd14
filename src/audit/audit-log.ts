import type { AuditEntry, AuditEntryInput } from './audit-entry';

/** A signed checkpoint's word on one chain: its newest entry when the checkpoint was written. */
export interface CheckpointVoucher {
  /** The checkpoint's object key (`checkpoints/000000000042.json`). */
  key: string;
  number: number;
  /** When it was written (ISO-8601). */
  time: string;
  seq: number;
  hash: string;
  /** With a SIEM stream: the position up to which every record had been delivered to it. */
  streamed?: number;
}

/** Where a chain check stopped, if it did. `checkpoint` names the signed checkpoint that proves it. */
export type ChainBreak =
  | { kind: 'modified'; seq: number; entryId: string; checkpoint?: CheckpointVoucher }
  | { kind: 'removed'; seq: number }
  | { kind: 'inserted'; seq: number; entryId?: string }
  | { kind: 'truncated'; lastSeq: number; headSeq: number; checkpoint?: CheckpointVoucher };

export interface ChainVerification {
  chain: string;
  intact: boolean;
  /** How many entries were checked. */
  entries: number;
  /** The first break found, when not intact. */
  firstBreak?: ChainBreak;
  /** A one-line, human-readable verdict: "intact (12 entries)" or where it breaks. */
  summary: string;
  /** The newest signed checkpoint that matches the table: entries up to its `seq` are vouched for. */
  vouchedBy?: CheckpointVoucher;
}

/**
 * The append-only audit log. Adapters: DynamoDB (`dynamodb-audit-log.ts`) and an in-memory
 * double for narrow unit tests.
 *
 * @example
 * await auditLog.append({ actorUserId: 'U123', actorTeamId: 'T1', action: 'read.termination',
 *   voiceConnectorId: 'abcdef1234567890abcdef', region: 'us-east-1', outcome: 'ok', latencyMs: 84 });
 */
export interface AuditLog {
  /**
   * Appends one entry to the chain of its connector (or its workspace when it names none).
   * Throws `AuditUnavailableError` when the entry could not be written: the caller must then not act.
   */
  append(input: AuditEntryInput): Promise<AuditEntry>;
  /** Newest first, one connector. */
  recentForConnector(voiceConnectorId: string, limit: number): Promise<AuditEntry[]>;
  /** Newest first, across connectors and the workspace chain, one workspace. */
  recentForTeam(teamId: string, limit: number): Promise<AuditEntry[]>;
  /** Newest first, one actor; optionally one connector. */
  recentForActor(userId: string, limit: number, voiceConnectorId?: string): Promise<AuditEntry[]>;
  /** Every entry about one change request, oldest first. */
  forChangeRequest(changeRequestId: string): Promise<AuditEntry[]>;
  /** Recomputes the chain of a connector (`vc:` chain) or of a chain name. */
  verifyConnector(voiceConnectorId: string): Promise<ChainVerification>;
}
