import type { z } from 'zod';
import { auditActor } from '../../access/actor-context';
import { type AuditEntry, AuditUnavailableError } from '../../audit/audit-entry';
import type { ChainVerification } from '../../audit/audit-log';
import { recordRefusal } from '../../audit/record-refusal';
import { reportableFailure } from '../../handlers/failure-message';
import { authorise } from '../../handlers/jobs/authorise';
import type { WorkerDependencies } from '../../handlers/jobs/worker-dependencies';
import { auditCheckpointMessage } from './audit-checkpoint-message';
import { type AuditListScope, auditListMessage } from './audit-list';
import { auditVerificationMessage } from './audit-verification';
import type { AuditCheckpointJobSchema, AuditListJobSchema, AuditVerifyJobSchema } from './index';

/** `/chime audit [<id>] [--user @x] [--limit N]`: each of these is one DynamoDB Query. */
export async function runAuditListJob(
  job: z.infer<typeof AuditListJobSchema>,
  deps: WorkerDependencies,
): Promise<void> {
  const { voiceConnectorId, userFilter, limit } = job;
  const context = await authorise(deps, job, 'read', 'audit.list', { voiceConnectorId });
  if (context === undefined) return;

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
