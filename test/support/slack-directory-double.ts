import { normalisedName, type SlackDirectory, type SlackUser } from '../../src/access/slack-directory';

/**
 * An in-memory {@link SlackDirectory}: a few people (guests by id), user groups with their
 * members, and a record of every lookup. Names are the user id without its `U0` prefix, in lower
 * case (`U0OUTSIDER` → `outsider`), unless given. A group it does not know fails as Slack's
 * `usergroups.users.list` does.
 *
 * @example
 * const directory = new InMemorySlackDirectory({ guests: ['U0GUEST'], groups: { S0VOICE: ['U0MEMBER'] } });
 */
export class InMemorySlackDirectory implements SlackDirectory {
  readonly userLookups: string[] = [];
  readonly groupLookups: string[] = [];
  private readonly guests: ReadonlySet<string>;
  private readonly groups: ReadonlyMap<string, readonly string[]>;
  private readonly names: Readonly<Record<string, string>>;

  constructor(
    options: {
      guests?: readonly string[];
      groups?: Record<string, readonly string[]>;
      names?: Record<string, string>;
    } = {},
  ) {
    this.guests = new Set(options.guests ?? []);
    this.groups = new Map(Object.entries(options.groups ?? {}));
    this.names = options.names ?? {};
  }

  async user(userId: string): Promise<SlackUser> {
    this.userLookups.push(userId);
    return { id: userId, name: this.names[userId] ?? userId.slice(2).toLowerCase(), isGuest: this.guests.has(userId) };
  }

  /** Matches the names given (and the default ones of the guests) exactly, ignoring case and a leading `@`. */
  async usersNamed(name: string): Promise<SlackUser[]> {
    const wanted = normalisedName(name);
    return Object.entries(this.names)
      .filter(([, known]) => normalisedName(known) === wanted)
      .map(([id, known]) => ({ id, name: known, isGuest: this.guests.has(id) }));
  }

  async groupMembers(groupId: string): Promise<string[]> {
    this.groupLookups.push(groupId);
    const members = this.groups.get(groupId);
    if (members === undefined) throw new Error('An API error occurred: no_such_subteam');
    return [...members];
  }
}
