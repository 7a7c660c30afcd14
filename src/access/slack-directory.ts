import type { WebClient } from '@slack/web-api';
import { LRUCache } from 'lru-cache';

/** What the bot needs to know about a Slack user. */
export interface SlackUser {
  id: string;
  /** Display name, else real name, else handle. */
  name?: string;
  /** Restricted (multi-channel) or ultra-restricted (single-channel) guest. */
  isGuest: boolean;
}

/**
 * Slack's user directory, as far as access decisions need it. `users.info` and
 * `usergroups.users.list` are rate-limited (Tier 4 and Tier 2), so answers are cached.
 *
 * @example
 * const approvers = await directory.groupMembers('S0APPROVERS'); // ['U0APPROVER', …]
 */
export interface SlackDirectory {
  user(userId: string): Promise<SlackUser>;
  groupMembers(groupId: string): Promise<string[]>;
  /**
   * The people a name typed by hand may mean (`alice`, `@alice`, `Alice Smith`): those whose
   * handle, display name or real name is exactly that, ignoring case. Deleted users and bots are
   * left out.
   */
  usersNamed(name: string): Promise<SlackUser[]>;
}

/** How a name is compared: no leading `@`, no case, single spaces. */
export function normalisedName(name: string): string {
  return name.replace(/^@/, '').trim().replace(/\s+/g, ' ').toLowerCase();
}

export class WebApiSlackDirectory implements SlackDirectory {
  private readonly users: LRUCache<string, SlackUser>;
  private readonly groups: LRUCache<string, string[]>;
  /** `users.list` (Tier 2): the whole directory, read page by page, at most once per ttl. */
  private readonly everyone: LRUCache<'all', NamedUser[]>;

  constructor(client: WebClient, options: { ttlMs?: number } = {}) {
    const ttl = options.ttlMs ?? 60_000;
    this.everyone = new LRUCache<'all', NamedUser[]>({
      max: 1,
      ttl,
      fetchMethod: async () => {
        const users: NamedUser[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < 100; page += 1) {
          const answer = await client.users.list({ limit: 200, ...(cursor ? { cursor } : {}) });
          for (const member of answer.members ?? []) {
            if (member.id === undefined || member.deleted || member.is_bot) continue;
            users.push({
              id: member.id,
              name: member.profile?.display_name || member.real_name || member.name || undefined,
              isGuest: Boolean(member.is_restricted || member.is_ultra_restricted),
              names: [member.name, member.profile?.display_name, member.real_name]
                .filter((name): name is string => typeof name === 'string' && name.trim() !== '')
                .map(normalisedName),
            });
          }
          cursor = answer.response_metadata?.next_cursor || undefined;
          if (cursor === undefined) break;
        }
        return users;
      },
    });
    this.users = new LRUCache<string, SlackUser>({
      max: 5_000,
      ttl,
      fetchMethod: async (userId) => {
        const answer = await client.users.info({ user: userId });
        const user = answer.user;
        return {
          id: userId,
          name: user?.profile?.display_name || user?.real_name || user?.name || undefined,
          isGuest: Boolean(user?.is_restricted || user?.is_ultra_restricted),
        };
      },
    });
    this.groups = new LRUCache<string, string[]>({
      max: 500,
      ttl,
      fetchMethod: async (groupId) => {
        const answer = await client.usergroups.users.list({ usergroup: groupId });
        return answer.users ?? [];
      },
    });
  }

  async user(userId: string): Promise<SlackUser> {
    const user = await this.users.fetch(userId);
    if (user === undefined) throw new Error(`users.info gave no answer for ${userId}`);
    return user;
  }

  async groupMembers(groupId: string): Promise<string[]> {
    return (await this.groups.fetch(groupId)) ?? [];
  }

  async usersNamed(name: string): Promise<SlackUser[]> {
    const wanted = normalisedName(name);
    const everyone = (await this.everyone.fetch('all')) ?? [];
    return everyone.filter((user) => user.names.includes(wanted)).map(({ names: _names, ...user }) => user);
  }
}

interface NamedUser extends SlackUser {
  names: string[];
}
