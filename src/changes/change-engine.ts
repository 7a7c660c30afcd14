import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ActorContext, auditActor } from '../access/actor-context';
import {
  type AuditAction,
  type AuditEntryInput,
  type AuditOutcome,
  AuditUnavailableError,
  type JsonValue,
  SYSTEM_ACTOR_ID,
} from '../audit/audit-entry';
import type { AuditLog } from '../audit/audit-log';
import { recordRefusal } from '../audit/record-refusal';
import {
  ChimeAccessDeniedError,
  ChimeBadRequestError,
  ChimeError,
  ChimeThrottledError,
  VoiceConnectorNotFoundError,
} from '../chime/chime-errors';
import type { VoiceConnectorRef } from '../chime/voice-connector';
import type { VoiceConnectors } from '../chime/voice-connectors';
import type { Clock } from '../clock';
import type { Logger } from '../logging/logger';
import type { ApprovalPolicy } from '../policy/approval-policy';
import type { ChangeFreezes, Freeze } from '../policy/change-freeze';
import { learnConnectorFacts } from '../policy/connector-facts';
import { firstMatchingRule } from '../policy/policy-rules';
import { type Approval, type ApprovalRule, approvalHelps, quorumProgress, SINGLE_APPROVAL } from './approval-quorum';
import type { ChangeKind, ChangeKinds } from './change-kind';
import {
  AlreadyApprovedError,
  AlreadyDecidedError,
  ApplyInProgressError,
  ApprovalNotNeededError,
  type ChangeData,
  ChangeExpiredError,
  type ChangeRequest,
  ChangeRequestNotFoundError,
  type ChangeStatus,
  ConnectorTagsUnreadableError,
  isFinal,
  NoPolicyRuleError,
  NotBreakGlassMemberError,
  NothingToChangeError,
  NotRequesterError,
  NotRevertibleError,
  newChangeRequestId,
  OpenChangeRequestExistsError,
  ReviewRefusedError,
  RisksNotAcknowledgedError,
  SelfApprovalError,
  SnapshotMovedError,
} from './change-request';
import {
  type ChangeRequestStore,
  OpenRequestLockedError,
  TransitionConflictError,
  type TransitionInput,
} from './change-request-store';
import { type Risk, riskLevelOf, unseenHighRisks } from './change-risk';
import type { SecretSealer } from './secret-sealer';

/** How long a worker's claim on writing an outcome to the audit log holds before another may take it. */
const OUTCOME_AUDIT_CLAIM_MS = 30_000;

export interface ChangeEngineOptions {
  store: ChangeRequestStore;
  voiceConnectors: VoiceConnectors;
  auditLog: AuditLog;
  clock: Clock;
  logger: Logger;
  /** Every change kind the bot offers (the registry's). */
  kinds: ChangeKinds;
  /** Seals and unseals the secrets of kinds that have them; absent when neither KMS_KEY_ID nor SEAL_KEY is set. */
  sealer?: SecretSealer;
  approvalTtlMs: number;
  /** The approval policy; without one, one approval from `APPROVERS` (checked by the caller) is enough. */
  policy?: ApprovalPolicy;
  /** The policy's freeze windows and Change Calendar; none without a policy. */
  freezes?: ChangeFreezes;
  /** How long an apply claim is trusted before another worker may resolve it (default 2 minutes). */
  applyLeaseMs?: number;
  /** Attempts at writing an outcome to the audit log before the job is handed back for redelivery. */
  outcomeAuditAttempts?: number;
  /**
   * Called once a request has been applied, while it is still `applying` (drift detection moves the
   * connector's baseline here, so that a check never takes the bot's own change for drift). It
   * must not throw.
   */
  afterApply?: (request: ChangeRequest) => Promise<void>;
}

export interface NewChangeInput {
  ref: VoiceConnectorRef;
  justification: string;
  /** Hash of the snapshot the form was filled from. */
  beforeHash: string;
  /** The kind's proposal, tagged with its name. */
  proposal: ChangeData;
  /** The sealed secrets of a kind that has them. */
  sealedSecrets?: string;
  /** Unique per submission (the modal's view id): a retried job finds its own request by it. */
  submissionKey: string;
  revertOf?: string;
  purpose?: ChangeRequest['purpose'];
  /** Apply without waiting for approval: members of the policy's break-glass list only. */
  breakGlass?: boolean;
}

/**
 * Change requests from submission to outcome, for every change kind: four eyes, one open request
 * per connector and kind, exactly-once apply, and an audit entry for every step. What is changed
 * belongs to the kind ({@link ChangeKind}); no Slack here: callers render.
 *
 * Write order, per flow (the README's architecture section repeats it):
 * - request: re-read the connector (must still match the form) → store the request and take its
 *   lock → audit `change.request`. If the audit write fails the request is discarded: no audit, no
 *   request.
 * - approve / reject / cancel: conditional transition out of `pending` → audit the decision; if the
 *   audit write fails, the transition is undone and nothing happens.
 * - apply: claim (`approved → applying`) → re-read (stale check) → one Put, SDK retries off →
 *   final status with the outcome → audit the outcome (retried; the request keeps
 *   `outcomeAudited: false` until it is written, and the job is redelivered until then).
 */
export class ChangeEngine {
  private readonly store: ChangeRequestStore;
  private readonly voiceConnectors: VoiceConnectors;
  private readonly auditLog: AuditLog;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly kinds: ChangeKinds;
  private readonly sealer?: SecretSealer;
  private readonly approvalTtlMs: number;
  private readonly policy?: ApprovalPolicy;
  private readonly freezes?: ChangeFreezes;
  private readonly applyLeaseMs: number;
  private readonly outcomeAuditAttempts: number;
  private readonly afterApply?: (request: ChangeRequest) => Promise<void>;

  constructor(options: ChangeEngineOptions) {
    this.store = options.store;
    this.voiceConnectors = options.voiceConnectors;
    this.auditLog = options.auditLog;
    this.clock = options.clock;
    this.logger = options.logger;
    this.kinds = options.kinds;
    this.sealer = options.sealer;
    this.approvalTtlMs = options.approvalTtlMs;
    this.policy = options.policy;
    this.freezes = options.freezes;
    this.applyLeaseMs = options.applyLeaseMs ?? 120_000;
    this.outcomeAuditAttempts = options.outcomeAuditAttempts ?? 3;
    this.afterApply = options.afterApply;
  }

  /** The kind of this name; a name the registry does not list is a programming error. */
  kind(name: string): ChangeKind {
    const kind = this.kinds.get(name);
    if (kind === undefined) throw new Error(`unknown change kind ${JSON.stringify(name)}`);
    return kind;
  }

  /** The id of the open request for this connector and kind, if there is one. */
  openRequestId(voiceConnectorId: string, kind: string): Promise<string | undefined> {
    return this.store.openRequestId(voiceConnectorId, kind, this.clock.now());
  }

  /** Every open request for this connector, one per kind at most (the lock), oldest kind first. */
  async openRequests(voiceConnectorId: string): Promise<ChangeRequest[]> {
    const ids = await Promise.all(
      [...this.kinds.keys()].map((kind) => this.store.openRequestId(voiceConnectorId, kind, this.clock.now())),
    );
    const requests = await Promise.all(
      ids.filter((id): id is string => id !== undefined).map((id) => this.store.get(id)),
    );
    return requests.filter((request): request is ChangeRequest => request !== undefined);
  }

  get(id: string): Promise<ChangeRequest | undefined> {
    return this.store.get(id);
  }

  /** What the connector shows now, for a form to be filled from, and its hash. */
  async snapshot(name: string, ref: VoiceConnectorRef): Promise<{ snapshot: ChangeData; hash: string }> {
    const kind = this.kind(name);
    const snapshot = await kind.read(this.voiceConnectors, ref);
    return { snapshot, hash: kind.hash(snapshot) };
  }

  /**
   * Files a change request. Idempotent per `submissionKey`: a retried job gets its own request back
   * with `created: false`.
   */
  async request(context: ActorContext, input: NewChangeInput): Promise<{ request: ChangeRequest; created: boolean }> {
    const kind = this.kind(input.proposal.kind);
    const proposal = kind.schemas.proposal.parse(input.proposal);
    const refusal = (reason: string, extra: { changeRequestId?: string } = {}) =>
      this.recordRefusal(context, 'change.request', { ref: input.ref, reason, ...extra });

    const breakGlass = this.policy?.breakGlass;
    if (input.breakGlass === true && !breakGlass?.members.includes(context.actor.userId)) {
      await refusal('not-a-break-glass-member');
      throw new NotBreakGlassMemberError(breakGlass !== undefined);
    }

    const openId = await this.store.openRequestId(input.ref.voiceConnectorId, kind.name, this.clock.now());
    if (openId !== undefined) {
      const open = await this.store.get(openId);
      if (open !== undefined && open.submissionKey === input.submissionKey) return { request: open, created: false };
      await refusal('already-open', { changeRequestId: openId });
      throw new OpenChangeRequestExistsError(
        { id: openId, requesterId: open?.requesterId ?? '', message: open?.message },
        kind.noun,
      );
    }

    // The form was filled from a snapshot; the request is only valid against that same state.
    const before = await kind.read(this.voiceConnectors, input.ref);
    if (kind.hash(before) !== input.beforeHash) {
      await refusal('stale-form');
      throw new SnapshotMovedError(kind.noun);
    }
    const nothing = kind.nothingToChange(before, proposal);
    if (nothing !== undefined) {
      await refusal('nothing-to-change');
      throw new NothingToChangeError(nothing);
    }
    const needsSecrets = kind.secrets !== undefined && (kind.secrets.neededFor?.(proposal) ?? true);
    if (needsSecrets && input.sealedSecrets === undefined) {
      throw new Error(`a ${kind.noun} change needs its sealed secrets`);
    }
    const risks = (await kind.assessRisks?.(this.voiceConnectors, input.ref, before, proposal)) ?? [];
    let approval: Awaited<ReturnType<ChangeEngine['approvalRuleFor']>>;
    try {
      approval = await this.approvalRuleFor(input.ref, kind.name, risks);
    } catch (error) {
      if (error instanceof ConnectorTagsUnreadableError) await refusal('connector-tags-unreadable');
      throw error;
    }
    if (approval.rule === undefined) {
      await refusal('no-policy-rule');
      throw new NoPolicyRuleError(approval.subject);
    }

    const now = this.clock.now();
    const freeze = await this.freezes?.current(now);
    const request: ChangeRequest = {
      id: newChangeRequestId((bytes) => randomBytes(bytes)),
      voiceConnectorId: input.ref.voiceConnectorId,
      region: input.ref.region,
      kind: kind.name,
      teamId: context.actor.teamId,
      requesterId: context.actor.userId,
      requesterName: context.actorName ?? context.actor.userName,
      channelId: context.channelId,
      justification: input.justification,
      before,
      beforeHash: input.beforeHash,
      proposed: proposal,
      ...(risks.length > 0 ? { risks } : {}),
      sealedSecrets: needsSecrets ? input.sealedSecrets : undefined,
      status: 'pending',
      ...(this.policy !== undefined ? { approval: approval.rule } : {}),
      ...(freeze !== undefined
        ? {
            freeze: {
              ...freeze,
              effect: input.breakGlass === true ? ('break-glass' as const) : (this.policy?.duringFreeze ?? 'hold'),
            },
          }
        : {}),
      createdAt: now,
      updatedAt: now,
      expiresAt: now + approval.ttlMs,
      submissionKey: input.submissionKey,
      revertOf: input.revertOf,
      ...(input.purpose ? { purpose: input.purpose } : {}),
      ...(input.breakGlass === true ? { breakGlass: true } : {}),
    };

    // The lock first: of two submissions racing for the same connector and kind, only the
    // winner reaches the audit log as `pending`.
    try {
      await this.store.create(request);
    } catch (error) {
      if (!(error instanceof OpenRequestLockedError)) throw error;
      await refusal('already-open', { changeRequestId: error.openRequestId });
      throw new OpenChangeRequestExistsError({ id: error.openRequestId, requesterId: '' }, kind.noun);
    }
    try {
      await this.auditLog.append({
        ...auditActor(context),
        action: 'change.request',
        voiceConnectorId: request.voiceConnectorId,
        region: request.region,
        changeRequestId: request.id,
        outcome: 'pending',
        before: kind.auditSnapshot(before),
        after: kind.auditProposal(before, proposal),
        details: {
          kind: kind.name,
          justification: request.justification,
          expiresAt: new Date(request.expiresAt).toISOString(),
          ...(request.revertOf ? { revertOf: request.revertOf } : {}),
          ...auditRisks(risks),
          ...auditRule(request.approval),
          ...(request.breakGlass ? { breakGlass: true } : {}),
        },
      });
    } catch (error) {
      // Fail closed: a request the audit log does not know about must not exist.
      await this.store.discard(request);
      throw error;
    }
    if (request.breakGlass === true && breakGlass !== undefined) {
      return { request: await this.breakGlassApprove(context, request, breakGlass.reviewWithinHours), created: true };
    }
    return { request, created: true };
  }

  /**
   * A break-glass change approves itself: approved by its requester, audited as break-glass, and
   * listed for review (due in the policy's `reviewWithinHours`). The apply that follows is the
   * usual one: stale check, exactly-once claim; a freeze does not hold it (and it says so).
   */
  private async breakGlassApprove(
    context: ActorContext,
    request: ChangeRequest,
    reviewWithinHours: number,
  ): Promise<ChangeRequest> {
    const now = this.clock.now();
    const dueAt = now + Math.round(reviewWithinHours * 3_600_000);
    const approved = await this.store.transition(request.id, {
      from: ['pending'],
      to: 'approved',
      set: {
        approverId: context.actor.userId,
        approverName: context.actorName ?? context.actor.userName,
        decisionId: request.submissionKey,
        review: { dueAt },
      },
      now,
    });
    try {
      await this.auditLog.append({
        ...auditActor(context),
        action: 'change.approve',
        voiceConnectorId: approved.voiceConnectorId,
        region: approved.region,
        changeRequestId: approved.id,
        outcome: 'approved',
        details: {
          breakGlass: true,
          justification: approved.justification,
          reviewDueAt: new Date(dueAt).toISOString(),
        },
      });
    } catch (error) {
      // Fail closed: a break-glass the audit log does not know about must not be applied.
      const failed = await this.store.transition(approved.id, {
        from: ['approved'],
        to: 'failed',
        set: {
          errorName: 'AuditUnavailable',
          errorMessage: 'The break-glass approval could not be written to the audit log, so nothing was applied.',
          outcomeAudited: false,
        },
        now: this.clock.now(),
      });
      await this.store.releaseLock(failed);
      throw error;
    }
    await this.store.openReview(approved.id, dueAt);
    return approved;
  }

  /**
   * An approver's after-the-fact review of a break-glass change: recorded once, audited
   * (`change.review`), and the change leaves the unreviewed list. The requester cannot review
   * their own. The caller has checked that the actor is an approver of the change's rule.
   */
  async markReviewed(
    context: ActorContext,
    id: string,
    outcome: 'reviewed' | 'revert' = 'reviewed',
  ): Promise<ChangeRequest> {
    const request = await this.store.get(id);
    const refuse = async (reason: string, message: string): Promise<never> => {
      await this.recordRefusal(context, 'change.review', { request, reason, changeRequestId: id });
      throw new ReviewRefusedError(message);
    };
    if (request === undefined) return refuse('not-found', `Change request ${id} was not found.`);
    if (request.review === undefined)
      return refuse('not-break-glass', `${id} is not a break-glass change: there is nothing to review.`);
    if (request.requesterId === context.actor.userId) {
      return refuse('self-review', 'You made this break-glass change, so someone else has to review it.');
    }
    const now = this.clock.now();
    const reviewed = await this.store.markReviewed(id, { reviewedBy: context.actor.userId, reviewedAt: now, outcome });
    if (reviewed === undefined) {
      const by = request.review.reviewedBy;
      return refuse('already-reviewed', `${id} was already reviewed${by ? ` by <@${by}>` : ''}.`);
    }
    await this.auditLog.append({
      ...auditActor(context),
      action: 'change.review',
      voiceConnectorId: reviewed.voiceConnectorId,
      region: reviewed.region,
      changeRequestId: reviewed.id,
      outcome: 'ok',
      details: {
        review: outcome,
        breakGlassBy: reviewed.requesterId,
        dueAt: new Date(request.review.dueAt).toISOString(),
        late: now > request.review.dueAt,
      },
    });
    return reviewed;
  }

  /** The change freeze in effect now, if any (the policy's windows, then its Change Calendar). */
  currentFreeze(): Promise<Freeze | undefined> {
    return this.freezes?.current(this.clock.now()) ?? Promise.resolve(undefined);
  }

  /** Requests waiting for approval and not yet expired, soonest expiry first (the App Home). */
  async pending(limit = 50): Promise<ChangeRequest[]> {
    const now = this.clock.now();
    return (await this.store.pending(limit)).filter((request) => request.expiresAt > now);
  }

  /**
   * Pending requests with `withinMs` or less before expiry whose one reminder nobody has posted
   * yet; each is claimed here (a conditional write), so that of several sweeps only one reminds.
   */
  async dueForReminder(withinMs = 10 * 60_000): Promise<ChangeRequest[]> {
    const now = this.clock.now();
    const due = (await this.store.pending(50)).filter(
      (request) => request.remindedAt === undefined && request.expiresAt > now && request.expiresAt - now <= withinMs,
    );
    const claimed: ChangeRequest[] = [];
    for (const request of due) {
      if (await this.store.claimReminder(request.id, now)) claimed.push(request);
    }
    return claimed;
  }

  /**
   * Unreviewed break-glass changes whose review is due within `withinMs` (or overdue) and not yet
   * reminded; each is claimed here (a conditional write), so that of several sweeps only one reminds.
   */
  async dueForReviewReminder(withinMs = 60 * 60_000): Promise<ChangeRequest[]> {
    const now = this.clock.now();
    const due = (await this.store.unreviewed(50)).filter(
      (request) =>
        request.review !== undefined &&
        request.review.remindedAt === undefined &&
        request.review.dueAt - now <= withinMs,
    );
    const claimed: ChangeRequest[] = [];
    for (const request of due) {
      if (await this.store.claimReviewReminder(request.id, now)) claimed.push(request);
    }
    return claimed;
  }

  /** Break-glass changes waiting for their review, oldest due first. */
  unreviewed(limit = 25): Promise<ChangeRequest[]> {
    return this.store.unreviewed(limit);
  }

  /** Records where the approval message lives. */
  async attachMessage(id: string, message: { channelId: string; ts: string }): Promise<void> {
    await this.store.annotate(id, { message });
  }

  /** Records that the requester was shown where the request waits. */
  async noteRequesterConfirmed(id: string): Promise<void> {
    await this.store.annotate(id, { requesterConfirmed: true });
  }

  /** Records a message promising that the bot finishes the request by itself, to update when it has. */
  async attachFollowUp(id: string, followUp: { channelId: string; ts: string }): Promise<void> {
    await this.store.annotate(id, { followUp });
  }

  /**
   * The rule a new request falls under: the policy's first matching rule (its connector, kind and
   * highest risk), or one approval from `APPROVERS` without a policy. `rule` is undefined when a
   * policy has no rule for it; `subject` says what was looked for.
   */
  private async approvalRuleFor(
    ref: VoiceConnectorRef,
    kind: string,
    risks: readonly Risk[],
  ): Promise<{ rule?: ApprovalRule; ttlMs: number; subject: string }> {
    const risk = riskLevelOf(risks);
    const subject = `a ${kind} change to ${ref.voiceConnectorId} with risk ${risk}`;
    if (this.policy === undefined) return { rule: SINGLE_APPROVAL, ttlMs: this.approvalTtlMs, subject };
    const facts = await learnConnectorFacts(this.voiceConnectors, this.policy, ref);
    // Fail closed: tags that cannot be read refuse the request, never a subject without tags that
    // would fall through to a later rule; a name that cannot be read fails the request as the read did.
    if (facts.tags !== undefined && 'unreadable' in facts.tags) {
      throw new ConnectorTagsUnreadableError(ref.voiceConnectorId, facts.tags.unreadable, { cause: facts.tags.cause });
    }
    if (facts.name !== undefined && 'unreadable' in facts.name) throw facts.name.cause;
    const connectorName = facts.name?.value;
    const tags = facts.tags?.value;
    const match = firstMatchingRule(this.policy, {
      voiceConnectorId: ref.voiceConnectorId,
      connectorName,
      ...(tags !== undefined ? { tags } : {}),
      kind,
      risk,
    });
    if (match === undefined) return { ttlMs: this.approvalTtlMs, subject };
    const { rule } = match;
    return {
      rule: {
        rule: rule.name,
        position: match.index + 1,
        why: match.why,
        needed: rule.approvals,
        approvers: rule.approvers,
        requireFrom: rule.requireFrom ?? [],
      },
      ttlMs: rule.ttlMinutes !== undefined ? Math.round(rule.ttlMinutes * 60_000) : this.approvalTtlMs,
      subject,
    };
  }

  /**
   * Counts an approval of a pending request; the one that completes its quorum approves it. The
   * caller has checked that the actor may approve this request (its rule's approvers) and says
   * which of the rule's `requireFrom` groups the actor is in. Each approval is one conditional
   * write that expects the number of approvals the approver saw: of simultaneous approvals each
   * is counted once (a lost race reads again and retries), exactly one completes the quorum and
   * approves, and the same person never counts twice. A request with high risks is approved only
   * with every one of them acknowledged (by its code): the approver was shown them.
   */
  async approve(
    context: ActorContext,
    id: string,
    decisionId?: string,
    acknowledgedRisks: readonly string[] = [],
    approverGroups: readonly string[] = [],
  ): Promise<ChangeRequest> {
    const actorId = context.actor.userId;
    for (let attempt = 1; ; attempt += 1) {
      const request = await this.pendingForDecision(context, id, 'change.approve');
      const selfApproval = await this.selfDecision(context, request, 'approve');
      if (selfApproval) throw selfApproval;
      const unacknowledged = (request.risks ?? []).filter(
        (risk) => risk.level === 'high' && !acknowledgedRisks.includes(risk.code),
      );
      if (unacknowledged.length > 0) {
        await this.recordRefusal(context, 'change.approve', { request, reason: 'risks-not-acknowledged' });
        throw new RisksNotAcknowledgedError(unacknowledged);
      }
      const rule = request.approval ?? SINGLE_APPROVAL;
      const approvals = request.approvals ?? [];
      if (approvals.some((approval) => approval.userId === actorId)) {
        await this.recordRefusal(context, 'change.approve', { request, reason: 'already-approved' });
        throw new AlreadyApprovedError(request.id, quorumProgress(rule, approvals));
      }
      const groups = rule.requireFrom.filter((group) => approverGroups.includes(group));
      if (!approvalHelps(rule, approvals, groups)) {
        await this.recordRefusal(context, 'change.approve', { request, reason: 'approval-not-needed' });
        throw new ApprovalNotNeededError(request.id, quorumProgress(rule, approvals).missingGroups);
      }
      const now = this.clock.now();
      const approval: Approval = {
        userId: actorId,
        ...((context.actorName ?? context.actor.userName) ? { name: context.actorName ?? context.actor.userName } : {}),
        at: now,
        groups,
        ...(decisionId !== undefined ? { decisionId } : {}),
      };
      const next = [...approvals, approval];
      const complete = quorumProgress(rule, next).complete;
      try {
        return await this.decide(context, request, 'change.approve', {
          from: ['pending'],
          to: complete ? 'approved' : 'pending',
          notRequester: actorId,
          expectApprovalCount: approvals.length,
          set: {
            approvals: next,
            approvalCount: next.length,
            ...(complete
              ? { approverId: actorId, approverName: context.actorName ?? context.actor.userName, decisionId }
              : {}),
          },
          now,
        });
      } catch (error) {
        // Another approval landed between the read and the write: read again and count this one after it.
        if (!(error instanceof ApprovalRaceError) || attempt >= 50) throw error;
        await sleep(Math.floor(Math.random() * 20));
      }
    }
  }

  async reject(context: ActorContext, id: string, reason: string, decisionId?: string): Promise<ChangeRequest> {
    const request = await this.pendingForDecision(context, id, 'change.reject');
    const selfRejection = await this.selfDecision(context, request, 'reject');
    if (selfRejection) throw selfRejection;
    return this.decide(context, request, 'change.reject', {
      from: ['pending'],
      to: 'rejected',
      notRequester: context.actor.userId,
      set: { deciderId: context.actor.userId, reason, decisionId },
      now: this.clock.now(),
    });
  }

  async cancel(context: ActorContext, id: string, decisionId?: string): Promise<ChangeRequest> {
    const request = await this.pendingForDecision(context, id, 'change.cancel');
    if (request.requesterId !== context.actor.userId) {
      await this.recordRefusal(context, 'change.cancel', { request, reason: 'not-requester' });
      throw new NotRequesterError();
    }
    return this.decide(context, request, 'change.cancel', {
      from: ['pending'],
      to: 'cancelled',
      set: { deciderId: context.actor.userId, decisionId },
      now: this.clock.now(),
    });
  }

  /**
   * The four-eyes rule, in the one place it is decided: whoever asked for a change may not
   * approve or reject it. Returns the (audited) refusal when the actor is the requester, for the
   * caller to throw or to show; `undefined` otherwise. The worker asks before any access check,
   * so that a requester who is also an approver is told the rule itself.
   */
  async selfDecision(
    context: ActorContext,
    request: ChangeRequest,
    decision: 'approve' | 'reject',
  ): Promise<SelfApprovalError | undefined> {
    if (request.requesterId !== context.actor.userId) return undefined;
    await this.recordRefusal(context, decision === 'approve' ? 'change.approve' : 'change.reject', {
      request,
      reason: 'self-approval',
    });
    return new SelfApprovalError(decision);
  }

  /** Loads a request that must be pending and unexpired; audits and throws otherwise. */
  private async pendingForDecision(context: ActorContext, id: string, action: AuditAction): Promise<ChangeRequest> {
    const request = await this.store.get(id);
    if (request === undefined) {
      await this.recordRefusal(context, action, { reason: 'not-found', changeRequestId: id });
      throw new ChangeRequestNotFoundError(id);
    }
    if (request.status !== 'pending') {
      await this.recordRefusal(context, action, { request, reason: `already-${request.status}` });
      throw new AlreadyDecidedError(request.status, request);
    }
    if (request.expiresAt <= this.clock.now()) {
      await this.recordRefusal(context, action, { request, reason: 'expired' });
      await this.expire(request);
      throw new ChangeExpiredError(id);
    }
    return request;
  }

  private async decide(
    context: ActorContext,
    request: ChangeRequest,
    action: AuditAction,
    transition: TransitionInput,
  ): Promise<ChangeRequest> {
    let decided: ChangeRequest;
    try {
      decided = await this.store.transition(request.id, transition);
    } catch (error) {
      if (!(error instanceof TransitionConflictError)) throw error;
      const current = error.current;
      if (
        transition.expectApprovalCount !== undefined &&
        current?.status === 'pending' &&
        current.requesterId !== context.actor.userId
      ) {
        throw new ApprovalRaceError();
      }
      await this.recordRefusal(context, action, { request, reason: `already-${current?.status ?? 'gone'}` });
      if (current?.requesterId === context.actor.userId && transition.notRequester !== undefined) {
        throw new SelfApprovalError('decide');
      }
      throw new AlreadyDecidedError(current?.status ?? 'expired', current);
    }
    try {
      await this.auditLog.append({
        ...auditActor(context),
        action,
        voiceConnectorId: decided.voiceConnectorId,
        region: decided.region,
        changeRequestId: decided.id,
        outcome: decided.status as AuditOutcome,
        ...(transition.to === 'rejected' ? { details: { reason: decided.reason ?? '' } } : {}),
        ...(action === 'change.approve' ? { details: auditApproval(decided) } : {}),
      });
    } catch (error) {
      if (!(error instanceof AuditUnavailableError)) throw error;
      // Fail closed: a decision that is not in the audit log did not happen. A rejection or a
      // cancellation is final, so the store dropped the sealed secrets with it: put them back.
      const approvals = request.approvals ?? [];
      await this.store.transition(decided.id, {
        from: [decided.status],
        to: 'pending',
        ...(transition.expectApprovalCount !== undefined ? { expectApprovalCount: decided.approvalCount ?? 0 } : {}),
        set: {
          sealedSecrets: request.sealedSecrets,
          ...(action === 'change.approve' ? { approvals, approvalCount: approvals.length } : {}),
        },
        remove: ['approverId', 'approverName', 'decisionId', 'deciderId', 'reason'],
        now: this.clock.now(),
      });
      throw error;
    }
    if (isFinal(decided.status)) await this.store.releaseLock(decided);
    return decided;
  }

  /**
   * Applies an approved request, at most once on the wire. Safe to call again for the same
   * request (a double click, a duplicate or retried job): whoever finds the claim taken does not
   * call Chime, and a claim whose worker died is resolved by re-reading the connector.
   */
  async apply(id: string): Promise<ChangeRequest> {
    return (await this.applyAndReport(id)).request;
  }

  /**
   * {@link apply}, also saying whether this call finished the request (`finishedNow`): only the
   * worker that made the final transition tells the requester, however many found it done.
   */
  async applyAndReport(id: string): Promise<{ request: ChangeRequest; finishedNow: boolean; heldNow?: boolean }> {
    for (;;) {
      const request = await this.store.get(id);
      if (request === undefined) throw new ChangeRequestNotFoundError(id);
      if (isFinal(request.status)) {
        await this.ensureOutcomeAudited(request);
        return { request, finishedNow: false };
      }
      if (request.status === 'pending') throw new Error(`change request ${id} is not approved`);
      if (request.status === 'applying') {
        const age = this.clock.now() - (request.claimedAt ?? 0);
        if (age < this.applyLeaseMs) {
          throw new ApplyInProgressError(`Change request ${id} is being applied by another worker.`);
        }
        return { request: await this.resolveInterrupted(request), finishedNow: true };
      }
      const frozen = await this.frozenApply(request);
      if (frozen !== undefined) return frozen;
      const claimToken = randomUUID();
      let claimed: ChangeRequest;
      try {
        claimed = await this.store.transition(id, {
          from: ['approved'],
          to: 'applying',
          set: { claimToken, claimedAt: this.clock.now() },
          ...(request.freeze?.effect === 'hold' ? { remove: ['freeze'] as const } : {}),
          now: this.clock.now(),
        });
      } catch (error) {
        if (error instanceof TransitionConflictError) continue;
        throw error;
      }
      return { request: await this.applyClaimed(claimed, claimToken), finishedNow: true };
    }
  }

  /**
   * An approved request during a change freeze: under `hold` it waits, approved, until the first
   * sweep after the freeze (it does not expire meanwhile); under `refuse` it fails, audited. A
   * break-glass change goes ahead, and says it did so during the freeze. `undefined`: apply now.
   */
  private async frozenApply(
    request: ChangeRequest,
  ): Promise<{ request: ChangeRequest; finishedNow: boolean; heldNow?: boolean } | undefined> {
    if (this.freezes === undefined) return undefined;
    const freeze: Freeze | undefined = await this.freezes.current(this.clock.now());
    if (freeze === undefined) return undefined;
    if (request.breakGlass === true) {
      const noted = { ...freeze, effect: 'break-glass' as const };
      await this.store.annotate(request.id, { freeze: noted });
      return undefined;
    }
    const until = freeze.until !== undefined ? ` until ${new Date(freeze.until).toISOString()}` : '';
    if (this.policy?.duringFreeze === 'refuse') {
      try {
        const refused = await this.store.transition(request.id, {
          from: ['approved'],
          to: 'failed',
          set: {
            freeze: { ...freeze, effect: 'refuse' },
            errorName: 'ChangeFreeze',
            errorMessage: `Not applied: the change freeze ${freeze.name} is in effect${until}, and the approval policy refuses changes during a freeze.`,
            outcomeAudited: false,
          },
          now: this.clock.now(),
        });
        await this.store.releaseLock(refused);
        await this.ensureOutcomeAudited(refused);
        return { request: refused, finishedNow: true };
      } catch (error) {
        if (error instanceof TransitionConflictError) return { request, finishedNow: false };
        throw error;
      }
    }
    const held = { ...freeze, effect: 'hold' as const };
    // `heldNow`: this call put the hold on (the first to see the freeze), so it is told once.
    const heldNow = request.freeze?.effect !== 'hold';
    if (request.freeze?.name !== held.name || request.freeze.until !== held.until || request.freeze.effect !== 'hold') {
      await this.store.annotate(request.id, { freeze: held });
    }
    return { request: { ...request, freeze: held }, finishedNow: false, heldNow };
  }

  private async applyClaimed(request: ChangeRequest, claimToken: string): Promise<ChangeRequest> {
    const ref = refOf(request);
    const kind = this.kind(request.kind);
    let current: ChangeData;
    try {
      current = await kind.read(this.voiceConnectors, ref);
    } catch (error) {
      if (!(error instanceof ChimeError)) throw error;
      return this.finish(request, claimToken, 'failed', { errorName: errorNameOf(error), errorMessage: error.message });
    }
    if (kind.hash(current) !== request.beforeHash) {
      return this.finish(request, claimToken, 'stale', {
        errorMessage: 'The connector changed after this request was made; nothing was applied.',
      });
    }
    // The guardrails again, on what the connector shows now: a high risk nobody approved stops it.
    let unseen: Risk[];
    try {
      const { before, proposal } = storedValues(kind, request);
      const found = (await kind.assessRisks?.(this.voiceConnectors, ref, before, proposal)) ?? [];
      unseen = unseenHighRisks(found, request.risks ?? []);
    } catch (error) {
      if (!(error instanceof ChimeError)) throw error;
      return this.finish(request, claimToken, 'failed', { errorName: errorNameOf(error), errorMessage: error.message });
    }
    if (unseen.length > 0) {
      return this.finish(request, claimToken, 'stale', {
        errorName: 'UnapprovedRisk',
        errorMessage: `A high risk appeared after the request was approved, so nothing was applied: ${unseen.map((risk) => risk.summary).join(' ')}`,
      });
    }

    let secrets: unknown;
    if (kind.secrets !== undefined && (kind.secrets.neededFor?.(request.proposed) ?? true)) {
      try {
        secrets = kind.secrets.schema.parse(await this.unseal(request));
      } catch (error) {
        this.logger.error({ err: error, changeRequestId: request.id }, 'could not unseal the secrets of a change');
        return this.finish(request, claimToken, 'failed', {
          errorName: 'SecretsUnavailable',
          errorMessage: `The encrypted ${kind.noun} could not be decrypted, so nothing was sent to Chime. Submit the change again.`,
        });
      }
    }

    const started = this.clock.now();
    try {
      const { before, proposal } = storedValues(kind, request);
      const after = await kind.apply(this.voiceConnectors, ref, { before, proposal, secrets });
      return this.finish(request, claimToken, 'applied', { after, latencyMs: this.clock.now() - started });
    } catch (error) {
      if (!(error instanceof ChimeError)) throw error;
      const latencyMs = this.clock.now() - started;
      // Anything but a clean refusal (AWS said no before doing anything) leaves the outcome open:
      // a timeout, a 5xx, a 200 whose body cannot be read. The Put may have landed: look before saying.
      if (!isCleanRefusal(error) && (await this.appliedNow(request, kind))) {
        return this.finish(request, claimToken, 'applied', {
          latencyMs,
          errorMessage: `Chime answered ${errorNameOf(error)}, but the connector now matches the request.`,
        });
      }
      return this.finish(request, claimToken, 'failed', {
        errorName: errorNameOf(error),
        errorMessage: error.message,
        latencyMs,
      });
    }
  }

  /** A worker claimed the request and never finished: decide from what the connector shows now. */
  private async resolveInterrupted(request: ChangeRequest): Promise<ChangeRequest> {
    const claimToken = request.claimToken ?? '';
    let matches: boolean;
    try {
      matches = await this.appliedNow(request, this.kind(request.kind));
    } catch (error) {
      if (!(error instanceof ChimeError)) throw error;
      matches = false;
    }
    if (matches) {
      return this.finish(request, claimToken, 'applied', {
        errorMessage: 'The apply was interrupted; the connector matches the request, so it is recorded as applied.',
      });
    }
    return this.finish(request, claimToken, 'failed', {
      errorName: 'OutcomeUnknown',
      errorMessage:
        'The apply was interrupted and the connector does not show the requested values: outcome unknown, check and resubmit.',
    });
  }

  private async appliedNow(request: ChangeRequest, kind: ChangeKind): Promise<boolean> {
    const current = await kind.read(this.voiceConnectors, refOf(request));
    const { before, proposal } = storedValues(kind, request);
    return kind.appliedIn(current, before, proposal);
  }

  private async finish(
    request: ChangeRequest,
    claimToken: string,
    status: Extract<ChangeStatus, 'applied' | 'failed' | 'stale'>,
    outcome: Pick<ChangeRequest, 'errorName' | 'errorMessage' | 'after' | 'latencyMs'>,
  ): Promise<ChangeRequest> {
    // While the request is still `applying`, so that a drift check sees it in flight until the hook is done.
    if (status === 'applied') await this.afterApply?.(request);
    const finished = await this.store.transition(request.id, {
      from: ['applying'],
      to: status,
      claimToken,
      set: { ...outcome, outcomeAudited: false },
      now: this.clock.now(),
    });
    await this.store.releaseLock(finished);
    await this.ensureOutcomeAudited(finished);
    return finished;
  }

  /**
   * Writes a finished request's outcome to the audit log if it is not there yet. Retries; when
   * the log stays unavailable it throws, and the job is redelivered until the entry is written.
   */
  private async ensureOutcomeAudited(request: ChangeRequest): Promise<boolean> {
    if (request.outcomeAudited !== false) return false;
    const kind = this.kind(request.kind);
    const { before, proposal, after } = storedValues(kind, request);
    const action: AuditAction =
      request.status === 'expired'
        ? 'change.expire'
        : request.approverId === undefined
          ? 'change.request'
          : 'change.apply';
    const entry: AuditEntryInput = {
      actorUserId: SYSTEM_ACTOR_ID,
      actorName: 'chime-voice-ops',
      actorTeamId: request.teamId,
      action,
      voiceConnectorId: request.voiceConnectorId,
      region: request.region,
      changeRequestId: request.id,
      outcome: request.status as AuditOutcome,
      ...(request.errorName ? { errorName: request.errorName } : {}),
      ...(request.errorMessage ? { errorMessage: request.errorMessage } : {}),
      ...(request.latencyMs !== undefined ? { latencyMs: request.latencyMs } : {}),
      before: kind.auditSnapshot(before),
      after: kind.auditOutcome(before, proposal, after),
      details: {
        kind: request.kind,
        approverId: request.approverId ?? '',
        requesterId: request.requesterId,
        ...(request.breakGlass ? { breakGlass: true } : {}),
        ...((request.approvals ?? []).length > 1
          ? { approverIds: (request.approvals ?? []).map((approval) => approval.userId) }
          : {}),
        ...auditRisks(request.risks ?? []),
      },
    };
    // Of several workers finding the outcome unaudited (a double click, a duplicate delivery, the
    // sweep), only the one holding the claim writes it.
    if (!(await this.store.claimOutcomeAudit(request.id, this.clock.now(), OUTCOME_AUDIT_CLAIM_MS))) return false;
    for (let attempt = 1; ; attempt += 1) {
      try {
        // A worker that died between the append and recording it leaves the entry behind: not twice.
        const existing = await this.auditLog.forChangeRequest(request.id);
        if (!existing.some((logged) => logged.action === action && logged.outcome === entry.outcome)) {
          await this.auditLog.append(entry);
        }
        await this.store.settleOutcomeAudit(request.id, true);
        return true;
      } catch (error) {
        this.logger.error({ err: error, changeRequestId: request.id, attempt }, 'could not audit a change outcome');
        if (attempt >= this.outcomeAuditAttempts) {
          await this.store.settleOutcomeAudit(request.id, false).catch((releaseError: unknown) => {
            this.logger.error(
              { err: releaseError, changeRequestId: request.id },
              'could not release an outcome audit claim',
            );
          });
          throw new AuditUnavailableError('The outcome is recorded on the request but not yet in the audit log', {
            cause: error,
          });
        }
        await sleep(100 * 2 ** attempt);
      }
    }
  }

  /**
   * The scheduled sweep: expires overdue pending requests, carries on with approved requests whose
   * worker never started (or died after claiming, once the lease has run out), and writes outcomes
   * still missing from the audit log. Returns the requests it brought to an end, whose messages
   * and requesters the caller then updates. One request's failure does not stop the others.
   */
  async sweep(limit = 25): Promise<ChangeRequest[]> {
    const ended = await this.expireDue(limit);
    const now = this.clock.now();
    const stalled = [
      ...(await this.store.inFlight('approved', limit)).filter(
        (request) => now - request.updatedAt >= this.applyLeaseMs,
      ),
      ...(await this.store.inFlight('applying', limit)).filter(
        (request) => now - (request.claimedAt ?? 0) >= this.applyLeaseMs,
      ),
    ];
    for (const request of stalled) {
      try {
        const { request: applied, finishedNow } = await this.applyAndReport(request.id);
        if (finishedNow) ended.push(applied);
      } catch (error) {
        this.logger.error({ err: error, changeRequestId: request.id }, 'sweep could not finish a change request');
      }
    }
    // An outcome still unaudited belongs to a worker that gave up before telling anyone (the audit
    // write comes first): once it is in the log, its messages are the sweep's to update.
    for (const request of await this.store.inFlight('unaudited', limit)) {
      const audited = await this.ensureOutcomeAudited(request).catch((error: unknown) => {
        this.logger.error({ err: error, changeRequestId: request.id }, 'sweep could not audit a change outcome');
        return false;
      });
      if (audited && !ended.some((other) => other.id === request.id)) {
        ended.push({ ...request, outcomeAudited: true });
      }
    }
    return ended;
  }

  /** Marks overdue pending requests expired (the scheduled sweep); returns those it expired. */
  async expireDue(limit = 25): Promise<ChangeRequest[]> {
    const due = await this.store.expiredPending(this.clock.now(), limit);
    const expired: ChangeRequest[] = [];
    for (const request of due) {
      const result = await this.expire(request);
      if (result) expired.push(result);
    }
    return expired;
  }

  /**
   * Ends a pending request that cannot go on through no one's decision (its approval message
   * could not be posted): `failed`, with the reason, audited; a new request can then be made.
   */
  async abandon(id: string, errorName: string, errorMessage: string): Promise<ChangeRequest | undefined> {
    try {
      const failed = await this.store.transition(id, {
        from: ['pending'],
        to: 'failed',
        set: { errorName, errorMessage, outcomeAudited: false },
        now: this.clock.now(),
      });
      await this.store.releaseLock(failed);
      await this.ensureOutcomeAudited(failed);
      return failed;
    } catch (error) {
      if (error instanceof TransitionConflictError) return undefined;
      throw error;
    }
  }

  private async expire(request: ChangeRequest): Promise<ChangeRequest | undefined> {
    try {
      const expired = await this.store.transition(request.id, {
        from: ['pending'],
        to: 'expired',
        set: { outcomeAudited: false },
        now: this.clock.now(),
      });
      await this.store.releaseLock(expired);
      await this.ensureOutcomeAudited(expired);
      return expired;
    } catch (error) {
      if (error instanceof TransitionConflictError) return undefined;
      throw error;
    }
  }

  /**
   * Files a new request restoring what an applied request replaced, taken from the audit log
   * (the change table's TTL may have removed the request itself). The kind whose entry it is
   * builds the proposal; a kind that cannot be reverted has no `revertProposal`.
   */
  async revert(
    context: ActorContext,
    id: string,
    submissionKey: string,
  ): Promise<{ request: ChangeRequest; created: boolean }> {
    const entries = await this.auditLog.forChangeRequest(id);
    const applied = entries.find((entry) => entry.action === 'change.apply' && entry.outcome === 'applied');
    const revertible = [...this.kinds.values()].filter((kind) => kind.revertProposal !== undefined);
    const found =
      applied?.voiceConnectorId === undefined || applied.region === undefined
        ? undefined
        : revertible
            .map((kind) => ({ kind, proposal: kind.revertProposal?.(applied.before) }))
            .find((candidate) => candidate.proposal !== undefined);
    if (applied?.voiceConnectorId === undefined || applied.region === undefined || found?.proposal === undefined) {
      await this.recordRefusal(context, 'change.request', { reason: 'not-revertible', changeRequestId: id });
      throw new NotRevertibleError(id, revertible.map((kind) => kind.noun).join(' or '));
    }
    const ref: VoiceConnectorRef = { voiceConnectorId: applied.voiceConnectorId, region: applied.region };
    const current = await found.kind.read(this.voiceConnectors, ref);
    return this.request(context, {
      ref,
      justification: `Revert of ${id}`,
      beforeHash: found.kind.hash(current),
      proposal: found.proposal,
      submissionKey,
      revertOf: id,
    });
  }

  /** Audits a refusal about a request (or a connector). The refusal stands even when the log is down. */
  recordRefusal(
    context: ActorContext,
    action: AuditAction,
    fields: { request?: ChangeRequest; ref?: VoiceConnectorRef; reason: string; changeRequestId?: string },
  ): Promise<void> {
    const { request, ref, reason, changeRequestId } = fields;
    return recordRefusal(this.auditLog, this.logger, context, action, {
      voiceConnectorId: request?.voiceConnectorId ?? ref?.voiceConnectorId,
      region: request?.region ?? ref?.region,
      changeRequestId: request?.id ?? changeRequestId,
      reason,
    });
  }

  private async unseal(request: ChangeRequest): Promise<unknown> {
    if (this.sealer === undefined) throw new Error('changes with secrets need KMS_KEY_ID or SEAL_KEY');
    if (request.sealedSecrets === undefined) throw new Error(`change request ${request.id} has no sealed secrets`);
    return this.sealer.unseal(request.sealedSecrets, request.submissionKey);
  }
}

function refOf(request: ChangeRequest): VoiceConnectorRef {
  return { voiceConnectorId: request.voiceConnectorId, region: request.region };
}

function errorNameOf(error: ChimeError): string {
  return error.context.awsErrorName ?? error.name;
}

/** Thrown inside {@link ChangeEngine.approve} when another approval was counted first: it tries again. */
class ApprovalRaceError extends Error {}

/** The policy rule a request fell under, for its audit entries; nothing without a policy. */
function auditRule(rule: ApprovalRule | undefined): { policyRule?: JsonValue } {
  if (rule?.rule === undefined) return {};
  return {
    policyRule: {
      name: rule.rule,
      position: rule.position ?? 0,
      why: rule.why ?? '',
      approvalsNeeded: rule.needed,
      approvers: rule.approvers,
      requireFrom: rule.requireFrom,
    },
  };
}

/** Where an approval leaves the quorum: `1 of 2`, and the groups still missing. */
function auditApproval(request: ChangeRequest): { [key: string]: JsonValue } {
  const progress = quorumProgress(request.approval ?? SINGLE_APPROVAL, request.approvals ?? []);
  return {
    approvals: `${progress.count} of ${progress.needed}`,
    ...(progress.missingGroups.length > 0 ? { waitingForGroups: progress.missingGroups } : {}),
    ...(request.approval?.rule !== undefined ? { policyRule: request.approval.rule } : {}),
  };
}

/** The risks as an audit entry's details keep them; nothing when there are none. */
function auditRisks(risks: readonly Risk[]): { risks?: JsonValue } {
  return risks.length === 0 ? {} : { risks: risks.map(({ code, level, summary }) => ({ code, level, summary })) };
}

/** A stored request's kind-owned values, checked against the kind's schemas before the kind sees them. */
function storedValues(kind: ChangeKind, request: ChangeRequest) {
  return {
    before: kind.schemas.snapshot.parse(request.before),
    proposal: kind.schemas.proposal.parse(request.proposed),
    after: request.after === undefined ? undefined : kind.schemas.after.parse(request.after),
  };
}

/**
 * AWS refused the call before doing anything (a 4xx: bad input, access denied, throttled, not
 * found): nothing changed, so there is nothing to re-read. Every other failure is ambiguous.
 */
function isCleanRefusal(error: ChimeError): boolean {
  return (
    error instanceof ChimeBadRequestError ||
    error instanceof ChimeAccessDeniedError ||
    error instanceof ChimeThrottledError ||
    error instanceof VoiceConnectorNotFoundError
  );
}
