import { z } from 'zod';
import { CHIME_REGIONS } from '../chime/regions';
import { ApprovalRuleSchema, ApprovalSchema } from './approval-quorum';
import { CHANGE_STATUSES, ChangeDataSchema, SlackMessageRefSchema } from './change-request';
import { RiskSchema } from './change-risk';

/**
 * A change request, as the engine keeps it and the change table stores it. Declared once: the
 * TypeScript type (`ChangeRequest`, in `change-request.ts`) and the table's item schema derive from
 * it. A module of its own, so that only the functions with the change store (worker, sweep, drift)
 * build it, not the Slack function.
 */
export const ChangeRequestSchema = z.object({
  id: z.string(),
  voiceConnectorId: z.string(),
  region: z.enum(CHIME_REGIONS),
  /** The change kind's name (`origination`, `credentials`, …). */
  kind: z.string().min(1).max(64),
  teamId: z.string(),
  requesterId: z.string(),
  requesterName: z.string().optional(),
  /** Where it was asked from (the requester hears back there). */
  channelId: z.string().optional(),
  justification: z.string(),
  /** What the connector looked like when the form was opened, and its hash. */
  before: ChangeDataSchema,
  beforeHash: z.string(),
  proposed: ChangeDataSchema,
  /** What the kind's guardrails found when the request was made (shown in its message). */
  risks: z.array(RiskSchema).optional(),
  /** The sealed secrets of a kind that has them (passwords), while the request is open; removed when it ends. */
  sealedSecrets: z.string().optional(),
  status: z.enum(CHANGE_STATUSES),
  /** Who must approve and how many (the approval policy's rule); absent: one approval from `APPROVERS`. */
  approval: ApprovalRuleSchema.optional(),
  /** The approvals counted so far, oldest first; the last one completed the quorum. */
  approvals: z.array(ApprovalSchema).optional(),
  /** `approvals.length`, kept for the conditional write that adds the next one. */
  approvalCount: z.number().int().optional(),
  /**
   * A change freeze found when the request was made or when its apply was due: while approved
   * with a freeze, the request waits (the policy's `duringFreeze: hold`) and does not expire.
   */
  freeze: z
    .object({
      name: z.string().max(200),
      source: z.enum(['policy', 'calendar']),
      until: z.number().optional(),
      /** What happens: the apply waits (`hold`), is refused (`refuse`), or goes ahead by break-glass. */
      effect: z.enum(['hold', 'refuse', 'break-glass']),
    })
    .optional(),
  /** Applied without waiting for approval by a member of the policy's break-glass list. */
  breakGlass: z.boolean().optional(),
  /**
   * A break-glass change's after-the-fact review: due by `dueAt`; done when an approver marks it
   * reviewed (or opens a revert).
   */
  review: z
    .object({
      dueAt: z.number(),
      reviewedBy: z.string().optional(),
      reviewedAt: z.number().optional(),
      /** `reviewed`, or `revert` when the review opened a revert request. */
      outcome: z.enum(['reviewed', 'revert']).optional(),
      remindedAt: z.number().optional(),
    })
    .optional(),
  /** When the one reminder before expiry was posted in the message's thread. */
  remindedAt: z.number().optional(),
  /** The last approver: the one whose approval completed the quorum. */
  approverId: z.string().optional(),
  approverName: z.string().optional(),
  /**
   * The click (or form) that decided it, so that a redelivered decision job is known as such: an
   * approval carries on with the apply, a finished one does nothing.
   */
  decisionId: z.string().optional(),
  /** Who rejected or cancelled, and why. */
  deciderId: z.string().optional(),
  reason: z.string().optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** Milliseconds since the epoch; checked in code against the injected clock. */
  expiresAt: z.number(),
  /** The approval message in `APPROVAL_CHANNEL`. */
  message: SlackMessageRefSchema.optional(),
  /** The requester was shown where it waits, so a redelivered submission does not tell them twice. */
  requesterConfirmed: z.boolean().optional(),
  /**
   * A message that told someone the bot would finish this request by itself (a decision whose job
   * gave up half-way); updated with the outcome when the sweep finishes it.
   */
  followUp: SlackMessageRefSchema.optional(),
  /** The apply claim: who holds it and since when. */
  claimToken: z.string().optional(),
  claimedAt: z.number().optional(),
  /** AWS's error when the apply failed, or why the outcome is unknown. */
  errorName: z.string().optional(),
  errorMessage: z.string().optional(),
  /** What the connector shows after the apply, in the kind's own shape. */
  after: z.unknown().optional(),
  latencyMs: z.number().optional(),
  /** False while the apply's outcome is stored here but not yet in the audit log. */
  outcomeAudited: z.boolean().optional(),
  /** When a worker took the right to write the outcome to the audit log. */
  outcomeAuditClaimedAt: z.number().optional(),
  /** The request this one reverts. */
  revertOf: z.string().optional(),
  /** A step of a guided credential rotation: `rotate` adds the new username, `remove-old` removes the old. */
  purpose: z.enum(['rotate', 'remove-old']).optional(),
  /** Identifies the submission that created it, so a retried job finds its own request. */
  submissionKey: z.string(),
});
