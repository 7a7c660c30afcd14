import type { z } from 'zod';
import { AuditUnavailableError } from '../../audit/audit-entry';
import { ChimeError } from '../../chime/chime-errors';
import { reportableFailureWithHints } from '../../handlers/failure-message';
import { authorise } from '../../handlers/jobs/authorise';
import type { WorkerDependencies } from '../../handlers/jobs/worker-dependencies';
import { readAuditEntry } from '../../reads/connector-reads';
import { getLoggingConfiguration, getTerminationHealth } from './health-calls';
import { healthCard, type Part } from './health-card';
import type { HealthJobSchema } from './index';

/** How many of the connector's newest audit entries are searched for its last five changes. */
const RECENT_ENTRIES = 100;

/**
 * `/chime health <id>`: every read at once, each failing on its own (its error in its place on the
 * card); one audit entry for the card, naming the parts that failed, written before it is shown.
 */
export async function runHealthJob(job: z.infer<typeof HealthJobSchema>, deps: WorkerDependencies): Promise<void> {
  const { ref } = job;
  const context = await authorise(deps, job, 'read', 'read.health', ref);
  if (context === undefined) return;

  const started = deps.clock.now();
  const chime = deps.voiceConnectors;
  const [ping, termination, origination, logging, usernames, openRequests, recentChanges] = await Promise.all([
    part(getTerminationHealth(chime, ref), deps),
    part(chime.getTermination(ref), deps),
    part(chime.getOrigination(ref), deps),
    part(getLoggingConfiguration(chime, ref), deps),
    part(chime.listTerminationCredentialUsernames(ref), deps),
    part(deps.changes.openRequests(ref.voiceConnectorId), deps),
    part(
      deps.auditLog
        .recentForConnector(ref.voiceConnectorId, RECENT_ENTRIES)
        .then((entries) => entries.filter((entry) => entry.action === 'change.apply').slice(0, 5)),
      deps,
    ),
  ]);
  const drift =
    deps.drift === undefined
      ? undefined
      : await part(
          deps.drift.openDrift(ref).then((open) =>
            open === undefined
              ? undefined
              : {
                  sections: open.sections,
                  detectedAt: open.detectedAt,
                  changedBy: [...new Set(open.attribution.map((found) => found.userName ?? found.principal))],
                },
          ),
          deps,
        );
  const parts = {
    ping,
    termination,
    origination,
    logging,
    usernames,
    openRequests,
    recentChanges,
    ...(drift ? { drift } : {}),
  };
  const failed = Object.entries(parts)
    .filter(([, value]) => !value.ok)
    .map(([name]) => name);

  try {
    await deps.auditLog.append({
      ...readAuditEntry(context, 'read.health', ref),
      outcome: failed.length === Object.keys(parts).length ? 'failed' : 'ok',
      latencyMs: deps.clock.now() - started,
      details: failed.length > 0 ? { failed } : {},
    });
  } catch (error) {
    const failure = await reportableFailureWithHints(error, deps);
    if (failure === undefined) throw error;
    await deps.replies.send(job.reply, job.actor.userId, failure, { replaceOriginal: true });
    return;
  }
  const message = healthCard({
    ref,
    now: deps.clock.now(),
    staleAfterMs: deps.config.healthPingStaleMs,
    ...parts,
    requestedBy: job.share ? job.actor.userId : undefined,
  });
  await deps.replies.send(job.reply, job.actor.userId, message, { share: job.share, replaceOriginal: true });
}

/** A read that may fail on its own: AWS's and the audit log's failures become the part's error. */
async function part<T>(read: Promise<T>, deps: WorkerDependencies): Promise<Part<T>> {
  try {
    return { ok: true, value: await read };
  } catch (error) {
    if (error instanceof ChimeError) return { ok: false, error: error.message };
    if (error instanceof AuditUnavailableError) return { ok: false, error: 'The audit log could not be read.' };
    deps.logger.error({ err: error }, 'a part of the health card failed unexpectedly');
    return { ok: false, error: 'An unexpected error; the bot logged it.' };
  }
}
