import { z } from 'zod';
import { CHIME_REGIONS } from '../chime/regions';
import { ApprovalRuleSchema, ApprovalSchema } from './approval-quorum';
import { type Risk, RiskSchema } from './change-risk';

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

/**
 * What a change kind keeps of a connector (its snapshot) or of a request (its proposal): an object
 * tagged with the kind's name, whose other members belong to the kind
 * (`{ kind: 'origination', origination: { routes, disabled } }`). The engine stores and passes it
 * on; only the kind reads inside it, through its own schema.
 */
export const ChangeDataSchema = z.object({ kind: z.string().min(1).max(64) }).loose();
export type ChangeData = z.infer<typeof ChangeDataSchema>;

export const SlackMessageRefSchema = z.object({ channelId: z.string(), ts: z.string() });
export type SlackMessageRef = z.infer<typeof SlackMessageRefSchema>;

/**
 * A change request, as the engine keeps it and the change table stores it. Declared once: the
 * TypeScript type and the table's item schema derive from it.
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
export type ChangeRequest = z.infer<typeof ChangeRequestSchema>;

/** A human-friendly id: `CR-` and 8 characters of Crockford base32 (about 10^12 values). */
export function newChangeRequestId(random: (bytes: number) => Uint8Array): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  return `CR-${Array.from(random(8), (byte) => alphabet[byte % 32]).join('')}`;
}

export const CHANGE_REQUEST_ID_PATTERN = /^CR-[0-9A-HJKMNP-TV-Z]{8}$/;

// Domain errors. Each carries the data a message is made of; the Slack side (src/blocks) words
// it, with mentions and channel links. No Slack markup here.

export abstract class ChangeError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class ChangeRequestNotFoundError extends ChangeError {
  readonly code = 'change_not_found';
  constructor(readonly changeRequestId: string) {
    super(`Change request ${changeRequestId} was not found (it may have been cleaned up).`);
  }
}

/** Another request for the same connector and kind is still open. */
export class OpenChangeRequestExistsError extends ChangeError {
  readonly code = 'change_already_open';
  constructor(
    readonly existing: Pick<ChangeRequest, 'id' | 'requesterId' | 'message'>,
    /** The kind's noun (`origination`). */
    readonly noun: string,
  ) {
    super(`There is already an open ${noun} change request for this connector: ${existing.id}.`);
  }
}

/** Who tried to decide on their own request, and what they tried. */
export class SelfApprovalError extends ChangeError {
  readonly code = 'self_approval';
  constructor(readonly decision: 'approve' | 'reject' | 'decide') {
    super(selfApprovalText(decision));
  }
}

/** The four-eyes rule, in the words the person who asked is told. Decided here only. */
export function selfApprovalText(decision: 'approve' | 'reject' | 'decide'): string {
  switch (decision) {
    case 'approve':
      return 'You asked for this change, so someone else has to approve it.';
    case 'reject':
      return 'You asked for this change: cancel it from your confirmation instead of rejecting it.';
    case 'decide':
      return 'You asked for this change, so someone else has to decide on it.';
  }
}

export class NotRequesterError extends ChangeError {
  readonly code = 'not_requester';
  constructor() {
    super('Only the person who asked for a change can cancel it.');
  }
}

/** Someone else decided first, or the request has ended. */
export class AlreadyDecidedError extends ChangeError {
  readonly code = 'already_decided';
  constructor(
    readonly status: ChangeStatus,
    /** The request as it is now, when it still exists. */
    readonly current: Pick<ChangeRequest, 'id' | 'status' | 'approverId' | 'deciderId'> | undefined,
  ) {
    super(current ? `Change request ${current.id} is already ${current.status}.` : 'This request no longer exists.');
  }
}

export class ChangeExpiredError extends ChangeError {
  readonly code = 'change_expired';
  constructor(readonly changeRequestId: string) {
    super(`Change request ${changeRequestId} expired before it was decided. Nothing was changed.`);
  }
}

/** The connector no longer matches what the form was filled from. */
export class SnapshotMovedError extends ChangeError {
  readonly code = 'snapshot_moved';
  constructor(readonly noun: string) {
    super(
      `The ${noun} of this connector changed since you opened the form. Open it again to start from the current settings.`,
    );
  }
}

export class NothingToChangeError extends ChangeError {
  readonly code = 'nothing_to_change';
}

export class NotRevertibleError extends ChangeError {
  readonly code = 'not_revertible';
  /** `nouns`: what can be reverted (`origination`, or `origination or termination`). */
  constructor(
    readonly changeRequestId: string,
    nouns: string,
  ) {
    super(`Change request ${changeRequestId} has no applied ${nouns} in the audit log to revert.`);
  }
}

/** An approval of a request with high risks that did not acknowledge every one of them. */
export class RisksNotAcknowledgedError extends ChangeError {
  readonly code = 'risks_not_acknowledged';
  constructor(readonly risks: readonly Risk[]) {
    super(
      `This change has ${risks.length === 1 ? 'a high risk' : 'high risks'}: approve it with “Approve despite risks”, which names ${risks.length === 1 ? 'it' : 'them'}.`,
    );
  }
}

/** No rule of the approval policy covers this change: it cannot be requested until one does. */
export class NoPolicyRuleError extends ChangeError {
  readonly code = 'no_policy_rule';
  constructor(readonly why: string) {
    super(
      `No rule of the approval policy covers this change (${why}), so nobody could approve it. Ask an admin to add a rule (a last rule without \`match\` covers everything).`,
    );
  }
}

/**
 * Some rule of the approval policy matches on connector tags, and the connector's tags could not be
 * read: the request is refused rather than falling through to a later rule.
 */
export class ConnectorTagsUnreadableError extends ChangeError {
  readonly code = 'connector_tags_unreadable';
  constructor(
    readonly voiceConnectorId: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `The approval policy matches on connector tags, but the tags of ${voiceConnectorId} could not be read (${reason}), so the bot cannot tell which rule applies and refuses the request. Ask an admin to check that the bot may call chime:GetVoiceConnector and chime:ListTagsForResource.`,
      options,
    );
  }
}

/** The approver has already approved this request: nobody counts twice. */
export class AlreadyApprovedError extends ChangeError {
  readonly code = 'already_approved';
  constructor(
    readonly changeRequestId: string,
    readonly progress: { count: number; needed: number; missingGroups: readonly string[] },
  ) {
    super(
      `You already approved ${changeRequestId}; it counts once. ${progress.count} of ${progress.needed} approvals so far.`,
    );
  }
}

/**
 * An approval that could not lead to the quorum: the places left must go to the groups the rule
 * still needs one approval from.
 */
export class ApprovalNotNeededError extends ChangeError {
  readonly code = 'approval_not_needed';
  constructor(
    readonly changeRequestId: string,
    readonly missingGroups: readonly string[],
  ) {
    super(
      `${changeRequestId} still needs an approval from ${missingGroups.join(' and ')}, and you are not a member, so your approval cannot count.`,
    );
  }
}

/** The person is an approver, but not one the rule of this request lists. */
export class NotAnEligibleApproverError extends ChangeError {
  readonly code = 'not_an_eligible_approver';
  constructor(
    readonly changeRequestId: string,
    readonly rule: string | undefined,
    readonly approvers: readonly string[],
  ) {
    super(`${changeRequestId} must be decided by someone its policy rule ${rule ?? ''} lists.`);
  }
}

/** `--break-glass` by someone the policy's break-glass list does not name (or without a policy). */
export class NotBreakGlassMemberError extends ChangeError {
  readonly code = 'not_break_glass_member';
  constructor(hasList: boolean) {
    super(
      hasList
        ? 'You are not on the break-glass list of the approval policy, so this change cannot skip approval. Nothing was changed: submit it without --break-glass to ask for approval.'
        : 'Break-glass needs an approval policy with a breakGlass list. Nothing was changed: submit it without --break-glass to ask for approval.',
    );
  }
}

/** A review of something that is not a break-glass change, already reviewed, or by its own requester. */
export class ReviewRefusedError extends ChangeError {
  readonly code = 'review_refused';
}

/** Another worker holds the apply claim and its lease has not run out: try again later. */
export class ApplyInProgressError extends ChangeError {
  readonly code = 'apply_in_progress';
}

/** Justifications are required and bounded (they are shown in the approval message). */
export const JUSTIFICATION_MAX_LENGTH = 500;

/** Why a justification is not acceptable, or `undefined`. Every change kind's form asks for one. */
export function validateJustification(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return 'Say why this change is needed.';
  if (trimmed.length > JUSTIFICATION_MAX_LENGTH) return `Keep it to ${JUSTIFICATION_MAX_LENGTH} characters or fewer.`;
  return undefined;
}
