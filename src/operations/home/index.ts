import { z } from 'zod';
import type { ChangeRequest } from '../../changes/change-request';
import { authorise } from '../../handlers/jobs/authorise';
import type { WorkerDependencies } from '../../handlers/jobs/worker-dependencies';
import { jobCommon, SlackIdSchema } from '../../jobs/job';
import { defineJob, defineOperation } from '../operation';
import { homeView } from './home-view';
import { HomeActionId } from './ids';

export const HomeJobSchema = z.object({ kind: z.literal('home'), ...jobCommon });

/** The `app_home_opened` event as this bot reads it (the event comes back from Slack, signed). */
const AppHomeOpenedSchema = z.object({
  user: SlackIdSchema,
  tab: z.string().max(20).optional(),
  channel: SlackIdSchema.optional(),
});

/**
 * Renders the person's Home tab from Query-only access paths: pending requests (the open index),
 * break-glass changes waiting for review (their review items in the same index), filtered to what
 * this person may approve.
 */
async function runHomeJob(job: z.infer<typeof HomeJobSchema>, deps: WorkerDependencies): Promise<void> {
  const context = await authorise(deps, job, 'read', 'command');
  if (context === undefined) return;
  const userId = job.actor.userId;
  const [pending, unreviewed] = await Promise.all([deps.changes.pending(50), deps.changes.unreviewed(25)]);
  const mayApprove = (await deps.access.check(job.actor, 'approve')).allowed;
  const waitingForYou: ChangeRequest[] = [];
  for (const request of pending) {
    if (!mayApprove || request.requesterId === userId) continue;
    if ((request.approvals ?? []).some((approval) => approval.userId === userId)) continue;
    const rule = request.approval;
    if (
      rule !== undefined &&
      !(await deps.access.membership(userId, [...rule.approvers, ...rule.requireFrom])).listed
    ) {
      continue;
    }
    waitingForYou.push(request);
  }
  const yourOpenRequests = pending.filter((request) => request.requesterId === userId);
  const reviewable = mayApprove ? unreviewed.filter((request) => request.requesterId !== userId) : [];
  const permalinks = new Map<string, string>();
  await Promise.all(
    [...waitingForYou, ...yourOpenRequests, ...reviewable].map(async (request) => {
      if (request.message === undefined || permalinks.has(request.id)) return;
      const answer = await deps.client.chat
        .getPermalink({ channel: request.message.channelId, message_ts: request.message.ts })
        .catch(() => undefined);
      if (answer?.permalink !== undefined) permalinks.set(request.id, answer.permalink);
    }),
  );
  await deps.client.views.publish({
    user_id: userId,
    view: homeView({ waitingForYou, yourOpenRequests, unreviewed: reviewable, permalinks, now: deps.clock.now() }),
  });
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
