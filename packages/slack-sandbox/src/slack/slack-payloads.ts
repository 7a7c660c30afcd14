import type { JsonObject } from './block-elements';
import type { ChannelMessage } from './workspace';
import type { SlackChannel, SlackTeam, SlackUser } from './workspace-fixture';

/** Slack's JSON for the objects the stand-in hands to the bot, built from the workspace's records. */

export function toMessagePayload(message: ChannelMessage, team: SlackTeam): JsonObject {
  return {
    type: 'message',
    ...(message.botId !== undefined ? { subtype: 'bot_message', bot_id: message.botId, app_id: message.appId } : {}),
    text: message.text,
    user: message.userId,
    ts: message.ts,
    team: team.id,
    blocks: structuredClone(message.blocks),
    ...(message.threadTs !== undefined ? { thread_ts: message.threadTs } : {}),
    ...(message.edited !== undefined ? { edited: { user: message.edited.userId, ts: message.edited.ts } } : {}),
  };
}

export function toUserPayload(user: SlackUser, team: SlackTeam): JsonObject {
  return {
    id: user.id,
    team_id: team.id,
    name: user.name,
    deleted: false,
    real_name: user.realName,
    tz: user.timeZone,
    is_admin: user.isAdmin,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: user.isRestricted,
    is_ultra_restricted: user.isUltraRestricted,
    is_bot: user.isBot,
    is_app_user: false,
    profile: {
      real_name: user.realName,
      real_name_normalized: user.realName,
      display_name: user.displayName,
      display_name_normalized: user.displayName,
      team: team.id,
    },
  };
}

export function toConversationPayload(channel: SlackChannel, viewerId: string, createdSeconds: number): JsonObject {
  const isDirectMessage = channel.directMessageUserId !== undefined;
  return {
    id: channel.id,
    created: createdSeconds,
    is_channel: !isDirectMessage && !channel.isPrivate,
    is_group: !isDirectMessage && channel.isPrivate,
    is_im: isDirectMessage,
    is_mpim: false,
    is_private: channel.isPrivate,
    is_archived: false,
    is_general: false,
    is_member: channel.memberIds.includes(viewerId),
    ...(isDirectMessage
      ? { user: channel.directMessageUserId }
      : { name: channel.name, name_normalized: channel.name }),
    num_members: channel.memberIds.length,
  };
}
