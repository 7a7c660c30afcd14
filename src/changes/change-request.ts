import { z } from 'zod';
import type { ChangeRequestSchema } from './change-request-schema';
import type { Risk } from './change-risk';

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
 * A change request, as the engine keeps it and the change table stores it: the type of
 * {@link ChangeRequestSchema} (`change-request-schema.ts`), the one declaration of its fields.
 */
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
