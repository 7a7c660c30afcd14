import { SEED_BRANCH_OFFICES_CONNECTOR_ID, SEED_CONTACT_CENTER_CONNECTOR_ID } from '@chime-voice-ops/chime-emulator';
import type { ChannelMessage } from '@chime-voice-ops/slack-sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock';
import { type BotHarness, COMMAND, settle, startBotHarness } from '../support/bot-harness';
import { SECURITY, workspaceWithSecurity, writePolicy } from '../support/policy-fixtures';
import { visible } from '../support/visible-text';

/** Seeded with `Environment=prod`. */
const PROD = SEED_CONTACT_CENTER_CONNECTOR_ID;
/** Seeded with `Environment=branch`. */
const BRANCH = SEED_BRANCH_OFFICES_CONNECTOR_ID;
const APPROVALS = 'C0APPROVALS';

const POLICY = `rules:
  - name: production
    match:
      tags: { Environment: prod }
    approvals: 2
    approvers: [U0APPROVER, S0APPROVERS, S0SECURITY]
    requireFrom: [S0SECURITY]
  - name: everything-else
    approvals: 1
    approvers: [S0APPROVERS]
`;

describe('approval policy: rules matching on connector tags (ListTagsForResource)', () => {
  let harness: BotHarness;
  const clock = new ManualClock(Date.now());

  beforeAll(async () => {
    harness = await startBotHarness({
      clock,
      workspace: workspaceWithSecurity(),
      env: { APPROVERS: '', APPROVAL_POLICY: writePolicy(POLICY) },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });
  afterEach(async () => {
    harness.chime.clearFaults();
    await settle(harness);
  });

  async function submitPortChange(port: string, connector: string): Promise<void> {
    const alice = harness.slack.userAgent('U0REQUESTER');
    await alice.runSlashCommand(COMMAND, `origination ${connector}`);
    await settle(harness);
    await alice.submitView({ 'Route 1 · Port': port, Justification: `Move route 1 to ${port}` });
    await settle(harness);
  }

  async function requestPortChange(port: string, connector: string): Promise<ChannelMessage> {
    const before = harness.slack.workspace.messagesIn(APPROVALS).length;
    await submitPortChange(port, connector);
    const messages = harness.slack.workspace.messagesIn(APPROVALS);
    expect(messages.length).toBe(before + 1);
    return messages.at(-1) as ChannelMessage;
  }

  const approvalMessage = (ts: string) => harness.slack.workspace.message(APPROVALS, ts) as ChannelMessage;
  const click = (userId: string, message: ChannelMessage) =>
    harness.slack
      .userAgent(userId)
      .clickButton('change_approve', { surface: { kind: 'message', channelId: APPROVALS, ts: message.ts } });
  const putsTo = (connector: string) =>
    harness.chime.requestsFor('PutVoiceConnectorOrigination').filter((request) => request.path.includes(connector));

  it('the tagged connector falls under the tag rule and needs two approvals, one from @security', async () => {
    // Prepare
    const message = await requestPortChange('5090', PROD);
    expect(visible(message)).toContain('Policy rule *production* (rule 1 of the policy) applies');
    expect(visible(message)).toContain('Environment=prod');
    expect(visible(message)).toContain('0 of 2 approvals');
    expect(harness.chime.requestsFor('ListTagsForResource').length).toBeGreaterThan(0);

    // Act: one approval is not enough.
    await click('U0APPROVER', message);
    await settle(harness);

    // Assess
    expect(putsTo(PROD)).toHaveLength(0);
    expect(visible(approvalMessage(message.ts))).toContain('1 of 2 approvals');

    // Act: the second, from @security.
    await click(SECURITY[0] as string, message);
    await settle(harness);

    // Assess
    expect(putsTo(PROD)).toHaveLength(1);
    expect(visible(approvalMessage(message.ts))).toContain('2 of 2 approvals');
  });

  it('a connector tagged otherwise falls to the next rule: one approval applies', async () => {
    const message = await requestPortChange('5091', BRANCH);
    expect(visible(message)).toContain('Policy rule *everything-else* (rule 2 of the policy) applies');

    await click('U0APPROVER2', message);
    await settle(harness);

    expect(putsTo(BRANCH)).toHaveLength(1);
    expect(visible(approvalMessage(message.ts))).toContain('Applied');
  });

  it('fails closed when the tags cannot be read: refused, audited, never the next rule', async () => {
    // Prepare
    harness.chime.failOperation('ListTagsForResource', { errorName: 'AccessDeniedException' });
    const before = harness.slack.workspace.messagesIn(APPROVALS).length;

    // Act
    await submitPortChange('5092', BRANCH);

    // Assess: no request was filed under any rule; the requester is told why; the refusal is audited.
    expect(harness.slack.workspace.messagesIn(APPROVALS)).toHaveLength(before);
    const shown = visible({ text: '', blocks: harness.slack.workspace.topView('U0REQUESTER')?.blocks ?? [] });
    expect(shown).toMatch(/tags of .* could not be read \(access denied\)/);
    const recent = await harness.core.auditLog.recentForActor('U0REQUESTER', 5, BRANCH);
    expect(recent).toContainEqual(
      expect.objectContaining({ action: 'change.request', outcome: 'denied', reason: 'connector-tags-unreadable' }),
    );
  });
});
