import type { AnyMiddlewareArgs, App } from '@slack/bolt';
import { noticeMessage } from '../blocks/notice-message';
import type { ReplyTarget } from '../jobs/job';
import { registerChimeCommand } from './command/chime-command';
import type { ListenerDependencies } from './listener-dependencies';
import { registerMenuListeners } from './menu-listeners';
import { queueRefusal } from './refusals';

/**
 * Every listener, from one place: the HTTP server, Socket Mode and Lambda all call this. The
 * slash command and the menu are shared; each operation registers the listeners of its own.
 */
export function registerListeners(app: App, deps: ListenerDependencies): void {
  app.use(async (args) => {
    if (await refuseOtherWorkspaces(args, deps)) return;
    await args.next();
  });
  registerChimeCommand(app, deps);
  registerMenuListeners(app, deps);
  for (const operation of deps.registry.operations) operation.register?.(app, deps);

  app.error(async (error) => {
    // The one place unexpected listener errors end up: logged without the payload.
    deps.logger.error({ err: error }, 'unhandled error in a Slack listener');
  });
}

/**
 * `ALLOWED_TEAMS`: a request from another workspace is acknowledged with a refusal (a command
 * gets a message) and audited, and reaches no listener.
 */
async function refuseOtherWorkspaces(
  args: AnyMiddlewareArgs & { ack?: unknown },
  deps: ListenerDependencies,
): Promise<boolean> {
  const body = args.body as {
    team_id?: string;
    user_id?: string;
    channel_id?: string;
    command?: string;
    team?: { id?: string } | null;
    user?: { id?: string; team_id?: string };
    channel?: { id?: string };
    view?: { id?: string };
  };
  const teamId = body.team_id ?? body.user?.team_id ?? body.team?.id;
  if (teamId === undefined || deps.access.teamAllowed(teamId)) return false;

  const ack = typeof args.ack === 'function' ? (args.ack as (response?: unknown) => Promise<void>) : undefined;
  const refusal = noticeMessage({ tone: 'error', title: 'This workspace is not allowed to use this bot.' });
  if (body.command !== undefined)
    await ack?.({ response_type: 'ephemeral', text: refusal.text, blocks: refusal.blocks });
  else await ack?.();

  const userId = body.user_id ?? body.user?.id;
  const channelId = body.channel_id ?? body.channel?.id;
  const viewId = body.view?.id;
  const reply: ReplyTarget | undefined = channelId
    ? { kind: 'ephemeral', channelId }
    : viewId
      ? { kind: 'view', viewId }
      : undefined;
  if (userId !== undefined && reply !== undefined && /^[A-Z0-9]{2,}$/.test(teamId)) {
    await queueRefusal(deps.jobs, {
      actor: { userId, teamId },
      action: 'command',
      outcome: 'denied',
      reason: 'wrong-workspace',
      reply,
      channelId,
    });
  } else {
    deps.logger.warn({ teamId }, 'refused a request from a workspace that is not allowed');
  }
  return true;
}
