import { ChimeSDKVoiceClient, PutVoiceConnectorTerminationCredentialsCommand } from '@aws-sdk/client-chime-sdk-voice';
import { EMULATOR_ACCOUNT_ID, SEED_LONDON_TRADING_CONNECTOR_ID } from '@chime-voice-ops/chime-emulator';
import type { ChannelMessage } from '@chime-voice-ops/slack-sandbox';
import { beforeAll, describe, expect, it } from 'vitest';
import { lastEphemeral, settle } from '../support/bot-harness';
import { APPROVALS, changeRequests, useBotHarnessWithPolicy } from '../support/e2e-change-requests';
import { SECURITY, workspaceWithSecurity } from '../support/policy-fixtures';
import { visible } from '../support/visible-text';

const MALLORY_KEY = 'AKIAMALLORYEXAMPLE';
const LONDON = SEED_LONDON_TRADING_CONNECTOR_ID;

/** London's trunk is @security's; U0APPROVER approves only the other connectors. */
const POLICY = `rules:
  - name: trading
    match:
      tags: { Team: trading }
    approvals: 1
    approvers: [S0SECURITY]
  - name: everything-else
    approvals: 1
    approvers: [U0APPROVER, S0APPROVERS]
`;

/** Under an approval policy, "an approver" of a drift is one of the rules that decide that connector's changes. */
describe('drift under an approval policy', () => {
  const harness = useBotHarnessWithPolicy(POLICY, {
    workspace: workspaceWithSecurity(),
    env: { DRIFT_REGIONS: 'us-east-1,eu-west-2', DRIFT_CHIME_CALLS_PER_SECOND: '200' },
  });
  const { approvalMessage, clickAndSettle: click } = changeRequests(harness);

  beforeAll(async () => {
    harness.chime.setPrincipal(MALLORY_KEY, {
      arn: `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:user/mallory`,
      userName: 'mallory',
      type: 'IAMUser',
    });
    await harness.server.driftSchedule.runOnce();
  });

  it('refuses an approver of another rule, and lets the connector’s own approver accept', async () => {
    // Prepare: mallory adds a SIP user on London's trunk, outside the bot.
    const mallory = new ChimeSDKVoiceClient({
      region: 'eu-west-2',
      endpoint: harness.chime.url,
      credentials: { accessKeyId: MALLORY_KEY, secretAccessKey: 'mallory-secret' },
      maxAttempts: 1,
    });
    await mallory.send(
      new PutVoiceConnectorTerminationCredentialsCommand({
        VoiceConnectorId: LONDON,
        Credentials: [{ Username: 'mallory-pbx', Password: 'Hunter2-but-longer' }],
      }),
    );
    mallory.destroy();
    await harness.server.driftSchedule.runOnce();
    await settle(harness);
    const alert = harness.slack.workspace
      .messagesIn(APPROVALS)
      .find((message) => message.text.includes(LONDON) && visible(message).includes('drift_accept'));
    expect(alert).toBeDefined();

    // Act: an approver of the other rule tries; then a member of @security.
    await click('U0APPROVER', 'drift_accept', alert as ChannelMessage);
    const refusal = lastEphemeral(harness, 'U0APPROVER');
    const stillOpen = visible(approvalMessage(alert?.ts ?? ''));
    await click(SECURITY[0] as string, 'drift_accept', alert as ChannelMessage);

    // Assess
    expect(refusal).toContain(
      `Under the approval policy, only <!subteam^S0SECURITY> (rule trading) may accept drift on \`${LONDON}\`.`,
    );
    expect(stillOpen).toContain('drift_accept');
    expect(visible(approvalMessage(alert?.ts ?? ''))).toContain('Drift accepted as baseline');
    const entries = (await harness.core.auditLog.recentForConnector(LONDON, 100)).filter((entry) =>
      entry.action.startsWith('drift.accept'),
    );
    expect(entries.map((entry) => `${entry.action} ${entry.outcome} ${entry.actorUserId}`)).toEqual([
      `drift.accept accepted ${SECURITY[0]}`,
      'drift.accept denied U0APPROVER',
    ]);
    expect(JSON.stringify(entries)).toContain('not-an-approver-of-this-connector');
  });
});
