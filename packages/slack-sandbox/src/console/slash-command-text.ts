import type { SlackWorkspace } from '../slack/workspace';
import { escapeForSlack } from './console-view';

/** `@name` or `#name` after a space (or at the start), up to a space or closing punctuation. */
const REFERENCE = /(^|[\s(])([@#])([A-Za-z0-9][\w.-]*?)(?=$|[\s,;:!?)]|\.(?:\s|$))/g;

const SPECIAL_MENTIONS: Readonly<Record<string, string>> = {
  here: '<!here>',
  channel: '<!channel>',
  everyone: '<!everyone>',
};

/**
 * The text of a slash command as Slack hands it to an app whose command escapes channels, users
 * and links (`should_escape: true` in the app manifest): `&`, `<` and `>` as entities, and every
 * `@name` or `#channel` that names someone or something in the workspace as Slack's own markup.
 * Names nobody has stay as they were typed, as in Slack.
 *
 * @example
 * escapeSlashCommandText(workspace, 'audit --user @alice'); // 'audit --user <@U0REQUESTER|alice>'
 * escapeSlashCommandText(workspace, 'ping @voice-approvers in #voice-ops');
 * // 'ping <!subteam^S0APPROVERS|@voice-approvers> in <#C0OPS|voice-ops>'
 */
export function escapeSlashCommandText(workspace: SlackWorkspace, text: string): string {
  return escapeForSlack(text).replace(REFERENCE, (whole, before: string, sigil: string, name: string) => {
    const markup = sigil === '@' ? mentionOf(workspace, name) : channelLinkOf(workspace, name);
    return markup === undefined ? whole : `${before}${markup}`;
  });
}

function mentionOf(workspace: SlackWorkspace, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const special = SPECIAL_MENTIONS[wanted];
  if (special !== undefined) return special;
  const person = workspace
    .listUsers()
    .find((user) => user.name.toLowerCase() === wanted || user.displayName.toLowerCase() === wanted);
  if (person !== undefined) return `<@${person.id}|${person.name}>`;
  const group = workspace.listUserGroups().find((candidate) => candidate.handle.toLowerCase() === wanted);
  return group === undefined ? undefined : `<!subteam^${group.id}|@${group.handle}>`;
}

function channelLinkOf(workspace: SlackWorkspace, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const channel = workspace
    .listChannels()
    .find((candidate) => candidate.directMessageUserId === undefined && candidate.name === wanted);
  return channel === undefined ? undefined : `<#${channel.id}|${channel.name}>`;
}
