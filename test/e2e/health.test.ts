import {
  SEED_BRANCH_OFFICES_CONNECTOR_ID,
  SEED_CONTACT_CENTER_CONNECTOR_ID,
  SEED_CONTACT_CENTER_PING_SOURCE,
} from '@chime-voice-ops/chime-emulator';
import type { ChannelMessage } from '@chime-voice-ops/slack-sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BotHarness, COMMAND, lastEphemeral, settle, startBotHarness } from '../support/bot-harness';
import { visible } from '../support/visible-text';

const CONNECTOR = SEED_CONTACT_CENTER_CONNECTOR_ID;
const APPROVALS = 'C0APPROVALS';

describe('health at a glance, and the lock-out guardrail, through Slack payloads', () => {
  let harness: BotHarness;

  beforeAll(async () => {
    harness = await startBotHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });
  afterEach(async () => {
    await settle(harness);
    harness.chime.clearFaults();
  });

  async function health(connector: string): Promise<string> {
    await harness.slack.userAgent('U0REQUESTER').runSlashCommand(COMMAND, `health ${connector}`);
    await settle(harness);
    return lastEphemeral(harness, 'U0REQUESTER');
  }

  async function click(userId: string, actionId: string, message: ChannelMessage) {
    return harness.slack
      .userAgent(userId)
      .clickButton(actionId, { surface: { kind: 'message', channelId: APPROVALS, ts: message.ts } });
  }

  it('shows the ping the Chime server returned, the routes, the logging state and the changes just applied', async () => {
    // Prepare: one applied termination change, so that the card has a recent change to show.
    const alice = harness.slack.userAgent('U0REQUESTER');
    await alice.runSlashCommand(COMMAND, `change termination ${CONNECTOR}`);
    await settle(harness);
    await alice.submitView({ 'CPS limit': '11', Justification: 'A little more room' });
    await settle(harness);
    const request = harness.slack.workspace.messagesIn(APPROVALS).at(-1) as ChannelMessage;
    await click('U0APPROVER', 'change_approve', request);
    await settle(harness);
    const id = /CR-[0-9A-Z]{8}/.exec(request.text)?.[0] as string;

    // Act
    const card = await health(CONNECTOR);

    // Assess
    expect(card).toContain(`\`${SEED_CONTACT_CENTER_PING_SOURCE}\``);
    expect(card).toContain('🟢');
    for (const route of harness.chime.getOrigination(CONNECTOR)?.Routes ?? []) {
      expect(card).toContain(`\`${route.Host}:${route.Port}\``);
    }
    expect(card).toContain('SIP logs *on* · media metric logs *on*');
    expect(card).toContain(`termination change *${id}* applied by <@U0REQUESTER>, approved by <@U0APPROVER>`);
    const [audited] = await harness.core.auditLog.recentForConnector(CONNECTOR, 1);
    expect(audited).toMatchObject({ action: 'read.health', outcome: 'ok', actorUserId: 'U0REQUESTER' });
  });

  it('still shows the rest of the card when one Chime call fails, and names that call’s error in its place', async () => {
    // Prepare
    harness.chime.failOperation('GetVoiceConnectorLoggingConfiguration', { errorName: 'ThrottledClientException' });

    // Act
    const card = await health(CONNECTOR);

    // Assess
    expect(card).toMatch(/\*Logging\* ❌ _Could not be read:_ [^\n]*GetVoiceConnectorLoggingConfiguration/);
    expect(card).toContain(`\`${SEED_CONTACT_CENTER_PING_SOURCE}\``);
    expect(card).toContain('Credential usernames');
    const [audited] = await harness.core.auditLog.recentForConnector(CONNECTOR, 1);
    expect(audited?.details).toEqual({ failed: ['logging'] });
  });

  it('flags a ping hours old as stale', async () => {
    // Act
    const card = await health(SEED_BRANCH_OFFICES_CONNECTOR_ID);

    // Assess
    expect(card).toContain('*Stale:* the last ping was');
    expect(card).toContain('3 hours ago');
  });

  it('shows the ping on the termination card, with a Request a change button that opens the form', async () => {
    // Act
    await harness.slack.userAgent('U0REQUESTER').runSlashCommand(COMMAND, `termination ${CONNECTOR}`);
    await settle(harness);
    const card = lastEphemeral(harness, 'U0REQUESTER');

    // Assess
    expect(card).toContain('Last OPTIONS ping');
    expect(card).toContain(`\`${SEED_CONTACT_CENTER_PING_SOURCE}\``);
    expect(card).toContain('termination_request_change');
  });

  it('names dropping the pinging host from the allow list a lock-out, in the message and the audit entry', async () => {
    // Prepare: the contact-center PBX pings from 198.51.100.10, inside 198.51.100.0/27.
    const cidrs = harness.chime.getTermination(CONNECTOR)?.CidrAllowedList ?? [];
    const kept = cidrs.filter((cidr) => cidr !== '198.51.100.0/27');
    const alice = harness.slack.userAgent('U0REQUESTER');
    await alice.runSlashCommand(COMMAND, `change termination ${CONNECTOR}`);
    await settle(harness);

    // Act
    await alice.submitView({ 'Allowed CIDRs': kept.join('\n'), Justification: 'Retire the old PBX range' });
    await settle(harness);

    // Assess
    const message = harness.slack.workspace.messagesIn(APPROVALS).at(-1) as ChannelMessage;
    expect(visible(message)).toContain('*High risk:* The host now sending traffic (198.51.100.10');
    const id = /CR-[0-9A-Z]{8}/.exec(message.text)?.[0] as string;
    const [requested] = await harness.core.auditLog.forChangeRequest(id);
    expect(requested?.details?.risks).toEqual([expect.objectContaining({ code: 'lock-out', level: 'high' })]);
    await click('U0APPROVER', 'change_reject', message);
    await settle(harness);
    await harness.slack.userAgent('U0APPROVER').submitView({ Reason: 'not yet' });
  });
});
