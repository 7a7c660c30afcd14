import { z } from 'zod';
import { CHIME_REGIONS } from '../chime/regions';

/**
 * Slow work handed from the Slack listeners (which must answer Slack within 3 seconds) to the
 * worker: an SQS-triggered Lambda in AWS, the same code in-process under `npm start`.
 *
 * Each operation declares its own jobs (`src/operations/<name>/`); this module holds what every
 * job has in common, and `job-codec.ts` the union the registry builds from them. Payloads carry
 * identifiers and the values a person typed, never a secret: a credential change carries its
 * passwords only sealed (encrypted with KMS or SEAL_KEY). Every job names its actor and where to
 * reply, so a job that fails for good can tell the person who asked.
 */

export const SlackIdSchema = z.string().regex(/^[A-Z0-9]{2,}$/);

export const ActorSchema = z.object({
  userId: SlackIdSchema,
  teamId: SlackIdSchema,
  /** Slack's `user_name` where the payload had it. */
  userName: z.string().max(200).optional(),
});
export type Actor = z.infer<typeof ActorSchema>;

export const ConnectorRefSchema = z.object({
  voiceConnectorId: z.string().min(1).max(64),
  region: z.enum(CHIME_REGIONS),
});

/** Where the result goes: a command's response_url, an ephemeral message, a direct message, or a modal. */
export const ReplyTargetSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('response_url'),
    responseUrl: z.url({ protocol: /^https?$/ }),
    /** False when there is no message of ours to replace (e.g. a read asked for from the menu). */
    replaceOriginal: z.boolean().optional(),
  }),
  z.object({ kind: z.literal('ephemeral'), channelId: SlackIdSchema }),
  /**
   * A direct message to the person (chat.postMessage to their user ID): for clicks on the App
   * Home, which has no channel and no response_url, and whose view must never be replaced.
   */
  z.object({ kind: z.literal('dm'), userId: SlackIdSchema }),
  z.object({ kind: z.literal('view'), viewId: z.string().min(1).max(64) }),
]);
export type ReplyTarget = z.infer<typeof ReplyTargetSchema>;

/** The members every job has: spread into each job's `z.object`. */
export const jobCommon = {
  actor: ActorSchema,
  channelId: SlackIdSchema.optional(),
  reply: ReplyTargetSchema,
};
export interface JobCommon {
  kind: string;
  actor: Actor;
  channelId?: string;
  reply: ReplyTarget;
}

/**
 * A job as a listener hands it over: checked against the registry's schemas when queued (and
 * again when received), so its exact type is the operation's business, not the queue's.
 */
export type JobPayload = JobCommon & { [member: string]: unknown };

/** Hands a job to the worker. Resolves once the job is queued, not when it has run. */
export interface JobQueue {
  enqueue(job: JobPayload): Promise<void>;
}

/** How a job reached the worker this time. */
export interface Delivery {
  /** 1 for the first delivery. */
  attempt: number;
  /** True when no further delivery will follow if this one fails. */
  final: boolean;
}

/** A job failed in a way worth another delivery (a crash, Slack briefly unreachable). */
export class RetryableJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RetryableJobError';
  }
}
