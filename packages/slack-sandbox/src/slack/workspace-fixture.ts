/**
 * Who and what exists in the stand-in's Slack workspace: the team, people, user groups, channels
 * and the bot's own identity. The default fixture is the cast the end-to-end tests and the sandbox
 * console share; pass a different one to `new SlackWorkspace({ fixture })` to change it.
 */

export interface SlackTeam {
  id: string;
  name: string;
  /** Subdomain, as in `https://<domain>.slack.com`. */
  domain: string;
}

export interface SlackUser {
  id: string;
  /** The handle (`alice`). */
  name: string;
  realName: string;
  displayName: string;
  isBot: boolean;
  /** Multi-channel guest. */
  isRestricted: boolean;
  /** Single-channel guest. */
  isUltraRestricted: boolean;
  isAdmin: boolean;
  timeZone: string;
}

export interface SlackUserGroup {
  id: string;
  /** Without the `@`. */
  handle: string;
  name: string;
  userIds: string[];
}

export interface SlackChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  /** Set for direct-message channels (`D…`): the person the bot talks to. */
  directMessageUserId?: string;
  memberIds: string[];
}

/** The app installed in the workspace: its bot user answers `auth.test` and authors its messages. */
export interface SlackBotIdentity {
  userId: string;
  botId: string;
  appId: string;
  name: string;
}

export interface WorkspaceFixture {
  team: SlackTeam;
  bot: SlackBotIdentity;
  users: SlackUser[];
  userGroups: SlackUserGroup[];
  channels: SlackChannel[];
}

export const SandboxUserId = {
  /** alice: asks for changes. */
  Requester: 'U0REQUESTER',
  /** bob: an approver named directly. */
  Approver: 'U0APPROVER',
  /** dave: an approver only through the @voice-approvers group. */
  SecondApprover: 'U0APPROVER2',
  /** carol: neither requester nor approver. */
  Observer: 'U0OBSERVER',
  /** erin: a restricted (multi-channel) guest. */
  Guest: 'U0GUEST',
} as const;

export const SandboxUserGroupId = { Approvers: 'S0APPROVERS' } as const;

export const SandboxChannelId = {
  /** #voice-ops, where commands are typed. */
  Ops: 'C0OPS',
  /** #voice-approvals, where change requests wait for a second pair of eyes. */
  Approvals: 'C0APPROVALS',
} as const;

function person(id: string, name: string, realName: string, extra: Partial<SlackUser> = {}): SlackUser {
  return {
    id,
    name,
    realName,
    displayName: name,
    isBot: false,
    isRestricted: false,
    isUltraRestricted: false,
    isAdmin: false,
    timeZone: 'Europe/London',
    ...extra,
  };
}

const members = [SandboxUserId.Requester, SandboxUserId.Approver, SandboxUserId.SecondApprover, SandboxUserId.Observer];

/**
 * A fresh copy of the default cast, so that one test's changes to its workspace never leak into another's.
 *
 * @example
 * const fixture = defaultWorkspaceFixture();
 * fixture.channels = fixture.channels.filter((channel) => channel.id !== SandboxChannelId.Approvals);
 * const workspace = new SlackWorkspace({ fixture });
 */
export function defaultWorkspaceFixture(): WorkspaceFixture {
  return {
    team: { id: 'T0SANDBOX', name: 'Sandbox', domain: 'sandbox' },
    bot: { userId: 'U0BOT', botId: 'B0BOT', appId: 'A0SANDBOX', name: 'chime-voice-ops' },
    users: [
      person(SandboxUserId.Requester, 'alice', 'Alice Requester'),
      person(SandboxUserId.Approver, 'bob', 'Bob Approver'),
      person(SandboxUserId.SecondApprover, 'dave', 'Dave Approver'),
      person(SandboxUserId.Observer, 'carol', 'Carol Observer'),
      person(SandboxUserId.Guest, 'erin', 'Erin Guest', { isRestricted: true }),
    ],
    userGroups: [
      {
        id: SandboxUserGroupId.Approvers,
        handle: 'voice-approvers',
        name: 'Voice approvers',
        userIds: [SandboxUserId.Approver, SandboxUserId.SecondApprover],
      },
    ],
    channels: [
      {
        id: SandboxChannelId.Ops,
        name: 'voice-ops',
        isPrivate: false,
        memberIds: [...members, SandboxUserId.Guest, 'U0BOT'],
      },
      { id: SandboxChannelId.Approvals, name: 'voice-approvals', isPrivate: false, memberIds: [...members, 'U0BOT'] },
    ],
  };
}
