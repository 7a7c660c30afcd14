import type { z } from 'zod';
import type { ActorContext } from '../../access/actor-context';
import { recordRefusal } from '../../audit/record-refusal';
import { noticeMessage } from '../../blocks/notice-message';
import { inlineCode, principalMention } from '../../blocks/slack-formatting';
import { escapeMrkdwn } from '../../blocks/slack-limits';
import { StaleDriftAlertError } from '../../drift/drift-monitor';
import { changesUnavailableReason } from '../../handlers/change-availability';
import { reportableFailure } from '../../handlers/failure-message';
import { authorise } from '../../handlers/jobs/authorise';
import type { WorkerDependencies } from '../../handlers/jobs/worker-dependencies';
import { learnConnectorFacts, rulesForConnector } from '../../policy/connector-facts';
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
  if (accept && !(await mayAcceptUnderPolicy(deps, job, context))) return;
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

/**
 * Under an approval policy, only an approver of this connector may accept its drift: someone the
 * rules that can decide a change to it list. A name or tags that cannot be read refuse (fail
 * closed), as they do for a change request. Without a policy, `authorise` has decided.
 */
async function mayAcceptUnderPolicy(
  deps: WorkerDependencies,
  job: z.infer<typeof DriftDecisionJobSchema>,
  context: ActorContext,
): Promise<boolean> {
  const policy = deps.config.approvalPolicy?.policy;
  if (policy === undefined) return true;
  const facts = await learnConnectorFacts(deps.voiceConnectors, policy, job.ref);
  const rules = rulesForConnector(policy, job.ref.voiceConnectorId, facts);
  const approvers = rules === 'unknown' ? [] : [...new Set(rules.flatMap((rule) => rule.approvers))];
  if (rules !== 'unknown' && (await deps.access.membership(job.actor.userId, approvers)).listed) return true;
  await recordRefusal(deps.auditLog, deps.logger, context, 'drift.accept', {
    ...job.ref,
    reason: rules === 'unknown' ? 'connector-facts-unreadable' : 'not-an-approver-of-this-connector',
  });
  const body =
    rules === 'unknown'
      ? `The connector's name or tags could not be read, so the approval policy cannot say who approves ${inlineCode(job.ref.voiceConnectorId)}. Try again later.`
      : `Under the approval policy, only ${approvers.map(principalMention).join(', ') || 'nobody'} (${rules.length === 1 ? 'rule' : 'rules'} ${rules.map((rule) => escapeMrkdwn(rule.name)).join(', ')}) may accept drift on ${inlineCode(job.ref.voiceConnectorId)}.`;
  await deps.replies.send(
    job.reply,
    job.actor.userId,
    noticeMessage({ tone: 'error', title: 'Not allowed', body: { mrkdwn: body } }),
  );
  return false;
}
