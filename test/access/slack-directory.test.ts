import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  defaultWorkspaceFixture,
  type SlackStandIn,
  SlackWorkspace,
  startSlackStandIn,
} from '@chime-voice-ops/slack-sandbox';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebApiSlackDirectory } from '../../src/access/slack-directory';

const ALICE = 'U0REQUESTER';
const ERIN = 'U0GUEST';
const APPROVERS = 'S0APPROVERS';

/** The real Web API client against the Slack stand-in, as the bot talks to Slack. */
describe('WebApiSlackDirectory', () => {
  const botToken = `xoxb-test-${randomBytes(6).toString('hex')}`;
  let slack: SlackStandIn;
  let client: WebClient;

  beforeAll(async () => {
    slack = await startSlackStandIn({ signingSecret: randomBytes(16).toString('hex'), botToken });
    client = new WebClient(botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  });
  afterAll(async () => {
    await slack?.close();
  });

  function usersInfoCallsFor(userId: string): number {
    return slack.workspace.callsTo('users.info').filter((call) => call.args.user === userId).length;
  }

  function groupListCallsFor(groupId: string): number {
    return slack.workspace.callsTo('usergroups.users.list').filter((call) => call.args.usergroup === groupId).length;
  }

  it('knows a person by display name and tells a guest apart', async () => {
    // Prepare
    const directory = new WebApiSlackDirectory(client);

    // Act
    const alice = await directory.user(ALICE);
    const erin = await directory.user(ERIN);

    // Assess
    expect(alice).toEqual({ id: ALICE, name: 'alice', isGuest: false });
    expect(erin).toEqual({ id: ERIN, name: 'erin', isGuest: true });
  });

  it('asks users.info once per person within the TTL, however often it is asked', async () => {
    // Prepare
    const directory = new WebApiSlackDirectory(client, { ttlMs: 60_000 });
    const before = usersInfoCallsFor(ALICE);

    // Act
    for (let check = 0; check < 5; check++) await directory.user(ALICE);
    await Promise.all([directory.user(ALICE), directory.user(ALICE)]);

    // Assess
    expect(usersInfoCallsFor(ALICE) - before).toBe(1);
  });

  it('asks usergroups.users.list once per group within the TTL', async () => {
    // Prepare
    const directory = new WebApiSlackDirectory(client, { ttlMs: 60_000 });
    const before = groupListCallsFor(APPROVERS);

    // Act
    const answers = [];
    for (let check = 0; check < 5; check++) answers.push(await directory.groupMembers(APPROVERS));

    // Assess
    expect(groupListCallsFor(APPROVERS) - before).toBe(1);
    for (const members of answers) expect(members).toEqual(['U0APPROVER', 'U0APPROVER2']);
  });

  it('asks Slack again once the TTL has passed', async () => {
    // Prepare: lru-cache measures its TTL with performance.now(), so this waits for real.
    const directory = new WebApiSlackDirectory(client, { ttlMs: 50 });
    const usersBefore = usersInfoCallsFor(ALICE);
    const groupsBefore = groupListCallsFor(APPROVERS);
    await directory.user(ALICE);
    await directory.groupMembers(APPROVERS);

    // Act
    await sleep(120);
    await directory.user(ALICE);
    await directory.groupMembers(APPROVERS);

    // Assess
    expect(usersInfoCallsFor(ALICE) - usersBefore).toBe(2);
    expect(groupListCallsFor(APPROVERS) - groupsBefore).toBe(2);
  });

  it('fails for a person or a group Slack does not know', async () => {
    // Prepare
    const directory = new WebApiSlackDirectory(client);

    // Act
    const user = directory.user('U0NOBODY');
    const group = directory.groupMembers('S0NOTHING');

    // Assess
    await expect(user).rejects.toThrow(/user_not_found/);
    await expect(group).rejects.toThrow(/no_such_subteam/);
  });

  it('finds the people a name typed by hand means: handle, display name or real name, ignoring case and @', async () => {
    // Prepare
    const directory = new WebApiSlackDirectory(client);

    // Act
    const byHandle = await directory.usersNamed('@carol');
    const byRealName = await directory.usersNamed('carol observer');
    const nobody = await directory.usersNamed('zelda');

    // Assess
    expect(byHandle).toEqual([{ id: 'U0OBSERVER', name: 'carol', isGuest: false }]);
    expect(byRealName).toEqual(byHandle);
    expect(nobody).toEqual([]);
  });

  it('finds every person who shares a name, across pages of users.list, leaving out bots and deleted users', async () => {
    // Prepare: a workspace with 450 people, two of them called sam.
    const fixture = defaultWorkspaceFixture();
    const extra = Array.from({ length: 450 }, (_, index) => ({
      ...fixture.users[0],
      id: `U1${String(index).padStart(5, '0')}`,
      name: index === 7 || index === 401 ? 'sam' : `person${index}`,
      realName: `Person ${index}`,
      displayName: index === 7 || index === 401 ? 'sam' : `person${index}`,
      isBot: index === 200,
    }));
    extra[200] = { ...extra[200], name: 'sam', displayName: 'sam' } as (typeof extra)[number];
    const big = await startSlackStandIn({
      signingSecret: randomBytes(16).toString('hex'),
      botToken,
      workspace: new SlackWorkspace({
        fixture: { ...fixture, users: [...fixture.users, ...extra] as typeof fixture.users },
      }),
    });
    try {
      const directory = new WebApiSlackDirectory(new WebClient(botToken, { slackApiUrl: big.apiUrl }));

      // Act
      const sams = await directory.usersNamed('Sam');

      // Assess
      expect(sams.map((user) => user.id)).toEqual(['U100007', 'U100401']);
      expect(big.workspace.callsTo('users.list').length).toBeGreaterThan(1);
    } finally {
      await big.close();
    }
  });
});
