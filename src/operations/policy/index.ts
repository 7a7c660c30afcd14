import { z } from 'zod';
import { EXAMPLE_CONNECTOR } from '../../blocks/help-message';
import { noticeMessage } from '../../blocks/notice-message';
import { CHIME_REGIONS } from '../../chime/regions';
import { reportableFailure } from '../../handlers/failure-message';
import { authorise } from '../../handlers/jobs/authorise';
import type { WorkerDependencies } from '../../handlers/jobs/worker-dependencies';
import { jobCommon } from '../../jobs/job';
import { learnConnectorFacts } from '../../policy/connector-facts';
import { CONNECTOR_TAGS_CHIME_ACTIONS } from '../../policy/connector-tags';
import { defineJob, defineOperation } from '../operation';
import { policyMessage } from './policy-message';

export const PolicyJobSchema = z.object({
  kind: z.literal('policy'),
  voiceConnectorId: z.string().max(64).optional(),
  /** Where to look the connector up (its name and tags); absent in jobs queued before it was added. */
  region: z.enum(CHIME_REGIONS).optional(),
  share: z.boolean(),
  ...jobCommon,
});

/** Reads no connector: the policy from the configuration, and the freeze in effect now. */
async function runPolicyJob(job: z.infer<typeof PolicyJobSchema>, deps: WorkerDependencies): Promise<void> {
  const context = await authorise(deps, job, 'read', 'command', { voiceConnectorId: job.voiceConnectorId });
  if (context === undefined) return;
  try {
    const policy = deps.config.approvalPolicy?.policy;
    const [freezeNow, connector] = await Promise.all([
      deps.changes.currentFreeze(),
      policy !== undefined && job.voiceConnectorId !== undefined
        ? learnConnectorFacts(deps.voiceConnectors, policy, {
            voiceConnectorId: job.voiceConnectorId,
            region: job.region ?? deps.config.awsRegion,
          })
        : undefined,
    ]);
    const message = policyMessage({
      policy,
      source: deps.config.approvalPolicy?.source,
      approvers: deps.config.approvers,
      voiceConnectorId: job.voiceConnectorId,
      connector,
      freezeNow,
      kindNoun: (kind) => deps.registry.changeModules.get(kind)?.kind.noun ?? kind,
    });
    await deps.replies.send(job.reply, job.actor.userId, message, { share: job.share, replaceOriginal: true });
  } catch (error) {
    const failure = reportableFailure(error, deps.logger);
    if (failure === undefined) throw error;
    await deps.replies.send(job.reply, job.actor.userId, failure, { replaceOriginal: true });
  }
}

/** `/chime policy [<voice-connector-id>]`: who must approve what, the freezes and break-glass, in plain words. */
export const policy = defineOperation({
  name: 'policy',
  // A connector's name and tags, for the rules that match on them.
  chimeActions: ['ListVoiceConnectors', ...CONNECTOR_TAGS_CHIME_ACTIONS],
  commands: [
    {
      words: ['policy'],
      args: ['optional-connector'],
      options: ['share'],
      help: {
        usage: 'policy [<voice-connector-id>]',
        what: 'The approval policy in plain words: which rule decides who approves a change (of this connector), the change freezes and who may break glass.',
        example: `policy ${EXAMPLE_CONNECTOR}`,
      },
      async run({ args, actor, channelId, responseUrl, ack, deps }) {
        await ack(noticeMessage({ tone: 'info', title: 'Reading the approval policy…' }));
        await deps.jobs.enqueue({
          kind: 'policy',
          voiceConnectorId: args.voiceConnectorId,
          region: args.region,
          share: args.share,
          actor,
          channelId,
          reply: { kind: 'response_url', responseUrl },
        });
      },
    },
  ],
  jobs: [
    defineJob({ kind: 'policy', schema: PolicyJobSchema, what: 'reading the approval policy', run: runPolicyJob }),
  ],
});
