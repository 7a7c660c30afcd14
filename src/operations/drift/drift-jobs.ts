import type { z } from 'zod';
import { noticeMessage } from '../../blocks/notice-message';
import { inlineCode } from '../../blocks/slack-formatting';
import { StaleDriftAlertError } from '../../drift/drift-monitor';
import { changesUnavailableReason } from '../../handlers/change-availability';
import { reportableFailure } from '../../handlers/failure-message';
import { authorise } from '../../handlers/jobs/authorise';
import type { WorkerDependencies } from '../../handlers/jobs/worker-dependencies';
import { publishRequest } from '../change-requests/change-jobs';
import type { DriftDecisionJobSchema } from './index';

/**
 * A drift alert's button: Accept as baseline (approvers only) or Revert to baseline (anyone who
 * may request changes; the requests it opens are approved like any other). The button's value
 * is checked against the stored alert: a click on an older version is refused.
 */
export async function runDriftDecisionJob(
  job: z.infer<typeof DriftDecisionJobSchema>,
  deps: WorkerDependencies,
): Promise<void> {
  const { ref } = job;
  const reply = (tone: 'success' | 'warning' | 'error' | 'info', title: string, body?: string) =>
    deps.replies.send(job.reply, job.actor.userId, noticeMessage({ tone, title, ...(body ? { body } : {}) }));
  if (deps.drift === undefined) {
    await reply('warning', 'Drift detection is not running in this deployment.');
    return;
  }
  const accept = job.decision === 'accept';
  const context = await authorise(
    deps,
    job,
    accept ? 'approve' : 'request',
    accept ? 'drift.accept' : 'drift.revert',
    ref,
  );
  if (context === undefined) return;
  try {
    if (accept) {
      await deps.drift.accept(context, ref, job.driftHash);
      await reply('success', `Accepted: this is now the baseline of ${ref.voiceConnectorId}.`);
      return;
    }
    const unavailable = changesUnavailableReason(deps.config);
    if (unavailable !== undefined) {
      await deps.changes.recordRefusal(context, 'change.request', { ref, reason: 'changes-not-configured' });
      await reply('warning', 'Changes are not configured', unavailable);
      return;
    }
    const outcome = await deps.drift.revert(context, ref, job.driftHash);
    for (const request of outcome.requests) {
      await publishRequest(deps, request, context, undefined, deps.registry.changeModule(request.kind));
    }
    const lines = [
      ...outcome.notRevertible.map((item) => `• *${item.section}*: ${item.why}`),
      ...outcome.failed.map((item) => {
        const failure = reportableFailure(item.error, deps.logger);
        if (failure === undefined) throw item.error;
        return `• *${item.section}*: ${failure.text}`;
      }),
    ];
    if (outcome.requests.length === 0) {
      await reply('warning', 'Nothing to revert was filed', lines.join('\n'));
      return;
    }
    await reply(
      'success',
      `Revert requested: ${outcome.requests.map((request) => request.id).join(', ')}`,
      [
        `Waiting for approval in the approval channel: ${outcome.requests.map((request) => inlineCode(request.id)).join(', ')}.`,
        ...lines,
      ].join('\n'),
    );
  } catch (error) {
    if (error instanceof StaleDriftAlertError) {
      await reply('warning', 'Not done', error.message);
      return;
    }
    const failure = reportableFailure(error, deps.logger);
    if (failure === undefined) throw error;
    await deps.replies.send(job.reply, job.actor.userId, failure);
  }
}
