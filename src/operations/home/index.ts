import { z } from 'zod';
import { authorise } from '../../handlers/jobs/authorise';
import type { WorkerDependencies } from '../../handlers/jobs/worker-dependencies';
import { jobCommon, SlackIdSchema } from '../../jobs/job';
import { defineJob, defineOperation } from '../operation';
import { HomeActionId } from './ids';
import { publishHome } from './publish-home';

export const HomeJobSchema = z.object({ kind: z.literal('home'), ...jobCommon });

/** The `app_home_opened` event as this bot reads it (the event comes back from Slack, signed). */
const AppHomeOpenedSchema = z.object({
  user: SlackIdSchema,
  tab: z.string().max(20).optional(),
  channel: SlackIdSchema.optional(),
});

/** Renders the person's Home tab (see `publishHome`), once they may read. */
async function runHomeJob(job: z.infer<typeof HomeJobSchema>, deps: WorkerDependencies): Promise<void> {
  const context = await authorise(deps, job, 'read', 'command');
  if (context === undefined) return;
  await publishHome(deps, job.actor);
}

/** The bot's Home tab (`app_home_opened`, Events API). */
export const home = defineOperation({
  name: 'home',
  ids: { actionIds: Object.values(HomeActionId) },
  jobs: [defineJob({ kind: 'home', schema: HomeJobSchema, what: 'showing your Home tab', run: runHomeJob })],
  register(app, deps) {
    app.event('app_home_opened', async ({ event, body, context }) => {
      // Slack retries an event whose acknowledgement was late; the first delivery already queued it.
      if (context.retryNum !== undefined) return;
      const parsed = AppHomeOpenedSchema.safeParse(event);
      if (!parsed.success || (parsed.data.tab !== undefined && parsed.data.tab !== 'home')) return;
      const teamId = SlackIdSchema.safeParse(body.team_id);
      if (!teamId.success || !deps.access.teamAllowed(teamId.data)) return;
      // The app's DM channel: where a refusal is told.
      const channelId = parsed.data.channel;
      if (channelId === undefined) return;
      await deps.jobs.enqueue({
        kind: 'home',
        actor: { userId: parsed.data.user, teamId: teamId.data },
        reply: { kind: 'ephemeral', channelId },
      });
    });
    app.action(HomeActionId.OpenRequest, async ({ ack }) => {
      await ack();
    });
  },
});
