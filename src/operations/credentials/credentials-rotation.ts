import { slackDate } from '../../blocks/slack-formatting';
import type { ChangeRequest } from '../../changes/change-request';
import type { TerminationHealthPing } from '../health/health-calls';
import { timeAgo } from '../health/health-card';
import { CredentialsChangeSchema, CredentialsProposalSchema } from './credentials-change';

/** The words on top of a rotation's first step. */
export const ROTATE_GUIDANCE =
  '🔄 *Rotating credentials, step 1 of 2.* Add a new username and password, and give them to the PBX. Once this is applied, its result offers *Remove the old usernames*, a request of its own, so that the old password stops working.';

/**
 * The old usernames of an applied rotation: those the connector had before it that the rotation did
 * not set, and that still exist.
 *
 * @example
 * oldUsernames(rotation, ['pbx-2024', 'pbx-2025']); // ['pbx-2024']
 */
export function oldUsernames(rotation: ChangeRequest, usernamesNow: readonly string[]): string[] {
  const before = CredentialsChangeSchema.safeParse(rotation.before);
  const proposal = CredentialsProposalSchema.safeParse(rotation.proposed);
  if (!before.success || !proposal.success) return [];
  const set = new Set(proposal.data.credentials.usernames);
  return before.data.credentials.usernames.filter((name) => !set.has(name) && usernamesNow.includes(name));
}

/**
 * The words on top of a rotation's second step: whether the PBX has pinged since the new
 * credentials were applied. A ping proves the PBX still reaches AWS, not which credentials it used.
 */
export function removeOldGuidance(
  rotation: ChangeRequest,
  ping: TerminationHealthPing | undefined,
  now: number,
): string {
  const appliedAt = rotation.updatedAt;
  const caveat = 'A ping shows that the PBX still reaches AWS; it cannot show which credentials it used.';
  const pinged =
    ping?.timestamp !== undefined && ping.timestamp.getTime() > appliedAt
      ? `🟢 A health ping arrived ${slackDate(ping.timestamp)} (${timeAgo(ping.timestamp.getTime(), now)}), after the new credentials of ${rotation.id} were applied.`
      : `⚠️ No health ping since the new credentials of ${rotation.id} were applied (${slackDate(new Date(appliedAt))}). Make sure the PBX uses them before removing the old ones.`;
  return `🔄 *Rotating credentials, step 2 of 2: remove the old usernames.*\n${pinged} ${caveat}`;
}
