import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import type { ListenerDependencies } from '../../handlers/listener-dependencies';
import { queueMalformedButtonRefusal } from '../../handlers/refusals';
import { actorOf, replyTargetOf } from '../../handlers/slack-payload';
import { ConnectorRefSchema, jobCommon } from '../../jobs/job';
import { defineJob, defineOperation } from '../operation';
import { parseDriftButtonValue } from './drift-alert-message';
import { runDriftDecisionJob } from './drift-jobs';
import { DriftIds } from './ids';

export const DriftDecisionJobSchema = z.object({
  kind: z.literal('drift-decision'),
  decision: z.enum(['accept', 'revert']),
  ref: ConnectorRefSchema,
  /** The alert's version the button was on. */
  driftHash: z.string().regex(/^[0-9a-f]{64}$/),
  ...jobCommon,
});

/** Accept as baseline / Revert to baseline on a drift alert: acknowledge, then hand over to the worker. */
function registerDriftListeners(app: App, deps: ListenerDependencies): void {
  for (const [actionId, decision] of [
    [DriftIds.acceptAction, 'accept'],
    [DriftIds.revertAction, 'revert'],
  ] as const) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action }) => {
      await ack();
      const reply = replyTargetOf(body);
      if (reply === undefined) throw new Error('block action has nowhere to reply');
      const value = parseDriftButtonValue(action.value);
      if (value === undefined) {
        await queueMalformedButtonRefusal(
          deps.jobs,
          body,
          decision === 'accept' ? 'drift.accept' : 'drift.revert',
          reply,
        );
        return;
      }
      await deps.jobs.enqueue({
        kind: 'drift-decision',
        decision,
        ref: { voiceConnectorId: value.c, region: value.r },
        driftHash: value.h,
        actor: actorOf(body),
        channelId: body.channel?.id,
        reply,
      });
    });
  }
}

/**
 * Drift detection's Slack side: the alert's buttons and the job that carries them out. The check
 * itself runs on a schedule (`src/drift/`), not from a command.
 */
export const drift = defineOperation({
  name: 'drift',
  jobs: [
    defineJob({
      kind: 'drift-decision',
      schema: DriftDecisionJobSchema,
      what: 'deciding on the drift alert',
      run: runDriftDecisionJob,
    }),
  ],
  ids: { actionIds: [DriftIds.acceptAction, DriftIds.revertAction], blockIds: [DriftIds.actionsBlock] },
  register: registerDriftListeners,
});
