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
import { ChimeError, ChimeUnavailableError } from '../chime/chime-errors';
import type { Origination, TerminationCredential, VoiceConnectorRef } from '../chime/voice-connector';
import type { VoiceConnectors } from '../chime/voice-connectors';
import type { Clock } from '../clock';
import type { Logger } from '../logging/logger';
import { diffCredentials } from './change-diff';
import {
  AlreadyDecidedError,
  ApplyInProgressError,
  type ChangeBefore,
  ChangeExpiredError,
  type ChangeKind,
  type ChangeProposal,
  type ChangeRequest,
  ChangeRequestNotFoundError,
  type ChangeStatus,
  isFinal,
  NothingToChangeError,
  NotRequesterError,
  NotRevertibleError,
  newChangeRequestId,
  OpenChangeRequestExistsError,
  SelfApprovalError,
  SnapshotMovedError,
} from './change-request';
import {
  type ChangeRequestStore,
  OpenRequestLockedError,
  TransitionConflictError,
  type TransitionInput,
} from './change-request-store';
import type { CredentialSealer } from './credential-sealer';
import { credentialsHash, originationHash, sameOrigination } from './snapshot';

/** How long a worker's claim on writing an outcome to the audit log holds before another may take it. */
const OUTCOME_AUDIT_CLAIM_MS = 30_000;

export interface ChangeServiceOptions {
  approvalTtlMs: number;
  /** How long an apply claim is trusted before another worker may resolve it (default 2 minutes). */
  applyLeaseMs?: number;
  /** Attempts at writing an outcome to the audit log before the job is handed back for redelivery. */
  outcomeAuditAttempts?: number;
}

export interface NewChangeInput {
  ref: VoiceConnectorRef;
  justification: string;
  /** Hash of the snapshot the form was filled from. */
  beforeHash: string;
  proposal: ChangeProposal;
  /** The sealed credentials of a credentials change. */
  sealedCredentials?: string;
  /** Unique per submission (the modal's view id): a retried job finds its own request by it. */
  submissionKey: string;
  revertOf?: string;
}

/**
 * Change requests from submission to outcome: four eyes, one open request per connector and
 * kind, exactly-once apply, and an audit entry for every step. No Slack here: callers render.
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
export class ChangeService {
  private readonly applyLeaseMs: number;
  private readonly outcomeAuditAttempts: number;

  constructor(
    private readonly store: ChangeRequestStore,
    private readonly voiceConnectors: VoiceConnectors,
    private readonly auditLog: AuditLog,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly sealer: CredentialSealer | undefined,
    private readonly options: ChangeServiceOptions,
  ) {
    this.applyLeaseMs = options.applyLeaseMs ?? 120_000;
    this.outcomeAuditAttempts = options.outcomeAuditAttempts ?? 3;
  }

  /** The id of the open request for this connector and kind, if there is one. */
  openRequestId(voiceConnectorId: string, kind: ChangeKind): Promise<string | undefined> {
    return this.store.openRequestId(voiceConnectorId, kind, this.clock.now());
  }

  get(id: string): Promise<ChangeRequest | undefined> {
    return this.store.get(id);
  }

  /**
   * Files a change request. Idempotent per `submissionKey`: a retried job gets its own request back
   * with `created: false`.
   */
  async request(context: ActorContext, input: NewChangeInput): Promise<{ request: ChangeRequest; created: boolean }> {
    const kind = input.proposal.kind;
    const refusal = (reason: string, extra: { changeRequestId?: string } = {}) =>
      this.recordRefusal(context, 'change.request', { ref: input.ref, reason, ...extra });

    const openId = await this.store.openRequestId(input.ref.voiceConnectorId, kind, this.clock.now());
    if (openId !== undefined) {
      const open = await this.store.get(openId);
      if (open !== undefined && open.submissionKey === input.submissionKey) return { request: open, created: false };
      await refusal('already-open', { changeRequestId: openId });
      throw new OpenChangeRequestExistsError(
        { id: openId, requesterId: open?.requesterId ?? '', message: open?.message },
        `There is already an open ${kind} change request for this connector: ${openId}${
          open?.message ? ` in <#${open.message.channelId}>` : ''
        }. It must be approved, rejected, cancelled or expire first.`,
      );
    }

    // The form was filled from a snapshot; the request is only valid against that same state.
    const before = await this.currentState(input.ref, kind);
    if (snapshotHash(before) !== input.beforeHash) {
      await refusal('stale-form');
      throw new SnapshotMovedError(
        `The ${kind} of this connector changed since you opened the form. Open it again to start from the current settings.`,
      );
    }
    if (input.proposal.kind === 'origination' && before.kind === 'origination') {
      if (sameOrigination(before.origination, input.proposal.origination)) {
        await refusal('nothing-to-change');
        throw new NothingToChangeError('Nothing to change: the routes and the Disabled setting are the same as now.');
      }
    }
    if (input.proposal.kind === 'credentials' && input.sealedCredentials === undefined) {
      throw new Error('a credentials change needs its sealed credentials');
    }

    const now = this.clock.now();
    const request: ChangeRequest = {
      id: newChangeRequestId((bytes) => randomBytes(bytes)),
      voiceConnectorId: input.ref.voiceConnectorId,
      region: input.ref.region,
      kind,
      teamId: context.actor.teamId,
      requesterId: context.actor.userId,
      requesterName: context.actorName ?? context.actor.userName,
      channelId: context.channelId,
      justification: input.justification,
      before,
      beforeHash: input.beforeHash,
      proposed: input.proposal,
      sealedCredentials: input.sealedCredentials,
      status: 'pending',
      createdAt: now,
      updatedAt: now,
      expiresAt: now + this.options.approvalTtlMs,
      submissionKey: input.submissionKey,
      revertOf: input.revertOf,
    };

    // The lock first: of two submissions racing for the same connector and kind, only the
    // winner reaches the audit log as `pending`.
    try {
      await this.store.create(request);
    } catch (error) {
      if (!(error instanceof OpenRequestLockedError)) throw error;
      await refusal('already-open', { changeRequestId: error.openRequestId });
      throw new OpenChangeRequestExistsError(
        { id: error.openRequestId, requesterId: '' },
        `There is already an open ${kind} change request for this connector: ${error.openRequestId}.`,
      );
    }
    try {
      await this.auditLog.append({
        ...auditActor(context),
        action: 'change.request',
        voiceConnectorId: request.voiceConnectorId,
        region: request.region,
        changeRequestId: request.id,
        outcome: 'pending',
        before: auditValue(request.before),
        after: auditProposal(request),
        details: {
          justification: request.justification,
          expiresAt: new Date(request.expiresAt).toISOString(),
          ...(request.revertOf ? { revertOf: request.revertOf } : {}),
        },
      });
    } catch (error) {
      // Fail closed: a request the audit log does not know about must not exist.
      await this.store.discard(request);
      throw error;
    }
    return { request, created: true };
  }

  /** Records where the approval message lives. */
  async attachMessage(id: string, message: { channelId: string; ts: string }): Promise<void> {
    await this.store.annotate(id, { message });
  }

  /**
   * Approves a pending request. Of simultaneous approvals exactly one wins; the others get
   * {@link AlreadyDecidedError}. The caller has checked that the actor is an approver.
   */
  async approve(context: ActorContext, id: string, decisionId?: string): Promise<ChangeRequest> {
    const request = await this.pendingForDecision(context, id, 'change.approve');
    if (request.requesterId === context.actor.userId) {
      await this.recordRefusal(context, 'change.approve', { request, reason: 'self-approval' });
      throw new SelfApprovalError('You asked for this change, so someone else has to approve it.');
    }
    return this.decide(context, request, 'change.approve', {
      from: ['pending'],
      to: 'approved',
      notRequester: context.actor.userId,
      set: {
        approverId: context.actor.userId,
        approverName: context.actorName ?? context.actor.userName,
        decisionId,
      },
      now: this.clock.now(),
    });
  }

  async reject(context: ActorContext, id: string, reason: string): Promise<ChangeRequest> {
    const request = await this.pendingForDecision(context, id, 'change.reject');
    if (request.requesterId === context.actor.userId) {
      await this.recordRefusal(context, 'change.reject', { request, reason: 'self-approval' });
      throw new SelfApprovalError('You asked for this change: cancel it instead of rejecting it.');
    }
    return this.decide(context, request, 'change.reject', {
      from: ['pending'],
      to: 'rejected',
      notRequester: context.actor.userId,
      set: { deciderId: context.actor.userId, reason },
      now: this.clock.now(),
    });
  }

  async cancel(context: ActorContext, id: string): Promise<ChangeRequest> {
    const request = await this.pendingForDecision(context, id, 'change.cancel');
    if (request.requesterId !== context.actor.userId) {
      await this.recordRefusal(context, 'change.cancel', { request, reason: 'not-requester' });
      throw new NotRequesterError('Only the person who asked for a change can cancel it.');
    }
    return this.decide(context, request, 'change.cancel', {
      from: ['pending'],
      to: 'cancelled',
      set: { deciderId: context.actor.userId },
      now: this.clock.now(),
    });
  }

  /** Loads a request that must be pending and unexpired; audits and throws otherwise. */
  private async pendingForDecision(context: ActorContext, id: string, action: AuditAction): Promise<ChangeRequest> {
    const request = await this.store.get(id);
    if (request === undefined) {
      await this.recordRefusal(context, action, { reason: 'not-found', changeRequestId: id });
      throw new ChangeRequestNotFoundError(`Change request ${id} was not found (it may have been cleaned up).`);
    }
    if (request.status !== 'pending') {
      await this.recordRefusal(context, action, { request, reason: `already-${request.status}` });
      throw new AlreadyDecidedError(request.status, alreadyDecidedMessage(request));
    }
    if (request.expiresAt <= this.clock.now()) {
      await this.recordRefusal(context, action, { request, reason: 'expired' });
      await this.expire(request);
      throw new ChangeExpiredError(`Change request ${id} expired before it was decided. Nothing was changed.`);
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
      await this.recordRefusal(context, action, { request, reason: `already-${current?.status ?? 'gone'}` });
      if (current?.requesterId === context.actor.userId && transition.notRequester !== undefined) {
        throw new SelfApprovalError('You asked for this change, so someone else has to decide on it.');
      }
      throw new AlreadyDecidedError(
        current?.status ?? 'expired',
        current ? alreadyDecidedMessage(current) : 'This request no longer exists.',
      );
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
      });
    } catch (error) {
      if (!(error instanceof AuditUnavailableError)) throw error;
      // Fail closed: a decision that is not in the audit log did not happen. A rejection or a
      // cancellation is final, so the store dropped the sealed passwords with it: put them back.
      await this.store.transition(decided.id, {
        from: [decided.status],
        to: 'pending',
        set: { sealedCredentials: request.sealedCredentials },
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
  async applyAndReport(id: string): Promise<{ request: ChangeRequest; finishedNow: boolean }> {
    for (;;) {
      const request = await this.store.get(id);
      if (request === undefined) throw new ChangeRequestNotFoundError(`Change request ${id} was not found.`);
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
      const claimToken = randomUUID();
      let claimed: ChangeRequest;
      try {
        claimed = await this.store.transition(id, {
          from: ['approved'],
          to: 'applying',
          set: { claimToken, claimedAt: this.clock.now() },
          now: this.clock.now(),
        });
      } catch (error) {
        if (error instanceof TransitionConflictError) continue;
        throw error;
      }
      return { request: await this.applyClaimed(claimed, claimToken), finishedNow: true };
    }
  }

  private async applyClaimed(request: ChangeRequest, claimToken: string): Promise<ChangeRequest> {
    const ref = refOf(request);
    let current: ChangeBefore;
    try {
      current = await this.currentState(ref, request.kind);
    } catch (error) {
      if (!(error instanceof ChimeError)) throw error;
      return this.finish(request, claimToken, 'failed', { errorName: errorNameOf(error), errorMessage: error.message });
    }
    if (snapshotHash(current) !== request.beforeHash) {
      return this.finish(request, claimToken, 'stale', {
        errorMessage: 'The connector changed after this request was made; nothing was applied.',
      });
    }

    const started = this.clock.now();
    try {
      if (request.proposed.kind === 'origination') {
        const after = await this.voiceConnectors.putOrigination(ref, request.proposed.origination);
        return this.finish(request, claimToken, 'applied', { after, latencyMs: this.clock.now() - started });
      }
      let credentials: TerminationCredential[];
      try {
        credentials = await this.unsealFor(request);
      } catch (error) {
        this.logger.error({ err: error, changeRequestId: request.id }, 'could not unseal credentials');
        return this.finish(request, claimToken, 'failed', {
          errorName: 'CredentialsUnavailable',
          errorMessage:
            'The encrypted credentials could not be decrypted, so nothing was sent to Chime. Submit the change again.',
        });
      }
      await this.voiceConnectors.putTerminationCredentials(ref, credentials);
      const latencyMs = this.clock.now() - started;
      // What the connector has now, for the message and the audit log (usernames only; best effort).
      const afterUsernames = await this.voiceConnectors.listTerminationCredentialUsernames(ref).catch(() => undefined);
      return this.finish(request, claimToken, 'applied', { latencyMs, afterUsernames });
    } catch (error) {
      if (!(error instanceof ChimeError)) throw error;
      const latencyMs = this.clock.now() - started;
      // A timeout or a 5xx leaves the outcome open: the Put may have landed. Look before saying.
      if (error instanceof ChimeUnavailableError && (await this.matchesProposal(request))) {
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
      matches = await this.matchesProposal(request);
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

  private async matchesProposal(request: ChangeRequest): Promise<boolean> {
    const current = await this.currentState(refOf(request), request.kind);
    if (request.proposed.kind === 'origination' && current.kind === 'origination') {
      return sameOrigination(current.origination, request.proposed.origination);
    }
    if (
      request.proposed.kind === 'credentials' &&
      current.kind === 'credentials' &&
      request.before.kind === 'credentials'
    ) {
      // Passwords cannot be read back: only brand-new usernames prove the Put landed.
      const diff = diffCredentials(request.before.credentials, request.proposed.credentials);
      return (
        diff.replaced.length === 0 && diff.added.every((username) => current.credentials.usernames.includes(username))
      );
    }
    return false;
  }

  private async finish(
    request: ChangeRequest,
    claimToken: string,
    status: Extract<ChangeStatus, 'applied' | 'failed' | 'stale'>,
    outcome: Pick<ChangeRequest, 'errorName' | 'errorMessage' | 'after' | 'afterUsernames' | 'latencyMs'>,
  ): Promise<ChangeRequest> {
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
  private async ensureOutcomeAudited(request: ChangeRequest): Promise<void> {
    if (request.outcomeAudited !== false) return;
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
      before: auditValue(request.before),
      after: request.after
        ? ({ origination: request.after } as unknown as JsonValue)
        : request.afterUsernames
          ? { ...(auditProposal(request) as { [key: string]: JsonValue }), usernamesNow: request.afterUsernames }
          : auditProposal(request),
      details: { approverId: request.approverId ?? '', requesterId: request.requesterId },
    };
    // Of several workers finding the outcome unaudited (a double click, a duplicate delivery, the
    // sweep), only the one holding the claim writes it.
    if (!(await this.store.claimOutcomeAudit(request.id, this.clock.now(), OUTCOME_AUDIT_CLAIM_MS))) return;
    for (let attempt = 1; ; attempt += 1) {
      try {
        // A worker that died between the append and recording it leaves the entry behind: not twice.
        const existing = await this.auditLog.forChangeRequest(request.id);
        if (!existing.some((logged) => logged.action === action && logged.outcome === entry.outcome)) {
          await this.auditLog.append(entry);
        }
        await this.store.settleOutcomeAudit(request.id, true);
        return;
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
    for (const request of await this.store.inFlight('unaudited', limit)) {
      await this.ensureOutcomeAudited(request).catch((error: unknown) => {
        this.logger.error({ err: error, changeRequestId: request.id }, 'sweep could not audit a change outcome');
      });
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
   * Files a new request restoring the origination an applied request replaced, taken from the
   * audit log (the change table's TTL may have removed the request itself).
   */
  async revert(
    context: ActorContext,
    id: string,
    submissionKey: string,
  ): Promise<{ request: ChangeRequest; created: boolean }> {
    const entries = await this.auditLog.forChangeRequest(id);
    const applied = entries.find((entry) => entry.action === 'change.apply' && entry.outcome === 'applied');
    const before = applied?.before as { origination?: Origination } | undefined;
    if (
      applied === undefined ||
      applied.voiceConnectorId === undefined ||
      applied.region === undefined ||
      !before?.origination
    ) {
      await this.recordRefusal(context, 'change.request', { reason: 'not-revertible', changeRequestId: id });
      throw new NotRevertibleError(`Change request ${id} has no applied origination in the audit log to revert.`);
    }
    const ref: VoiceConnectorRef = { voiceConnectorId: applied.voiceConnectorId, region: applied.region };
    const current = await this.currentState(ref, 'origination');
    return this.request(context, {
      ref,
      justification: `Revert of ${id}`,
      beforeHash: snapshotHash(current),
      proposal: { kind: 'origination', origination: before.origination },
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

  private async currentState(ref: VoiceConnectorRef, kind: ChangeKind): Promise<ChangeBefore> {
    if (kind === 'origination') return { kind, origination: await this.voiceConnectors.getOrigination(ref) };
    return { kind, credentials: { usernames: await this.voiceConnectors.listTerminationCredentialUsernames(ref) } };
  }

  private async unsealFor(request: ChangeRequest) {
    if (this.sealer === undefined) throw new Error('credential changes need KMS_KEY_ID or SEAL_KEY');
    if (request.sealedCredentials === undefined)
      throw new Error(`change request ${request.id} has no sealed credentials`);
    return this.sealer.unseal(request.sealedCredentials, request.submissionKey);
  }
}

/** The hash a form carries and a request is checked against. */
export function snapshotHash(snapshot: ChangeBefore): string {
  return snapshot.kind === 'origination'
    ? originationHash(snapshot.origination)
    : credentialsHash(snapshot.credentials);
}

function refOf(request: ChangeRequest): VoiceConnectorRef {
  return { voiceConnectorId: request.voiceConnectorId, region: request.region };
}

function errorNameOf(error: ChimeError): string {
  return error.context.awsErrorName ?? error.name;
}

function auditValue(before: ChangeBefore): JsonValue {
  return before.kind === 'origination'
    ? ({ origination: before.origination } as unknown as JsonValue)
    : { usernames: before.credentials.usernames };
}

/** The proposal as the audit log keeps it: an origination, or usernames added and replaced. */
function auditProposal(request: ChangeRequest): JsonValue {
  if (request.proposed.kind === 'origination') {
    return { origination: request.proposed.origination } as unknown as JsonValue;
  }
  const before = request.before.kind === 'credentials' ? request.before.credentials : { usernames: [] };
  const diff = diffCredentials(before, request.proposed.credentials);
  return { usernames: request.proposed.credentials.usernames, added: diff.added, replaced: diff.replaced };
}

function alreadyDecidedMessage(request: ChangeRequest): string {
  const by = request.approverId ?? request.deciderId;
  const who = by ? ` by <@${by}>` : '';
  switch (request.status) {
    case 'approved':
    case 'applying':
      return `Change request ${request.id} was already approved${who}.`;
    case 'applied':
      return `Change request ${request.id} was already approved${who} and applied.`;
    case 'rejected':
      return `Change request ${request.id} was already rejected${who}.`;
    case 'cancelled':
      return `Change request ${request.id} was cancelled by the requester.`;
    case 'expired':
      return `Change request ${request.id} expired.`;
    default:
      return `Change request ${request.id} is already ${request.status}.`;
  }
}
