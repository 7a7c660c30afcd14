import type { ReplyTarget } from '../../src/jobs/job';
import type { Job } from '../../src/jobs/job-codec';

/** A termination read job, as the slash command queues it; override what a test needs. */
export function terminationJob(
  options: { voiceConnectorId?: string; reply?: ReplyTarget; channelId?: string } = {},
): Extract<Job, { kind: 'termination' }> {
  return {
    kind: 'termination',
    ref: { voiceConnectorId: options.voiceConnectorId ?? 'abcdef1234567890abcdef', region: 'us-east-1' },
    share: false,
    actor: { userId: 'U0REQUESTER', teamId: 'T0SANDBOX' },
    ...(options.channelId ? { channelId: options.channelId } : {}),
    reply: options.reply ?? { kind: 'ephemeral', channelId: 'C0OPS' },
  };
}

/** The connector a job is about, for jobs that name one. */
export function connectorOf(job: Job): string | undefined {
  return 'ref' in job ? job.ref.voiceConnectorId : undefined;
}
