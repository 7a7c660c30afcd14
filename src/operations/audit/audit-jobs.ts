import type { z } from 'zod';
import { type ActorContext, auditActor } from '../../access/actor-context';
import type { SlackUser } from '../../access/slack-directory';
import { type AuditEntry, AuditUnavailableError } from '../../audit/audit-entry';
import type { ChainVerification } from '../../audit/audit-log';
import { recordRefusal } from '../../audit/record-refusal';
import { noticeMessage } from '../../blocks/notice-message';
import { userMention } from '../../blocks/slack-formatting';
import type { SlackMessage } from '../../blocks/slack-message';
import type { ChangeRequest } from '../../changes/change-request';
import { reportableFailure } from '../../handlers/failure-message';
import { authorise } from '../../handlers/jobs/authorise';
import type { WorkerDependencies } from '../../handlers/jobs/worker-dependencies';
import { auditCheckpointMessage } from './audit-checkpoint-message';
import { type AuditListScope, auditListMessage } from './audit-list';
import { auditVerificationMessage } from './audit-verification';
import type { AuditCheckpointJobSchema, AuditListJobSchema, AuditVerifyJobSchema } from './index';
import { unreviewedMessage } from './unreviewed-list';

/** `/chime audit [<id>] [--user @x] [--limit N]`: each of these is one DynamoDB Query. */
/** `/chime audit --unreviewed`: break-glass changes waiting for an approver's review (one Query). */
async function replyUnreviewed(
  job: z.infer<typeof AuditListJobSchema>,
  deps: WorkerDependencies,
  context: ActorContext,
): Promise<void> {
  let waiting: ChangeRequest[];
  try {
    waiting = (await deps.changes.unreviewed(job.limit)).filter(
      (request) => job.voiceConnectorId === undefined || request.voiceConnectorId === job.voiceConnectorId,
    );
    await deps.auditLog.append({
      ...auditActor(context),
      action: 'audit.list',
      voiceConnectorId: job.voiceConnectorId,
      outcome: 'ok',
      details: { unreviewed: true, limit: job.limit, shown: waiting.length },
    });
  } catch (error) {
    const failure = reportableFailure(error, deps.logger);
    if (failure === undefined) throw error;
    await deps.replies.send(job.reply, job.actor.userId, failure, { replaceOriginal: true });
    return;
  }
  const message = unreviewedMessage(waiting, deps.clock.now());
  await deps.replies.send(job.reply, job.actor.userId, message, { replaceOriginal: true, share: job.share });
}

export async function runAuditListJob(
  job: z.infer<typeof AuditListJobSchema>,
  deps: WorkerDependencies,
): Promise<void> {
  const { voiceConnectorId, limit } = job;
  const context = await authorise(deps, job, 'read', 'audit.list', { voiceConnectorId });
  if (context === undefined) return;

  if (job.unreviewed === true) {
    await replyUnreviewed(job, deps, context);
    return;
  }

  let userFilter = job.userFilter;
  if (job.userName !== undefined) {
    const person = await personNamed(job.userName, deps);
    if (person.kind !== 'one') {
      await deps.replies.send(job.reply, job.actor.userId, person.message, { replaceOriginal: true });
      return;
    }
    userFilter = person.userId;
  }

  let entries: AuditEntry[];
  let scope: AuditListScope;
  try {
    if (userFilter !== undefined) {
      entries = await readingTheLog(deps.auditLog.recentForActor(userFilter, limit, voiceConnectorId));
      scope = { kind: 'actor', userId: userFilter, voiceConnectorId };
    } else if (voiceConnectorId !== undefined) {
      entries = await readingTheLog(deps.auditLog.recentForConnector(voiceConnectorId, limit));
      scope = { kind: 'connector', voiceConnectorId };
    } else {
      entries = await readingTheLog(deps.auditLog.recentForTeam(job.actor.teamId, limit));
      scope = { kind: 'workspace' };
    }
    // Looking at the log is an action too; recorded before the answer is shown.
    await deps.auditLog.append({
      ...auditActor(context),
      action: 'audit.list',
      voiceConnectorId,
      outcome: 'ok',
      details: { limit, ...(userFilter ? { user: userFilter } : {}), shown: entries.length },
    });
  } catch (error) {
    const failure = reportableFailure(error, deps.logger);
    if (failure === undefined) throw error;
    await deps.replies.send(job.reply, job.actor.userId, failure, { replaceOriginal: true });
    return;
  }
  const message = auditListMessage({ scope, entries, requestedBy: job.share ? job.actor.userId : undefined });
  await deps.replies.send(job.reply, job.actor.userId, message, { share: job.share, replaceOriginal: true });
}

/**
 * The one person a name typed by hand means. None, or several (a name two people share), is
 * answered with what to type instead: a mention picks exactly one.
 */
async function personNamed(
  name: string,
  deps: WorkerDependencies,
): Promise<{ kind: 'one'; userId: string } | { kind: 'not-one'; message: SlackMessage }> {
  let people: SlackUser[];
  try {
    people = await deps.access.directory.usersNamed(name);
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not look up a name in the Slack directory');
    return {
      kind: 'not-one',
      message: noticeMessage({
        tone: 'error',
        title: 'Could not look that name up in Slack',
        body: 'Try again with a mention: type `@` and pick the person.',
      }),
    };
  }
  const [only, ...others] = people;
  if (only !== undefined && others.length === 0) return { kind: 'one', userId: only.id };
  if (only === undefined) {
    return {
      kind: 'not-one',
      message: noticeMessage({
        tone: 'warning',
        title: 'No one in this workspace has that name',
        body: 'Type `@` and pick the person from the list, or give their user ID (`U…`).',
      }),
    };
  }
  const shown = people.slice(0, 10);
  return {
    kind: 'not-one',
    message: noticeMessage({
      tone: 'warning',
      title: `${people.length} people have that name`,
      body: {
        mrkdwn: `Pick one with a mention: ${shown.map((person) => userMention(person.id)).join(', ')}${people.length > shown.length ? ', …' : ''}.`,
      },
    }),
  };
}

/** `/chime audit verify <id>`: recompute the connector's chain and say whether it holds. */
export async function runAuditVerifyJob(
  job: z.infer<typeof AuditVerifyJobSchema>,
  deps: WorkerDependencies,
): Promise<void> {
  const { voiceConnectorId } = job;
  const context = await authorise(deps, job, 'read', 'audit.verify', { voiceConnectorId });
  if (context === undefined) return;

  let verification: ChainVerification;
  try {
    verification = await readingTheLog(deps.auditLog.verifyConnector(voiceConnectorId));
    await deps.auditLog.append({
      ...auditActor(context),
      action: 'audit.verify',
      voiceConnectorId,
      outcome: 'ok',
      details: { intact: verification.intact, entries: verification.entries, summary: verification.summary },
    });
  } catch (error) {
    const failure = reportableFailure(error, deps.logger);
    if (failure === undefined) throw error;
    await deps.replies.send(job.reply, job.actor.userId, failure, { replaceOriginal: true });
    return;
  }
  await deps.replies.send(job.reply, job.actor.userId, auditVerificationMessage({ verification, voiceConnectorId }), {
    replaceOriginal: true,
  });
}

/** `/chime audit checkpoint`: approvers write a signed checkpoint now; the result names its object. */
export async function runAuditCheckpointJob(
  job: z.infer<typeof AuditCheckpointJobSchema>,
  deps: WorkerDependencies,
): Promise<void> {
  const context = await authorise(deps, job, 'approve', 'audit.checkpoint');
  if (context === undefined) return;
  if (deps.checkpoints === undefined) {
    await recordRefusal(deps.auditLog, deps.logger, context, 'audit.checkpoint', { reason: 'not-configured' });
    await deps.replies.send(job.reply, job.actor.userId, auditCheckpointMessage({ kind: 'not-configured' }), {
      replaceOriginal: true,
    });
    return;
  }
  try {
    const result = await deps.checkpoints.write();
    await deps.auditLog.append({
      ...auditActor(context),
      action: 'audit.checkpoint',
      outcome: 'ok',
      details: { key: result.key, chains: result.chains, refused: result.refused },
    });
    await deps.replies.send(job.reply, job.actor.userId, auditCheckpointMessage({ kind: 'written', result }), {
      replaceOriginal: true,
    });
  } catch (error) {
    const failure = reportableFailure(error, deps.logger);
    if (failure !== undefined) {
      await deps.replies.send(job.reply, job.actor.userId, failure, { replaceOriginal: true });
      return;
    }
    deps.logger.error({ err: error }, 'audit checkpoint failed');
    await deps.replies.send(job.reply, job.actor.userId, auditCheckpointMessage({ kind: 'failed' }), {
      replaceOriginal: true,
    });
  }
}

/** A read of the audit log that fails is the log being unavailable, said as such. */
async function readingTheLog<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof AuditUnavailableError) throw error;
    throw new AuditUnavailableError('The audit log could not be read', { cause: error });
  }
}
