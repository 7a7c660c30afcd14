import { z } from 'zod';
import type { Actor, ReplyTarget } from '../jobs/job';

/**
 * Slack glue, once: the actor, the reply target and the view state of any payload, read the same
 * way by every listener.
 *
 * `view.state.values` as Slack sends it: block id → action id → element state. It comes from the
 * client, so it is parsed with zod and read through these helpers, which never throw on a
 * missing or odd value (an empty string reads as "not given").
 */
const ElementStateSchema = z
  .object({
    type: z.string(),
    value: z.string().nullish(),
    selected_option: z.object({ value: z.string() }).nullish(),
    selected_options: z.array(z.object({ value: z.string() })).nullish(),
  })
  .loose();

export const ViewStateSchema = z.record(z.string(), z.record(z.string(), ElementStateSchema));
export type ViewStateValues = z.infer<typeof ViewStateSchema>;

export function parseViewState(values: unknown): ViewStateValues {
  const parsed = ViewStateSchema.safeParse(values ?? {});
  return parsed.success ? parsed.data : {};
}

/** A text input's value, or a select's or radio group's selected value; `''` when absent. */
export function inputValue(state: ViewStateValues, blockId: string, actionId: string): string {
  const element = state[blockId]?.[actionId];
  return element?.value ?? element?.selected_option?.value ?? '';
}

export function selectedValues(state: ViewStateValues, blockId: string, actionId: string): string[] {
  return state[blockId]?.[actionId]?.selected_options?.map((option) => option.value) ?? [];
}

/**
 * Who acted, from any payload Slack sends: a slash command (`user_id`, `team_id`, `user_name`)
 * or an interaction (`user.id`, `user.team_id` or `team.id`, `user.username` or `user.name`).
 * The one place the actor is read.
 *
 * @example
 * actorOf(command); // { userId: 'U0ALICE', teamId: 'T0TEAM', userName: 'alice' }
 * actorOf(body);    // from a block action or a view submission
 */
export function actorOf(payload: CommandPayload | InteractionPayload): Actor {
  if ('user_id' in payload) {
    return { userId: payload.user_id, teamId: payload.team_id, userName: payload.user_name || undefined };
  }
  return {
    userId: payload.user.id,
    teamId: payload.user.team_id ?? payload.team?.id ?? '',
    userName: payload.user.username ?? payload.user.name,
  };
}

interface CommandPayload {
  user_id: string;
  team_id: string;
  user_name?: string;
}

interface InteractionPayload {
  user: { id: string; team_id?: string; name?: string; username?: string };
  team?: { id: string } | null;
}

/**
 * Where the answer to a click goes: ephemeral in the message's channel, else the click's
 * response_url, else the modal it came from; `undefined` when the payload offers none.
 */
export function replyTargetOf(body: {
  channel?: { id?: string };
  response_url?: string;
  view?: { id?: string };
}): ReplyTarget | undefined {
  if (body.channel?.id) return { kind: 'ephemeral', channelId: body.channel.id };
  if (body.response_url) return { kind: 'response_url', responseUrl: body.response_url };
  if (body.view?.id) return { kind: 'view', viewId: body.view.id };
  return undefined;
}
