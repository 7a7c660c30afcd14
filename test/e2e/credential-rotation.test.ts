import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { SEED_LONDON_TRADING_CONNECTOR_ID } from '@chime-voice-ops/chime-emulator';
import type { ChannelMessage } from '@chime-voice-ops/slack-sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BotHarness, COMMAND, settle, startBotHarness } from '../support/bot-harness';
import { visible } from '../support/visible-text';

const CONNECTOR = SEED_LONDON_TRADING_CONNECTOR_ID;
const ARGS = `${CONNECTOR} --region eu-west-2`;
const APPROVALS = 'C0APPROVALS';
const PASSWORD = 'R0tated-Pa55word-unique';

describe('credential rotation through Slack payloads', () => {
  let harness: BotHarness;

  beforeAll(async () => {
    harness = await startBotHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });
  afterEach(async () => {
    await settle(harness);
  });

  async function click(userId: string, actionId: string, message: ChannelMessage) {
    return harness.slack
      .userAgent(userId)
      .clickButton(actionId, { surface: { kind: 'message', channelId: APPROVALS, ts: message.ts } });
  }

  function credentialCalls() {
    return harness.chime
      .requestsFor('PutVoiceConnectorTerminationCredentials')
      .concat(harness.chime.requestsFor('DeleteVoiceConnectorTerminationCredentials'))
      .filter((request) => request.path.includes(CONNECTOR));
  }

  it('adds one username and removes another with one Put and one Delete, in that order, and lists what is left', async () => {
    // Prepare
    const before = harness.chime.getCredentialUsernames(CONNECTOR) ?? [];
    expect(before.length).toBeGreaterThan(0);
    const old = before[0] as string;
    const alice = harness.slack.userAgent('U0REQUESTER');
    await alice.runSlashCommand(COMMAND, `credentials ${ARGS}`);
    await settle(harness);
    await alice.submitView({
      'Credential 1 · Username': 'pbx-rotated',
      'Credential 1 · Password': PASSWORD,
      'Remove usernames': [old],
      Justification: 'Rotate the trading PBX',
    });
    await settle(harness);
    const message = harness.slack.workspace.messagesIn(APPROVALS).at(-1) as ChannelMessage;
    expect(visible(message)).toContain('➕ *Usernames added:* `pbx-rotated`');
    expect(visible(message)).toContain(`➖ *Usernames removed:* \`${old}\``);
    const callsBefore = credentialCalls().length;

    // Act
    await click('U0APPROVER', 'change_approve', message);
    await settle(harness);

    // Assess: one Put, then one Delete.
    const calls = credentialCalls().slice(callsBefore);
    expect(calls.map((call) => call.operation)).toEqual([
      'PutVoiceConnectorTerminationCredentials',
      'DeleteVoiceConnectorTerminationCredentials',
    ]);
    expect(harness.chime.hasCredential(CONNECTOR, 'pbx-rotated', PASSWORD)).toBe(true);
    const now = harness.chime.getCredentialUsernames(CONNECTOR) ?? [];
    expect(now).toContain('pbx-rotated');
    expect(now).not.toContain(old);
    const applied = visible(harness.slack.workspace.message(APPROVALS, message.ts));
    expect(applied).toContain('Usernames now');
    for (const username of now) expect(applied).toContain(`\`${username}\``);

    // No password anywhere but Chime: Slack calls, jobs, logs, DynamoDB.
    expect(JSON.stringify(harness.slack.workspace.calls.map((call) => call.args))).not.toContain(PASSWORD);
    expect(JSON.stringify(harness.server.jobs.enqueued)).not.toContain(PASSWORD);
    expect(harness.logLines.join('\n')).not.toContain(PASSWORD);
    for (const table of [harness.core.config.auditTable, harness.core.config.changesTable]) {
      const items = await harness.core.dynamoDb.send(new ScanCommand({ TableName: table }));
      expect(JSON.stringify(items.Items)).not.toContain(PASSWORD);
    }
  });

  it('guides a rotation: Rotate opens step 1, and its applied result offers removing the old usernames', async () => {
    // Prepare: step 1 from the health card's Rotate button.
    const alice = harness.slack.userAgent('U0REQUESTER');
    await alice.runSlashCommand(COMMAND, `health ${ARGS}`);
    await settle(harness);
    await alice.clickButton('credentials_rotate');
    await settle(harness);
    const stepOne = harness.slack.workspace.topView('U0REQUESTER');
    expect(visible({ text: '', blocks: stepOne?.blocks ?? [] })).toContain('step 1 of 2');
    const old = harness.chime.getCredentialUsernames(CONNECTOR) ?? [];
    await alice.submitView({
      'Credential 1 · Username': 'pbx-2027',
      'Credential 1 · Password': `${PASSWORD}-2027`,
      Justification: 'Yearly rotation',
    });
    await settle(harness);
    const rotation = harness.slack.workspace.messagesIn(APPROVALS).at(-1) as ChannelMessage;
    await click('U0APPROVER', 'change_approve', rotation);
    await settle(harness);
    const applied = harness.slack.workspace.message(APPROVALS, rotation.ts) as ChannelMessage;
    expect(visible(applied)).toContain('Remove the old usernames');

    // Act: step 2.
    await click('U0REQUESTER', 'credentials_remove_old', applied);
    await settle(harness);

    // Assess: the form has the old usernames ticked and says whether the PBX pinged since.
    const stepTwo = harness.slack.workspace.topView('U0REQUESTER');
    const shown = visible({ text: '', blocks: stepTwo?.blocks ?? [] });
    expect(shown).toContain('step 2 of 2');
    expect(shown).toContain('it cannot show which credentials it used');
    expect(shown).toMatch(/A health ping arrived|No health ping since/);
    for (const username of old) expect(shown).toContain(username);
    await alice.submitView({ Justification: 'Retire the old credentials' });
    await settle(harness);
    const removal = harness.slack.workspace.messagesIn(APPROVALS).at(-1) as ChannelMessage;
    expect(removal.ts).not.toBe(rotation.ts);
    expect(visible(removal)).toContain('*Usernames removed:*');
  });
});
