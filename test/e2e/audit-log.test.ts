import { DeleteTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SEED_BRANCH_OFFICES_CONNECTOR_ID, SEED_CONTACT_CENTER_CONNECTOR_ID } from '@chime-voice-ops/chime-emulator';
import { defaultWorkspaceFixture, SlackWorkspace } from '@chime-voice-ops/slack-sandbox';
import { describe, expect, it } from 'vitest';
import { auditItemsOf, COMMAND, runCommand, settle, useBotHarness } from '../support/bot-harness';
import { visible } from '../support/visible-text';

const CONNECTOR = SEED_CONTACT_CENTER_CONNECTOR_ID;

describe('the audit log, seen from Slack', () => {
  const harness = useBotHarness();

  function entriesOf(chain: string) {
    return auditItemsOf(harness, chain);
  }

  it('records one entry per action with the actor, connector and outcome, and no password', async () => {
    // Prepare
    const alice = harness.slack.userAgent('U0REQUESTER');
    const carol = harness.slack.userAgent('U0OBSERVER');

    // Act: a read, a failed read, a malformed command, a credential change request.
    await alice.runSlashCommand(COMMAND, `termination ${CONNECTOR}`);
    await alice.runSlashCommand(COMMAND, `proxy ${SEED_BRANCH_OFFICES_CONNECTOR_ID} --region eu-west-2`);
    await carol.runSlashCommand(COMMAND, 'termination nope');
    await alice.runSlashCommand(COMMAND, `credentials ${CONNECTOR}`);
    await settle(harness);
    await alice.submitView({
      'Credential 1 · Username': 'pbx-audit',
      'Credential 1 · Password': 'Secr3t-never-logged',
      Justification: 'audit test',
    });
    await settle(harness);

    // Assess
    const connectorEntries = await entriesOf(`vc:${CONNECTOR}`);
    expect(connectorEntries).toContainEqual(
      expect.objectContaining({ action: 'read.termination', actorUserId: 'U0REQUESTER', outcome: 'ok' }),
    );
    expect(connectorEntries).toContainEqual(
      expect.objectContaining({ action: 'read.credentials', actorUserId: 'U0REQUESTER', outcome: 'ok' }),
    );
    expect(connectorEntries).toContainEqual(
      expect.objectContaining({ action: 'change.request', actorUserId: 'U0REQUESTER', outcome: 'pending' }),
    );
    const failed = await entriesOf(`vc:${SEED_BRANCH_OFFICES_CONNECTOR_ID}`);
    expect(failed).toContainEqual(
      expect.objectContaining({ action: 'read.proxy', outcome: 'failed', errorName: 'NotFoundException' }),
    );
    const workspace = await entriesOf('ws:T0SANDBOX');
    expect(workspace).toContainEqual(
      expect.objectContaining({
        action: 'command',
        actorUserId: 'U0OBSERVER',
        outcome: 'invalid',
        reason: 'termination: bad-connector-id',
      }),
    );
    // What was typed never enters the log (it might be a password pasted into the wrong place).
    expect(JSON.stringify(workspace)).not.toContain('nope');
    const everything = await harness.core.dynamoDb.send(new ScanCommand({ TableName: harness.core.config.auditTable }));
    expect(JSON.stringify(everything.Items)).not.toContain('Secr3t-never-logged');
  });

  it('/chime audit <id> lists the newest entries first, and --user filters by person', async () => {
    const bob = harness.slack.userAgent('U0APPROVER');

    const list = await runCommand(harness, 'U0APPROVER', `audit ${CONNECTOR} --limit 3`);
    expect(list).toContain('change.request');
    expect(list).toContain(CONNECTOR);

    await bob.runSlashCommand(COMMAND, 'audit --user <@U0OBSERVER|carol>');
    await settle(harness);
    const byCarol = harness.slack.workspace.ephemeralsFor('U0APPROVER').at(-1);
    // Carol's one action (the malformed command) is listed; nobody else's is.
    const lines = JSON.stringify(byCarol?.blocks ?? []);
    expect(lines).toContain('termination: bad-connector-id');
    expect(lines).not.toContain('<@U0REQUESTER>');
    expect(lines).not.toContain('read.termination');
  });

  it('/chime audit --user takes a name typed by hand, and asks for a mention when it names no one', async () => {
    // Prepare
    const bob = harness.slack.userAgent('U0APPROVER');

    // Act
    await bob.runSlashCommand(COMMAND, 'audit --user @carol');
    await settle(harness);
    const byName = JSON.stringify(harness.slack.workspace.ephemeralsFor('U0APPROVER').at(-1)?.blocks ?? []);
    await bob.runSlashCommand(COMMAND, 'audit --user zelda');
    await settle(harness);
    const noOne = harness.slack.workspace.ephemeralsFor('U0APPROVER').at(-1);

    // Assess: the same person as the mention above; a name nobody has gets what to type instead.
    expect(byName).toContain('termination: bad-connector-id');
    expect(byName).not.toContain('read.termination');
    expect(noOne?.text).toContain('No one in this workspace has that name');
    expect(noOne?.text).toContain('Type `@` and pick the person');
    expect(harness.slack.workspace.calls.filter((call) => call.method === 'users.list').length).toBeGreaterThan(0);
  });

  it('/chime audit verify <id> says intact, and catches an entry edited behind the bot’s back', async () => {
    expect(await runCommand(harness, 'U0APPROVER', `audit verify ${CONNECTOR}`)).toMatch(/intact \(\d+ entries\)/);

    // Someone with table access rewrites who did the first read.
    const [first] = await entriesOf(`vc:${CONNECTOR}`);
    await DynamoDBDocumentClient.from(harness.core.dynamoDb).send(
      new PutCommand({ TableName: harness.core.config.auditTable, Item: { ...first, actorUserId: 'U0SOMEONEELSE' } }),
    );
    const verdict = await runCommand(harness, 'U0APPROVER', `audit verify ${CONNECTOR}`);
    expect(verdict).not.toMatch(/intact/);
    expect(verdict).toMatch(/modified/i);
  });

  it('withholds a read result when the audit log cannot be written', async () => {
    const alice = harness.slack.userAgent('U0REQUESTER');
    await harness.core.dynamoDb.send(new DeleteTableCommand({ TableName: harness.core.config.auditTable }));

    const reply = await runCommand(harness, 'U0REQUESTER', `termination ${CONNECTOR}`);
    expect(reply).toContain('The audit log is unavailable, nothing was done.');
    expect(reply).not.toContain('CPS');

    // Reading the log itself says the same, not a generic failure.
    await alice.runSlashCommand(COMMAND, `audit ${CONNECTOR}`);
    await alice.runSlashCommand(COMMAND, `audit verify ${CONNECTOR}`);
    await settle(harness);
    const [list, verify] = harness.slack.workspace.ephemeralsFor('U0REQUESTER').slice(-2).map(visible);
    expect(list).toContain('The audit log is unavailable');
    expect(verify).toContain('The audit log is unavailable');
    expect(harness.logLines.some((line) => line.includes('"level":"error"'))).toBe(true);
  });
});

describe('/chime audit --user with a name two people share', () => {
  const harness = useBotHarness(() => {
    // Prepare: two people called sam.
    const fixture = defaultWorkspaceFixture();
    const [someone] = fixture.users;
    if (someone === undefined) throw new Error('the fixture has no users');
    const sam = (id: string, realName: string) => ({ ...someone, id, name: 'sam', displayName: 'sam', realName });
    return {
      workspace: new SlackWorkspace({
        fixture: { ...fixture, users: [...fixture.users, sam('U0SAMONE', 'Sam One'), sam('U0SAMTWO', 'Sam Two')] },
      }),
    };
  });

  it('asks to pick one with a mention, naming both, and reads no entries', async () => {
    // Act
    await harness.slack.userAgent('U0APPROVER').runSlashCommand(COMMAND, 'audit --user @sam');
    await settle(harness);

    // Assess
    const answer = harness.slack.workspace.ephemeralsFor('U0APPROVER').at(-1);
    expect(answer?.text).toContain('2 people have that name');
    expect(visible(answer)).toContain('Pick one with a mention: <@U0SAMONE>, <@U0SAMTWO>.');
    expect(await harness.core.auditLog.recentForActor('U0APPROVER', 5)).toEqual([]);
  });
});
