import { z } from 'zod';
import { AUDIT_ACTIONS } from '../audit/audit-entry';
import { CHIME_REGIONS } from '../chime/regions';

/**
 * Slow work handed from the Slack listeners (which must answer Slack within 3 seconds) to the
 * worker: an SQS-triggered Lambda in AWS, the same code in-process under `npm start`.
 *
 * Payloads carry identifiers and the values a person typed, never a secret: a credential change
 * carries its passwords only sealed (encrypted with KMS or SEAL_KEY). Every job names its actor
 * and where to reply, so a job that fails for good can tell the person who asked.
 */

const SlackId = z.string().regex(/^[A-Z0-9]{2,}$/);

export const ActorSchema = z.object({
  userId: SlackId,
  teamId: SlackId,
  /** Slack's `user_name` where the payload had it. */
  userName: z.string().max(200).optional(),
});
export type Actor = z.infer<typeof ActorSchema>;

export const ConnectorRefSchema = z.object({
  voiceConnectorId: z.string().min(1).max(64),
  region: z.enum(CHIME_REGIONS),
});

/** Where the result goes: a command's response_url, an ephemeral message, or a modal. */
export const ReplyTargetSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('response_url'),
    responseUrl: z.url({ protocol: /^https?$/ }),
    /** False when there is no message of ours to replace (e.g. a read asked for from the menu). */
    replaceOriginal: z.boolean().optional(),
  }),
  z.object({ kind: z.literal('ephemeral'), channelId: SlackId }),
  z.object({ kind: z.literal('view'), viewId: z.string().min(1).max(64) }),
]);
export type ReplyTarget = z.infer<typeof ReplyTargetSchema>;

const RouteSchema = z.object({
  host: z.string(),
  port: z.number().int(),
  protocol: z.enum(['TCP', 'UDP']),
  priority: z.number().int(),
  weight: z.number().int(),
});

const common = {
  actor: ActorSchema,
  channelId: SlackId.optional(),
  reply: ReplyTargetSchema,
};

export const JobSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('read'),
    operation: z.enum(['termination', 'proxy', 'proxy-session']),
    ref: ConnectorRefSchema,
    proxySessionId: z.string().max(128).optional(),
    share: z.boolean(),
    ...common,
  }),
  z.object({
    kind: z.literal('audit-list'),
    voiceConnectorId: z.string().max(64).optional(),
    userFilter: SlackId.optional(),
    limit: z.number().int().min(1).max(50),
    share: z.boolean(),
    ...common,
  }),
  z.object({ kind: z.literal('audit-verify'), voiceConnectorId: z.string().max(64), ...common }),
  z.object({
    kind: z.literal('record-refusal'),
    action: z.enum(AUDIT_ACTIONS),
    outcome: z.enum(['invalid', 'denied']),
    reason: z.string().max(500),
    voiceConnectorId: z.string().max(64).optional(),
    region: z.enum(CHIME_REGIONS).optional(),
    ...common,
  }),
  z.object({
    kind: z.literal('open-change'),
    change: z.enum(['origination', 'credentials']),
    ref: ConnectorRefSchema,
    ...common,
  }),
  z.object({
    kind: z.literal('submit-change'),
    ref: ConnectorRefSchema,
    justification: z.string().max(3000),
    /** SHA-256 of the snapshot the modal was filled from. */
    beforeHash: z.string().regex(/^[0-9a-f]{64}$/),
    proposal: z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('origination'),
        origination: z.object({ routes: z.array(RouteSchema).max(20), disabled: z.boolean() }),
      }),
      z.object({
        kind: z.literal('credentials'),
        usernames: z.array(z.string().max(256)).min(1).max(10),
        /** The credentials, encrypted (see `src/changes/credential-sealer.ts`). */
        sealed: z.string().max(20_000),
      }),
    ]),
    revertOf: z.string().max(64).optional(),
    ...common,
  }),
  z.object({
    kind: z.literal('decide'),
    decision: z.enum(['approve', 'reject', 'cancel']),
    changeRequestId: z.string().max(64),
    /** The click it came from (Slack's action_ts): tells a redelivery from a second click. */
    interactionId: z.string().max(100).optional(),
    reason: z.string().max(3000).optional(),
    ...common,
  }),
  z.object({ kind: z.literal('revert'), changeRequestId: z.string().max(64), ...common }),
]);

export type Job = z.infer<typeof JobSchema>;
export type JobKind = Job['kind'];
export type JobOf<K extends JobKind> = Extract<Job, { kind: K }>;

/** How a job reached the worker this time. */
export interface Delivery {
  /** 1 for the first delivery. */
  attempt: number;
  /** True when no further delivery will follow if this one fails. */
  final: boolean;
}

/** Hands a job to the worker. Resolves once the job is queued, not when it has run. */
export interface JobQueue {
  enqueue(job: Job): Promise<void>;
}

/** Runs jobs; implemented by `src/handlers/jobs/job-runner.ts`. */
export interface JobHandler {
  handle(job: Job, delivery: Delivery): Promise<void>;
  /** Tells the person who asked that the job failed for good. Never throws. */
  reportFailure(job: Job, error: unknown): Promise<void>;
}

/** A job failed in a way worth another delivery (a crash, Slack briefly unreachable). */
export class RetryableJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RetryableJobError';
  }
}
