import type { AuditAction, JsonValue } from '../../audit/audit-entry';
import type { SlackMessage } from '../../blocks/slack-message';
import type { VoiceConnectorRef } from '../../chime/voice-connector';
import type { VoiceConnectors } from '../../chime/voice-connectors';
import type { Actor, ReplyTarget } from '../../jobs/job';
import { reportableFailureWithHints } from '../failure-message';
import { authorise } from './authorise';
import type { WorkerDependencies } from './worker-dependencies';

/** What the worker needs of any read job. */
export interface ReadJob {
  ref: VoiceConnectorRef;
  share: boolean;
  actor: Actor;
  channelId?: string;
  reply: ReplyTarget;
}

/**
 * Runs one read for an operation: check access, ask Chime (audited, ok or failed), and reply with
 * the operation's card, shared in the channel with `--share`. Failures go only to the person who
 * asked.
 *
 * @example
 * runRead(job, deps, { action: 'read.proxy', read: (chime) => chime.getProxy(job.ref),
 *   card: (proxy, requestedBy) => proxyCard({ ref: job.ref, proxy, requestedBy }) });
 */
export async function runRead<T>(
  job: ReadJob,
  deps: WorkerDependencies,
  read: {
    action: AuditAction;
    details?: { [key: string]: JsonValue };
    call: (voiceConnectors: VoiceConnectors) => Promise<T>;
    card: (result: T, requestedBy: string | undefined) => SlackMessage;
  },
): Promise<void> {
  const context = await authorise(deps, job, 'read', read.action, job.ref);
  if (context === undefined) return;

  const requestedBy = job.share ? job.actor.userId : undefined;
  await replyWithReadCard(job, deps, async () => {
    const result = await deps.reads.read(context, job.ref, read.action, read.details ?? {}, read.call);
    return read.card(result, requestedBy);
  });
}

/**
 * Replies with the card `produce` builds, shared in the channel with `--share`; when it fails with
 * a failure worth reporting, the report goes only to the person who asked.
 */
export async function replyWithReadCard(
  job: ReadJob,
  deps: WorkerDependencies,
  produce: () => Promise<SlackMessage>,
): Promise<void> {
  let message: SlackMessage;
  let share = job.share;
  try {
    message = await produce();
  } catch (error) {
    const failure = await reportableFailureWithHints(error, deps);
    if (failure === undefined) throw error;
    message = failure;
    share = false;
  }
  await deps.replies.send(job.reply, job.actor.userId, message, { share, replaceOriginal: true });
}
