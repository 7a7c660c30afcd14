import type { AnyBlock } from '@slack/types';
import { z } from 'zod';
import {
  type BlockKitProblem,
  checkMessageBlocks,
  checkModalView,
  problemErrors,
  problemLines,
} from './block-kit-validation';
import { type ModalViewInput, toViewPayload } from './modal-view';
import { toConversationPayload, toMessagePayload, toUserPayload } from './slack-payloads';
import type { ChannelMessage, SlackWorkspace } from './workspace';
import type { SlackChannel } from './workspace-fixture';

/** The JSON a Web API method answers with: `{ ok: true, … }` or `{ ok: false, error, … }`. */
export type WebApiAnswer = { ok: boolean } & Record<string, unknown>;

export interface WebApiMethodContext {
  workspace: SlackWorkspace;
  /** Notes something Slack accepts but a well-behaved app avoids; kept on the call record. */
  warn(message: string): void;
}

export type WebApiMethod = (args: Record<string, unknown>, context: WebApiMethodContext) => WebApiAnswer;

function refuse(error: string, problems: readonly BlockKitProblem[] = []): WebApiAnswer {
  if (problems.length === 0) return { ok: false, error };
  return {
    ok: false,
    error,
    errors: problemErrors(problems),
    response_metadata: { messages: problemLines(problems) },
  };
}

type Parsed<T> = { ok: true; args: T } | { ok: false; answer: WebApiAnswer };

function parseArgs<T>(schema: z.ZodType<T>, args: Record<string, unknown>): Parsed<T> {
  const result = schema.safeParse(args);
  if (result.success) return { ok: true, args: result.data };
  const problems = result.error.issues.map((issue) => ({
    pointer: `/${issue.path.join('/')}`,
    message: issue.code === 'invalid_type' && issue.input === undefined ? 'missing required field' : issue.message,
  }));
  return { ok: false, answer: refuse('invalid_arguments', problems) };
}

const optionalString = z.string().optional();

const PostMessageArgs = z.looseObject({
  channel: optionalString,
  text: optionalString,
  blocks: z.unknown().optional(),
  thread_ts: optionalString,
});

const UpdateMessageArgs = z.looseObject({
  channel: optionalString,
  ts: z.string(),
  text: optionalString,
  blocks: z.unknown().optional(),
});

const PostEphemeralArgs = z.looseObject({
  channel: optionalString,
  user: z.string(),
  text: optionalString,
  blocks: z.unknown().optional(),
});

const DeleteMessageArgs = z.looseObject({ channel: optionalString, ts: z.string() });
const PermalinkArgs = z.looseObject({ channel: optionalString, message_ts: z.string() });
const OpenViewArgs = z.looseObject({ trigger_id: z.string(), view: z.unknown() });
const UpdateViewArgs = z.looseObject({
  view_id: optionalString,
  external_id: optionalString,
  hash: optionalString,
  view: z.unknown(),
});
const UserArgs = z.looseObject({ user: z.string() });
const UserGroupArgs = z.looseObject({ usergroup: z.string() });
const ChannelArgs = z.looseObject({ channel: optionalString });

/** Slack refuses message text beyond this many characters (`msg_too_long`). */
const MESSAGE_TEXT_LIMIT = 40_000;

type MessageContent = { ok: true; text: string | undefined; blocks: AnyBlock[] | undefined };

/** The checks `chat.postMessage`, `chat.postEphemeral` and `chat.update` share. */
function checkMessageContent(
  args: { text?: string | undefined; blocks?: unknown },
  context: WebApiMethodContext,
): MessageContent | { ok: false; answer: WebApiAnswer } {
  const verdict = checkMessageBlocks(args.blocks);
  if (!verdict.ok) return { ok: false, answer: refuse(verdict.error, verdict.problems) };
  const text = args.text;
  if ((text === undefined || text === '') && verdict.blocks.length === 0) {
    return { ok: false, answer: refuse('no_text') };
  }
  if (text !== undefined && text.length > MESSAGE_TEXT_LIMIT) return { ok: false, answer: refuse('msg_too_long') };
  if ((text === undefined || text === '') && verdict.blocks.length > 0) {
    context.warn('blocks were sent without a top-level text fallback');
  }
  return { ok: true, text, blocks: args.blocks === undefined ? undefined : verdict.blocks };
}

/**
 * Slack keeps no ephemeral message a method could address: `chat.update`, `chat.delete` and
 * `chat.getPermalink` answer `message_not_found` for one, as for a message that never was. The
 * call log says why, since the app is looking at the message's ts.
 */
function refuseEphemeral(
  method: string,
  ts: string,
  channelId: string,
  context: WebApiMethodContext,
): WebApiAnswer | undefined {
  const ephemeral = context.workspace.ephemeral(ts);
  if (ephemeral === undefined || ephemeral.channelId !== channelId) return undefined;
  context.warn(
    `${ts} is an ephemeral message: Slack cannot ${method} it. Replace or delete it through the response_url of a click on it (replace_original / delete_original).`,
  );
  return refuse('message_not_found');
}

type Named<T> = ({ ok: true } & T) | { ok: false; answer: WebApiAnswer };

/**
 * The arguments of chat.update, chat.delete or chat.getPermalink and the channel message they
 * name (`tsOf` finds its ts; `doing` says what the call does, for the warning). An ephemeral
 * message's ts is refused with `message_not_found`, as Slack refuses it.
 */
function parseMessageArgs<T extends { channel?: string | undefined }>(
  schema: z.ZodType<T>,
  rawArgs: Record<string, unknown>,
  tsOf: (args: T) => string,
  doing: string,
  context: WebApiMethodContext,
): Named<{ args: T; channel: SlackChannel; message: ChannelMessage }> {
  const parsed = parseArgs(schema, rawArgs);
  if (!parsed.ok) return parsed;
  const { args } = parsed;
  const channel = args.channel === undefined ? undefined : context.workspace.channel(args.channel);
  if (channel === undefined) return { ok: false, answer: refuse('channel_not_found') };
  const ts = tsOf(args);
  const message = context.workspace.message(channel.id, ts);
  if (message === undefined) {
    return { ok: false, answer: refuseEphemeral(doing, ts, channel.id, context) ?? refuse('message_not_found') };
  }
  return { ok: true, args, channel, message };
}

/** The arguments of views.open, views.push or views.update, and their modal once Block Kit validation accepts it. */
function parseViewArgs<T extends { view: unknown }>(
  schema: z.ZodType<T>,
  rawArgs: Record<string, unknown>,
): Named<{ args: T; view: ModalViewInput }> {
  const parsed = parseArgs(schema, rawArgs);
  if (!parsed.ok) return parsed;
  const verdict = checkModalView(parsed.args.view);
  if (!verdict.ok) return { ok: false, answer: refuse(verdict.error, verdict.problems) };
  return { ok: true, args: parsed.args, view: verdict.view };
}

const authTest: WebApiMethod = (_args, { workspace }) => ({
  ok: true,
  url: `https://${workspace.team.domain}.slack.com/`,
  team: workspace.team.name,
  user: workspace.bot.name,
  team_id: workspace.team.id,
  user_id: workspace.bot.userId,
  bot_id: workspace.bot.botId,
  is_enterprise_install: false,
});

/**
 * The arguments of chat.postMessage or chat.postEphemeral and the conversation they name: a
 * channel, or a user ID's direct messages with the bot.
 */
function parsePostArgs<T extends { channel?: string | undefined }>(
  schema: z.ZodType<T>,
  rawArgs: Record<string, unknown>,
  workspace: SlackWorkspace,
): Named<{ args: T; channel: SlackChannel }> {
  const parsed = parseArgs(schema, rawArgs);
  if (!parsed.ok) return parsed;
  const channel = parsed.args.channel === undefined ? undefined : workspace.resolveConversation(parsed.args.channel);
  if (channel === undefined) return { ok: false, answer: refuse('channel_not_found') };
  return { ok: true, args: parsed.args, channel };
}

const postMessage: WebApiMethod = (rawArgs, context) => {
  const { workspace } = context;
  const parsed = parsePostArgs(PostMessageArgs, rawArgs, workspace);
  if (!parsed.ok) return parsed.answer;
  const { args, channel } = parsed;
  if (!channel.memberIds.includes(workspace.bot.userId)) return refuse('not_in_channel');
  const content = checkMessageContent(args, context);
  if (!content.ok) return content.answer;
  if (args.thread_ts !== undefined && workspace.message(channel.id, args.thread_ts) === undefined) {
    return refuse('thread_not_found');
  }
  const message = workspace.postMessage({
    channelId: channel.id,
    text: content.text ?? '',
    blocks: content.blocks ?? [],
    asBot: true,
    ...(args.thread_ts !== undefined ? { threadTs: args.thread_ts } : {}),
    via: 'chat.postMessage',
  });
  return { ok: true, channel: channel.id, ts: message.ts, message: toMessagePayload(message, workspace.team) };
};

const updateMessage: WebApiMethod = (rawArgs, context) => {
  const { workspace } = context;
  const named = parseMessageArgs(UpdateMessageArgs, rawArgs, (args) => args.ts, 'update', context);
  if (!named.ok) return named.answer;
  const { args, channel, message: existing } = named;
  if (existing.botId !== workspace.bot.botId) return refuse('cant_update_message');
  const content = checkMessageContent(args, context);
  if (!content.ok) return content.answer;
  const message = workspace.updateMessage(channel.id, existing.ts, {
    ...(content.text !== undefined ? { text: content.text } : {}),
    ...(content.blocks !== undefined ? { blocks: content.blocks } : {}),
    editedBy: workspace.bot.userId,
  });
  if (message === undefined) return refuse('message_not_found');
  return {
    ok: true,
    channel: channel.id,
    ts: message.ts,
    text: message.text,
    message: toMessagePayload(message, workspace.team),
  };
};

const postEphemeral: WebApiMethod = (rawArgs, context) => {
  const { workspace } = context;
  const parsed = parsePostArgs(PostEphemeralArgs, rawArgs, workspace);
  if (!parsed.ok) return parsed.answer;
  const { args, channel } = parsed;
  if (workspace.user(args.user) === undefined) return refuse('user_not_found');
  if (!channel.memberIds.includes(args.user)) return refuse('user_not_in_channel');
  const content = checkMessageContent(args, context);
  if (!content.ok) return content.answer;
  const ephemeral = workspace.postEphemeral({
    channelId: channel.id,
    userId: args.user,
    text: content.text ?? '',
    blocks: content.blocks ?? [],
    via: 'chat.postEphemeral',
  });
  return { ok: true, message_ts: ephemeral.ts };
};

const deleteMessage: WebApiMethod = (rawArgs, context) => {
  const { workspace } = context;
  const named = parseMessageArgs(DeleteMessageArgs, rawArgs, (args) => args.ts, 'delete', context);
  if (!named.ok) return named.answer;
  const { channel, message: existing } = named;
  if (existing.botId !== workspace.bot.botId) return refuse('cant_delete_message');
  workspace.deleteMessage(channel.id, existing.ts);
  return { ok: true, channel: channel.id, ts: existing.ts };
};

const getPermalink: WebApiMethod = (rawArgs, context) => {
  const { workspace } = context;
  const named = parseMessageArgs(PermalinkArgs, rawArgs, (args) => args.message_ts, 'link to', context);
  if (!named.ok) return named.answer;
  const { channel, message } = named;
  return {
    ok: true,
    channel: channel.id,
    permalink: `https://${workspace.team.domain}.slack.com/archives/${channel.id}/p${message.ts.replace('.', '')}`,
  };
};

const openView: WebApiMethod = (rawArgs, { workspace }) => {
  const verdict = parseViewArgs(OpenViewArgs, rawArgs);
  if (!verdict.ok) return verdict.answer;
  const externalId = verdict.view.external_id;
  if (externalId !== undefined && workspace.findOpenView({ externalId }) !== undefined) {
    return refuse('duplicate_external_id');
  }
  const redemption = workspace.redeemTrigger(verdict.args.trigger_id);
  if (!redemption.ok) return refuse(redemption.error);
  const view = workspace.openView(redemption.trigger.userId, verdict.view);
  return { ok: true, view: toViewPayload(view, workspace.bot) };
};

const pushView: WebApiMethod = (rawArgs, { workspace }) => {
  const verdict = parseViewArgs(OpenViewArgs, rawArgs);
  if (!verdict.ok) return verdict.answer;
  const redemption = workspace.redeemTrigger(verdict.args.trigger_id);
  if (!redemption.ok) return refuse(redemption.error);
  const userId = redemption.trigger.userId;
  if (workspace.topView(userId) === undefined) return refuse('not_found');
  const view = workspace.pushView(userId, verdict.view);
  if (view === undefined) return refuse('push_limit_reached');
  return { ok: true, view: toViewPayload(view, workspace.bot) };
};

const updateView: WebApiMethod = (rawArgs, { workspace }) => {
  const parsed = parseArgs(UpdateViewArgs, rawArgs);
  if (!parsed.ok) return parsed.answer;
  const { view_id: viewId, external_id: externalId, hash } = parsed.args;
  if (viewId === undefined && externalId === undefined) {
    return refuse('invalid_arguments', [
      { pointer: '/view_id', message: 'missing required field: view_id or external_id' },
    ]);
  }
  const verdict = checkModalView(parsed.args.view);
  if (!verdict.ok) return refuse(verdict.error, verdict.problems);
  const existing = workspace.findOpenView(viewId !== undefined ? { viewId } : { externalId: externalId ?? '' });
  if (existing === undefined) return refuse('not_found');
  if (hash !== undefined && hash !== '' && hash !== existing.hash) return refuse('hash_conflict');
  const newExternalId = verdict.view.external_id;
  if (newExternalId !== undefined) {
    const holder = workspace.findOpenView({ externalId: newExternalId });
    if (holder !== undefined && holder.id !== existing.id) return refuse('duplicate_external_id');
  }
  const view = workspace.updateView(existing.id, verdict.view);
  if (view === undefined) return refuse('not_found');
  return { ok: true, view: toViewPayload(view, workspace.bot) };
};

const PublishViewArgs = z.object({
  user_id: z.string().min(1),
  view: z.object({ type: z.literal('home'), blocks: z.array(z.unknown()).max(100) }).loose(),
});

/** `views.publish`: the person's Home tab (type `home`, at most 100 blocks). */
const publishView: WebApiMethod = (rawArgs, { workspace }) => {
  const parsed = parseArgs(PublishViewArgs, rawArgs);
  if (!parsed.ok) return parsed.answer;
  if (workspace.user(parsed.args.user_id) === undefined) return refuse('user_not_found');
  workspace.publishHome(parsed.args.user_id, parsed.args.view.blocks);
  return { ok: true, view: { id: `VHOME${parsed.args.user_id}`, type: 'home', blocks: parsed.args.view.blocks } };
};

const usersInfo: WebApiMethod = (rawArgs, { workspace }) => {
  const parsed = parseArgs(UserArgs, rawArgs);
  if (!parsed.ok) return parsed.answer;
  const user = workspace.user(parsed.args.user);
  if (user === undefined) return refuse('user_not_found');
  return { ok: true, user: toUserPayload(user, workspace.team) };
};

const UsersListArgs = z.looseObject({
  cursor: optionalString,
  limit: z.union([z.number(), z.string()]).optional(),
});

/** `users.list`, paged as Slack pages it: `limit` (Slack's default 0 means up to 1000 here), `response_metadata.next_cursor`. */
const usersList: WebApiMethod = (rawArgs, { workspace }) => {
  const parsed = parseArgs(UsersListArgs, rawArgs);
  if (!parsed.ok) return parsed.answer;
  const limit = Number(parsed.args.limit ?? 0);
  if (!Number.isInteger(limit) || limit < 0) return refuse('invalid_limit');
  const pageSize = limit === 0 ? 1000 : Math.min(limit, 1000);
  const start = parsed.args.cursor
    ? Number.parseInt(Buffer.from(parsed.args.cursor, 'base64').toString('utf8'), 10)
    : 0;
  if (!Number.isInteger(start) || start < 0) return refuse('invalid_cursor');
  const users = workspace.listUsers();
  const page = users.slice(start, start + pageSize);
  const next = start + pageSize < users.length ? Buffer.from(String(start + pageSize)).toString('base64') : '';
  return {
    ok: true,
    members: page.map((user) => toUserPayload(user, workspace.team)),
    response_metadata: { next_cursor: next },
  };
};

const userGroupMembers: WebApiMethod = (rawArgs, { workspace }) => {
  const parsed = parseArgs(UserGroupArgs, rawArgs);
  if (!parsed.ok) return parsed.answer;
  const group = workspace.userGroup(parsed.args.usergroup);
  if (group === undefined) return refuse('no_such_subteam');
  return { ok: true, users: [...group.userIds] };
};

const conversationInfo: WebApiMethod = (rawArgs, { workspace }) => {
  const parsed = parseArgs(ChannelArgs, rawArgs);
  if (!parsed.ok) return parsed.answer;
  const channel = parsed.args.channel === undefined ? undefined : workspace.channel(parsed.args.channel);
  if (channel === undefined) return refuse('channel_not_found');
  const createdSeconds = Math.floor(workspace.clock.now() / 1000);
  return { ok: true, channel: toConversationPayload(channel, workspace.bot.userId, createdSeconds) };
};

/** The Web API methods the stand-in answers; anything else gets `unknown_method`. */
export const webApiMethods: Readonly<Record<string, WebApiMethod>> = {
  'auth.test': authTest,
  'chat.postMessage': postMessage,
  'chat.update': updateMessage,
  'chat.postEphemeral': postEphemeral,
  'chat.delete': deleteMessage,
  'chat.getPermalink': getPermalink,
  'views.open': openView,
  'views.publish': publishView,
  'views.push': pushView,
  'views.update': updateView,
  'users.info': usersInfo,
  'users.list': usersList,
  'usergroups.users.list': userGroupMembers,
  'conversations.info': conversationInfo,
};
