import type { z } from 'zod';
import type { ActorContext } from '../../access/actor-context';
import type { JsonValue } from '../../audit/audit-entry';
import type { SlackMessage } from '../../blocks/slack-message';
import { ChimeAccessDeniedError, ChimeError, ChimeThrottledError } from '../../chime/chime-errors';
import { authorise } from '../../handlers/jobs/authorise';
import { replyWithReadCard } from '../../handlers/jobs/read-job';
import type { WorkerDependencies } from '../../handlers/jobs/worker-dependencies';
import { failedReadEntry, readAuditEntry } from '../../reads/connector-reads';
import type { ProxyJobSchema } from './index';
import { type OpenSessionsPart, proxyCard } from './proxy-card';
import { listOpenProxySessions } from './proxy-sessions-calls';

type ProxyJob = z.infer<typeof ProxyJobSchema>;

/**
 * `/chime proxy <id>`: the proxy settings (GetVoiceConnectorProxy) and the open sessions
 * (ListProxySessions), read at once. The settings are the read: when they fail, the card is not
 * shown. The sessions are extra: when they cannot be listed the card says so in their place. One
 * audit entry (`read.proxy`) for both, written before the card is shown, its details noting how
 * many open sessions were listed, or the AWS error that kept them from being listed.
 */
export async function runProxyJob(job: ProxyJob, deps: WorkerDependencies): Promise<void> {
  const context = await authorise(deps, job, 'read', 'read.proxy', job.ref);
  if (context === undefined) return;
  await replyWithReadCard(job, deps, () => readProxyCard(job, deps, context));
}

/** The calls, then their audit entry (fail closed, as `ConnectorReads` does), then the card. */
async function readProxyCard(job: ProxyJob, deps: WorkerDependencies, context: ActorContext): Promise<SlackMessage> {
  const { ref } = job;
  const base = readAuditEntry(context, 'read.proxy', ref);
  const started = deps.clock.now();
  const sessionsRead = openSessionsPart(job, deps);
  let proxy: Awaited<ReturnType<typeof deps.voiceConnectors.getProxy>>;
  try {
    proxy = await deps.voiceConnectors.getProxy(ref);
  } catch (error) {
    await sessionsRead;
    if (!(error instanceof ChimeError)) throw error;
    await deps.auditLog.append(failedReadEntry(base, error, deps.clock.now() - started));
    throw error;
  }
  const { part, details } = await sessionsRead;
  await deps.auditLog.append({ ...base, latencyMs: deps.clock.now() - started, details });
  return proxyCard({
    ref,
    proxy,
    openSessions: part,
    command: deps.config.slack.command,
    defaultRegion: deps.config.awsRegion,
    requestedBy: job.share ? job.actor.userId : undefined,
  });
}

/** The open sessions, or why they could not be listed; never throws. */
async function openSessionsPart(
  job: ProxyJob,
  deps: WorkerDependencies,
): Promise<{ part: OpenSessionsPart; details: { [key: string]: JsonValue } }> {
  try {
    const value = await listOpenProxySessions(deps.voiceConnectors, job.ref);
    return {
      part: { ok: true, value },
      details: { openProxySessions: value.sessions.length, ...(value.more ? { moreOpenProxySessions: true } : {}) },
    };
  } catch (error) {
    if (error instanceof ChimeError) {
      deps.logger.warn(
        { err: error, operation: error.context.operation, region: error.context.region },
        'the open proxy sessions could not be listed',
      );
      const reason =
        error instanceof ChimeAccessDeniedError
          ? 'access-denied'
          : error instanceof ChimeThrottledError
            ? 'throttled'
            : 'unavailable';
      return {
        part: { ok: false, reason },
        details: { openProxySessionsError: error.context.awsErrorName ?? error.name },
      };
    }
    deps.logger.error({ err: error }, 'listing the open proxy sessions failed unexpectedly');
    return { part: { ok: false, reason: 'unexpected' }, details: { openProxySessionsError: 'unexpected' } };
  }
}
