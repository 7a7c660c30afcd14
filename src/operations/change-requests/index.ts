import { z } from 'zod';
import { ChangeDataSchema } from '../../changes/change-request';
import { ConnectorRefSchema, jobCommon } from '../../jobs/job';
import { defineJob, defineOperation } from '../operation';
import {
  reportDecideFailure,
  runDecideJob,
  runOpenChangeJob,
  runRevertJob,
  runReviewChangeJob,
  runReviewRisksJob,
  runSubmitChangeJob,
} from './change-jobs';
import { registerChangeRequestListeners } from './change-listeners';
import { DecisionSourceSchema } from './decision-source';

export const OpenChangeJobSchema = z.object({
  kind: z.literal('open-change'),
  /** The change kind's name; the worker refuses one the registry does not list. */
  change: z.string().min(1).max(64),
  ref: ConnectorRefSchema,
  /** A guided credential rotation's step, when the form is opened for one. */
  purpose: z.enum(['rotate', 'remove-old']).optional(),
  /** For `remove-old`: the applied rotation whose old usernames go. */
  rotationOf: z.string().max(64).optional(),
  /** `--break-glass`: the form says it applies on submission. */
  breakGlass: z.literal(true).optional(),
  ...jobCommon,
});

export const SubmitChangeJobSchema = z.object({
  kind: z.literal('submit-change'),
  ref: ConnectorRefSchema,
  justification: z.string().max(3000),
  /** SHA-256 of the snapshot the modal was filled from. */
  beforeHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** The kind's proposal; the engine checks it against the kind's schema. */
  proposal: ChangeDataSchema,
  /** A kind's secrets, encrypted (see `src/changes/secret-sealer.ts`). */
  sealedSecrets: z.string().max(20_000).optional(),
  revertOf: z.string().max(64).optional(),
  purpose: z.enum(['rotate', 'remove-old']).optional(),
  /** Apply without approval; the engine checks the break-glass list. */
  breakGlass: z.literal(true).optional(),
  ...jobCommon,
});

export const DecideJobSchema = z.object({
  kind: z.literal('decide'),
  decision: z.enum(['approve', 'reject', 'cancel']),
  changeRequestId: z.string().max(64),
  /** The click it came from (Slack's action_ts): tells a redelivery from a second click. */
  interactionId: z.string().max(100).optional(),
  reason: z.string().max(3000).optional(),
  /** The risk codes the approver was shown in "Approve despite risks". */
  acknowledgedRisks: z.array(z.string().min(1).max(64)).max(20).optional(),
  /**
   * Where the Approve or Reject button was clicked; `null` when not in a message everyone sees.
   * Absent only from Cancel and from jobs queued by a version before this was checked.
   */
  source: DecisionSourceSchema.nullable().optional(),
  ...jobCommon,
});

/** Fills the "Approve despite risks" modal with the request's risks. */
export const ReviewRisksJobSchema = z.object({
  kind: z.literal('review-risks'),
  changeRequestId: z.string().max(64),
  source: DecisionSourceSchema.nullable().optional(),
  ...jobCommon,
});

/** "Mark reviewed" on a break-glass change. */
export const ReviewChangeJobSchema = z.object({
  kind: z.literal('review-change'),
  changeRequestId: z.string().max(64),
  ...jobCommon,
});

export const RevertJobSchema = z.object({
  kind: z.literal('revert'),
  changeRequestId: z.string().max(64),
  ...jobCommon,
});

/**
 * Change requests, whatever their kind: the forms' submission, the approval message's buttons,
 * and the jobs that file, decide, apply and revert requests through the change engine. The kinds
 * themselves are operations of their own (`origination`, `credentials`).
 */
export const changeRequests = defineOperation({
  name: 'change-requests',
  jobs: [
    defineJob({
      kind: 'open-change',
      schema: OpenChangeJobSchema,
      what: 'opening the change form',
      run: runOpenChangeJob,
    }),
    defineJob({
      kind: 'submit-change',
      schema: SubmitChangeJobSchema,
      what: 'filing your change request',
      run: runSubmitChangeJob,
    }),
    defineJob({
      kind: 'decide',
      schema: DecideJobSchema,
      what: 'deciding on the change request',
      run: runDecideJob,
      reportFailure: reportDecideFailure,
    }),
    defineJob({
      kind: 'review-risks',
      schema: ReviewRisksJobSchema,
      what: 'reading the risks of the change request',
      run: runReviewRisksJob,
    }),
    defineJob({ kind: 'revert', schema: RevertJobSchema, what: 'filing the revert request', run: runRevertJob }),
    defineJob({
      kind: 'review-change',
      schema: ReviewChangeJobSchema,
      what: 'recording the review of the break-glass change',
      run: runReviewChangeJob,
    }),
  ],
  register: registerChangeRequestListeners,
});
