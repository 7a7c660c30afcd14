import type { ChangeRequest, ChangeStatus } from './change-request';

export interface TransitionInput {
  /** The statuses the request must be in for the transition to happen. */
  from: readonly ChangeStatus[];
  to: ChangeStatus;
  /** Attributes to set with the new status. */
  set?: Partial<Omit<ChangeRequest, 'id' | 'status'>>;
  /** Attributes to remove with the new status (a final status always removes the sealed secrets). */
  remove?: readonly (keyof ChangeRequest)[];
  /** Extra conditions: the actor must not be the requester; the apply claim must be this one. */
  notRequester?: string;
  claimToken?: string;
  /**
   * The number of approvals the writer saw: the write happens only if no other approval was added
   * since, so that of simultaneous approvals each is counted once and exactly one completes the quorum.
   */
  expectApprovalCount?: number;
  now: number;
}

/** A conditional transition lost: the request is no longer in a `from` status (or not this claim's). */
export class TransitionConflictError extends Error {
  constructor(readonly current: ChangeRequest | undefined) {
    super(`change request is ${current?.status ?? 'gone'}`);
    this.name = 'TransitionConflictError';
  }
}

/** The open request that blocks a new one for the same connector and kind. */
export class OpenRequestLockedError extends Error {
  constructor(readonly openRequestId: string) {
    super(`change request ${openRequestId} is still open`);
    this.name = 'OpenRequestLockedError';
  }
}

/**
 * Where change requests live (the change table). Every status change is one conditional write,
 * so of any number of simultaneous approvals exactly one wins, and an apply is claimed once.
 *
 * @example
 * const approved = await store.transition(id, { from: ['pending'], to: 'approved', notRequester: actorId,
 *   set: { approverId: actorId }, now: clock.now() });
 */
export interface ChangeRequestStore {
  /**
   * Stores a new pending request, taking the one-open-request-per-connector-and-kind lock.
   * Throws {@link OpenRequestLockedError} when another request holds it.
   */
  create(request: ChangeRequest): Promise<void>;
  get(id: string): Promise<ChangeRequest | undefined>;
  /** The id of the open request holding the lock for this connector and kind, if any. */
  openRequestId(voiceConnectorId: string, kind: string, now: number): Promise<string | undefined>;
  /** Throws {@link TransitionConflictError} when the conditions do not hold. */
  transition(id: string, input: TransitionInput): Promise<ChangeRequest>;
  /** Records where the approval message lives (not a status change). */
  annotate(
    id: string,
    set: Pick<Partial<ChangeRequest>, 'message' | 'requesterConfirmed' | 'followUp' | 'freeze'>,
  ): Promise<void>;
  /** Removes a request that never became valid (its audit entry could not be written), and its lock. */
  discard(request: Pick<ChangeRequest, 'id' | 'voiceConnectorId' | 'kind'>): Promise<void>;
  /** Lets a new request be made for the connector and kind once this one has ended. */
  releaseLock(request: Pick<ChangeRequest, 'id' | 'voiceConnectorId' | 'kind'>): Promise<void>;
  /** Pending requests whose expiry has passed, oldest first (a Query, never a Scan). */
  expiredPending(now: number, limit: number): Promise<ChangeRequest[]>;
  /**
   * Requests a worker should have carried on with: approved (the apply never started), applying
   * (a claim, perhaps of a worker that died), or finished with an outcome not yet audited.
   */
  inFlight(status: 'approved' | 'applying' | 'unaudited', limit: number): Promise<ChangeRequest[]>;
  /**
   * Takes the right to write a finished request's outcome to the audit log, so that of several
   * workers finding it unaudited only one writes it. A claim older than `staleAfterMs` (its worker
   * died) can be taken over. False when someone else holds it or it is already audited.
   */
  claimOutcomeAudit(id: string, now: number, staleAfterMs: number): Promise<boolean>;
  /** Ends a claim: audited (the outcome is in the log), or released for another try. */
  settleOutcomeAudit(id: string, audited: boolean): Promise<void>;
  /** Lists a break-glass change as waiting for its review (due `dueAt`), until {@link markReviewed}. */
  openReview(id: string, dueAt: number): Promise<void>;
  /**
   * Records the review of a break-glass change, once: `undefined` when it was already reviewed
   * (or has no review). Removes it from {@link unreviewed}.
   */
  markReviewed(
    id: string,
    review: { reviewedBy: string; reviewedAt: number; outcome: 'reviewed' | 'revert' },
  ): Promise<ChangeRequest | undefined>;
  /** Takes the right to post a pending request's one reminder: false when it was taken already or the request is no longer pending. */
  claimReminder(id: string, now: number): Promise<boolean>;
  /** Claims the one review reminder of an unreviewed break-glass change; false when already claimed or reviewed. */
  claimReviewReminder(id: string, now: number): Promise<boolean>;
  /** Requests waiting for approval, soonest expiry first (a Query of the open index, never a Scan). */
  pending(limit: number): Promise<ChangeRequest[]>;
  /** Break-glass changes nobody has reviewed yet, oldest due first (a Query, never a Scan). */
  unreviewed(limit: number): Promise<ChangeRequest[]>;
}
