import type { Config } from '../config/config';
import type { PrincipalList } from '../config/principals';
import type { Actor } from '../jobs/job';
import type { Logger } from '../logging/logger';
import type { SlackDirectory } from './slack-directory';

export type Permission = 'read' | 'request' | 'approve';

export type AccessRefusal = 'wrong-workspace' | 'guest' | 'not-a-reader' | 'not-a-requester' | 'not-an-approver';

export type AccessDecision =
  | { allowed: true; actorName?: string }
  | { allowed: false; reason: AccessRefusal; message: string; actorName?: string };

/**
 * Who may do what: `ALLOWED_TEAMS`, guests (refused unless `ALLOW_GUESTS`), then `READERS`,
 * `REQUESTERS` (default: anyone who may read) and `APPROVERS`. Lists hold user IDs and user-group
 * IDs; group membership comes from the (cached) {@link SlackDirectory}.
 */
export class AccessPolicy {
  constructor(
    private readonly config: Pick<
      Config,
      'allowedTeams' | 'allowGuests' | 'readers' | 'requesters' | 'approvers' | 'approvalPolicy'
    >,
    /** Who is who in the workspace (names typed by hand are resolved through it too). */
    readonly directory: SlackDirectory,
    private readonly logger?: Logger,
  ) {}

  /** Pure part of the check, usable before the acknowledgement. */
  teamAllowed(teamId: string): boolean {
    return this.config.allowedTeams === undefined || this.config.allowedTeams.includes(teamId);
  }

  async check(actor: Actor, permission: Permission): Promise<AccessDecision> {
    if (!this.teamAllowed(actor.teamId)) {
      return { allowed: false, reason: 'wrong-workspace', message: 'This workspace is not allowed to use this bot.' };
    }
    const user = await this.directory.user(actor.userId);
    const actorName = user.name;
    if (user.isGuest && !this.config.allowGuests) {
      return { allowed: false, reason: 'guest', message: 'Guest accounts cannot use this bot.', actorName };
    }
    const readers = this.config.readers;
    switch (permission) {
      case 'read':
        if (readers && !(await this.isIn(actor.userId, readers))) {
          return { allowed: false, reason: 'not-a-reader', message: notIn('READERS', 'use this bot'), actorName };
        }
        return { allowed: true, actorName };
      case 'request': {
        const requesters = this.config.requesters ?? readers;
        if (requesters && !(await this.isIn(actor.userId, requesters))) {
          const variable = this.config.requesters ? 'REQUESTERS' : 'READERS';
          return { allowed: false, reason: 'not-a-requester', message: notIn(variable, 'request changes'), actorName };
        }
        return { allowed: true, actorName };
      }
      case 'approve':
        if (!(await this.isIn(actor.userId, this.config.approvers))) {
          return {
            allowed: false,
            reason: 'not-an-approver',
            message:
              this.config.approvalPolicy === undefined
                ? notIn('APPROVERS', 'approve or reject changes')
                : 'You are not allowed to approve or reject changes: no rule of the approval policy lists you (or one of your user groups) among its approvers.',
            actorName,
          };
        }
        return { allowed: true, actorName };
    }
  }

  /**
   * Where a person stands among a list of user and group IDs (a policy rule's approvers): whether
   * the list names them, directly or through a group, and which of the list's groups they are in.
   */
  async membership(userId: string, ids: readonly string[]): Promise<{ listed: boolean; groups: string[] }> {
    const groups: string[] = [];
    for (const id of ids.filter((candidate) => candidate.startsWith('S'))) {
      if (await this.isIn(userId, { userIds: [], groupIds: [id] })) groups.push(id);
    }
    return { listed: ids.includes(userId) || groups.length > 0, groups };
  }

  private async isIn(userId: string, list: PrincipalList): Promise<boolean> {
    if (list.userIds.includes(userId)) return true;
    for (const groupId of list.groupIds) {
      let members: string[];
      try {
        members = await this.directory.groupMembers(groupId);
      } catch (error) {
        // A group Slack does not know (a typo in the configuration, a deleted group) lets nobody
        // in through it, and must not turn every refusal into a crash.
        this.logger?.error({ err: error, groupId }, 'could not list the members of a configured user group');
        continue;
      }
      if (members.includes(userId)) return true;
    }
    return false;
  }
}

function notIn(variable: string, what: string): string {
  return `You are not allowed to ${what}: ask an admin to add you (or one of your user groups) to \`${variable}\`.`;
}
