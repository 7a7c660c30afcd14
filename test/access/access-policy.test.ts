import { randomBytes } from 'node:crypto';
import { startSlackStandIn } from '@chime-voice-ops/slack-sandbox';
import { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { type AccessDecision, AccessPolicy } from '../../src/access/access-policy';
import { WebApiSlackDirectory } from '../../src/access/slack-directory';
import type { Config } from '../../src/config/config';
import { type PrincipalList, parsePrincipalList } from '../../src/config/principals';
import type { Actor } from '../../src/jobs/job';
import { createLogger } from '../../src/logging/logger';
import { InMemorySlackDirectory } from '../support/slack-directory-double';

type AccessSettings = Pick<Config, 'allowedTeams' | 'allowGuests' | 'readers' | 'requesters' | 'approvers'>;

const TEAM = 'T0HOME';
const READER = 'U0READER';
const REQUESTER = 'U0REQUESTER';
const APPROVER = 'U0APPROVER';
const GROUP_MEMBER = 'U0MEMBER';
const OUTSIDER = 'U0OUTSIDER';
const GUEST = 'U0GUEST';
const GROUP = 'S0VOICE';

function principals(text: string): PrincipalList {
  const parsed = parsePrincipalList(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.list;
}

function settings(overrides: Partial<AccessSettings> = {}): AccessSettings {
  return {
    allowedTeams: undefined,
    allowGuests: false,
    readers: undefined,
    requesters: undefined,
    approvers: principals(APPROVER),
    ...overrides,
  };
}

function actor(userId: string, teamId = TEAM): Actor {
  return { userId, teamId };
}

function policy(overrides: Partial<AccessSettings> = {}) {
  // A few people and one group, as Slack would answer; it records what it is asked.
  const directory = new InMemorySlackDirectory({ guests: [GUEST], groups: { [GROUP]: [GROUP_MEMBER] } });
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  return { access: new AccessPolicy(settings(overrides), directory, logger), directory, lines };
}

/** What the policy decides for each of these people of {@link TEAM}, asked one after the other. */
async function checkEach<const T extends readonly string[]>(
  access: AccessPolicy,
  action: Parameters<AccessPolicy['check']>[1],
  userIds: T,
): Promise<{ [K in keyof T]: AccessDecision }> {
  const decisions: AccessDecision[] = [];
  for (const userId of userIds) decisions.push(await access.check(actor(userId), action));
  return decisions as { [K in keyof T]: AccessDecision };
}

function refusal(decision: AccessDecision): string | undefined {
  return decision.allowed ? undefined : decision.reason;
}

describe('AccessPolicy: reading', () => {
  it('lets anyone in an allowed workspace read when READERS is not set', async () => {
    // Prepare
    const { access } = policy();

    // Act
    const decision = await access.check(actor(OUTSIDER), 'read');

    // Assess
    expect(decision).toEqual({ allowed: true, actorName: 'outsider' });
  });

  it('lets a listed user and a member of a listed group read, and refuses anyone else naming READERS', async () => {
    // Prepare
    const { access } = policy({ readers: principals(`${READER},${GROUP}`) });

    // Act
    const [reader, member, outsider] = await checkEach(access, 'read', [READER, GROUP_MEMBER, OUTSIDER]);

    // Assess
    expect(reader.allowed).toBe(true);
    expect(member.allowed).toBe(true);
    expect(outsider).toMatchObject({ allowed: false, reason: 'not-a-reader', actorName: 'outsider' });
    expect(outsider.allowed === false && outsider.message).toContain('`READERS`');
  });
});

describe('AccessPolicy: requesting changes', () => {
  it('falls back to READERS when REQUESTERS is not set, and says so', async () => {
    // Prepare
    const { access } = policy({ readers: principals(READER) });

    // Act
    const reader = await access.check(actor(READER), 'request');
    const outsider = await access.check(actor(OUTSIDER), 'request');

    // Assess
    expect(reader.allowed).toBe(true);
    expect(refusal(outsider)).toBe('not-a-requester');
    expect(outsider.allowed === false && outsider.message).toContain('`READERS`');
  });

  it('follows REQUESTERS when it is set, even for someone who may read', async () => {
    // Prepare
    const { access } = policy({ readers: principals(`${READER},${REQUESTER}`), requesters: principals(GROUP) });

    // Act
    const reader = await access.check(actor(READER), 'request');
    const member = await access.check(actor(GROUP_MEMBER), 'request');

    // Assess
    expect(refusal(reader)).toBe('not-a-requester');
    expect(reader.allowed === false && reader.message).toContain('`REQUESTERS`');
    expect(member.allowed).toBe(true);
  });

  it('lets anyone request when neither READERS nor REQUESTERS is set', async () => {
    // Prepare
    const { access } = policy();

    // Act
    const decision = await access.check(actor(OUTSIDER), 'request');

    // Assess
    expect(decision.allowed).toBe(true);
  });
});

describe('AccessPolicy: approving', () => {
  it('lets a listed approver and a member of a listed group approve, and nobody else', async () => {
    // Prepare
    const { access } = policy({ approvers: principals(`${APPROVER},${GROUP}`) });

    // Act
    const [approver, member, reader] = await checkEach(access, 'approve', [APPROVER, GROUP_MEMBER, READER]);

    // Assess
    expect(approver.allowed).toBe(true);
    expect(member.allowed).toBe(true);
    expect(refusal(reader)).toBe('not-an-approver');
    expect(reader.allowed === false && reader.message).toContain('`APPROVERS`');
  });

  it('lets nobody approve when APPROVERS is empty', async () => {
    // Prepare
    const { access } = policy({ approvers: principals('') });

    // Act
    const decision = await access.check(actor(APPROVER), 'approve');

    // Assess
    expect(refusal(decision)).toBe('not-an-approver');
  });
});

describe('AccessPolicy: workspaces and guests', () => {
  it('refuses another workspace for every permission without asking Slack about the person', async () => {
    // Prepare
    const { access, directory } = policy({ allowedTeams: [TEAM], approvers: principals(APPROVER) });

    // Act
    const decisions = await Promise.all(
      (['read', 'request', 'approve'] as const).map((permission) =>
        access.check(actor(APPROVER, 'T0ELSEWHERE'), permission),
      ),
    );

    // Assess
    expect(decisions.map(refusal)).toEqual(['wrong-workspace', 'wrong-workspace', 'wrong-workspace']);
    expect(access.teamAllowed('T0ELSEWHERE')).toBe(false);
    expect(access.teamAllowed(TEAM)).toBe(true);
    expect(directory.userLookups).toEqual([]);
  });

  it('refuses a guest even when listed, unless ALLOW_GUESTS', async () => {
    // Prepare
    const listed = { readers: principals(GUEST), approvers: principals(GUEST) };
    const strict = policy(listed).access;
    const lenient = policy({ ...listed, allowGuests: true }).access;

    // Act
    const refused = await Promise.all([strict.check(actor(GUEST), 'read'), strict.check(actor(GUEST), 'approve')]);
    const allowed = await Promise.all([lenient.check(actor(GUEST), 'read'), lenient.check(actor(GUEST), 'approve')]);

    // Assess
    expect(refused.map(refusal)).toEqual(['guest', 'guest']);
    expect(refused[0]?.allowed === false && refused[0].message).toMatch(/Guest accounts/);
    expect(allowed.map((decision) => decision.allowed)).toEqual([true, true]);
  });
});

describe('AccessPolicy: a user group Slack does not know', () => {
  it('lets nobody in through it, logs an error naming it, and still honours the rest of the list', async () => {
    // Prepare
    const { access, lines } = policy({ approvers: principals(`S0TYPO,${APPROVER},${GROUP}`) });

    // Act
    const outsider = await access.check(actor(OUTSIDER), 'approve');
    const approver = await access.check(actor(APPROVER), 'approve');
    const member = await access.check(actor(GROUP_MEMBER), 'approve');

    // Assess
    expect(refusal(outsider)).toBe('not-an-approver');
    expect(approver.allowed).toBe(true);
    expect(member.allowed).toBe(true);
    const errors = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(errors).toContainEqual(
      expect.objectContaining({
        level: 'error',
        groupId: 'S0TYPO',
        message: 'could not list the members of a configured user group',
      }),
    );
  });

  it('refuses without throwing when the real Slack Web API answers no_such_subteam', async () => {
    // Prepare
    const botToken = `xoxb-test-${randomBytes(6).toString('hex')}`;
    const slack = await startSlackStandIn({ signingSecret: 'unused-here', botToken });
    try {
      const directory = new WebApiSlackDirectory(new WebClient(botToken, { slackApiUrl: slack.apiUrl }));
      const lines: string[] = [];
      const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
      const access = new AccessPolicy(settings({ approvers: principals('S0UNKNOWN') }), directory, logger);

      // Act
      const decision = await access.check(actor('U0APPROVER2', 'T0SANDBOX'), 'approve');

      // Assess
      expect(refusal(decision)).toBe('not-an-approver');
      expect(slack.workspace.callsTo('usergroups.users.list').map((call) => call.response.error)).toEqual([
        'no_such_subteam',
      ]);
      expect(lines.join('')).toContain('S0UNKNOWN');
    } finally {
      await slack.close();
    }
  });
});
