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
}

export class WebApiSlackDirectory implements SlackDirectory {
  private readonly users: LRUCache<string, SlackUser>;
  private readonly groups: LRUCache<string, string[]>;

  constructor(client: WebClient, options: { ttlMs?: number } = {}) {
    const ttl = options.ttlMs ?? 60_000;
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
}
