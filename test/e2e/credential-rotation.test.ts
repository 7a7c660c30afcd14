import { SEED_LONDON_TRADING_CONNECTOR_ID } from '@chime-voice-ops/chime-emulator';
import { describe, expect, it } from 'vitest';
import { COMMAND, settle, useBotHarness, visibleTopView } from '../support/bot-harness';
import { expectSecretOnlyInChime } from '../support/e2e-assertions';
import { changeRequests } from '../support/e2e-change-requests';
import { visible } from '../support/visible-text';

const CONNECTOR = SEED_LONDON_TRADING_CONNECTOR_ID;
const ARGS = `${CONNECTOR} --region eu-west-2`;
const PASSWORD = 'R0tated-Pa55word-unique';

describe('credential rotation through Slack payloads', () => {
  const harness = useBotHarness();
  const { approvalMessage, clickAndSettle, approve, fileChangeRequest, submitChangeForm } = changeRequests(harness);

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
    const message = await fileChangeRequest(`credentials ${ARGS}`, {
      'Credential 1 · Username': 'pbx-rotated',
      'Credential 1 · Password': PASSWORD,
      'Remove usernames': [old],
      Justification: 'Rotate the trading PBX',
    });
    expect(visible(message)).toContain('➕ *Usernames added:* `pbx-rotated`');
    expect(visible(message)).toContain(`➖ *Usernames removed:* \`${old}\``);
    const callsBefore = credentialCalls().length;

    // Act
    await approve(message);

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
    const applied = visible(approvalMessage(message.ts));
    expect(applied).toContain('Usernames now');
    for (const username of now) expect(applied).toContain(`\`${username}\``);

    // No password anywhere but Chime: Slack calls, jobs, logs, DynamoDB.
    await expectSecretOnlyInChime(harness, PASSWORD);
  });

  it('guides a rotation: Rotate opens step 1, and its applied result offers removing the old usernames', async () => {
    // Prepare: step 1 from the health card's Rotate button.
    const alice = harness.slack.userAgent('U0REQUESTER');
    await alice.runSlashCommand(COMMAND, `health ${ARGS}`);
    await settle(harness);
    await alice.clickButton('credentials_rotate');
    await settle(harness);
    expect(visibleTopView(harness, 'U0REQUESTER')).toContain('step 1 of 2');
    const old = harness.chime.getCredentialUsernames(CONNECTOR) ?? [];
    const rotation = await submitChangeForm({
      'Credential 1 · Username': 'pbx-2027',
      'Credential 1 · Password': `${PASSWORD}-2027`,
      Justification: 'Yearly rotation',
    });
    await approve(rotation);
    const applied = approvalMessage(rotation.ts);
    expect(visible(applied)).toContain('Remove the old usernames');

    // Act: step 2.
    await clickAndSettle('U0REQUESTER', 'credentials_remove_old', applied);

    // Assess: the form has the old usernames ticked and says whether the PBX pinged since.
    const shown = visibleTopView(harness, 'U0REQUESTER');
    expect(shown).toContain('step 2 of 2');
    expect(shown).toContain('it cannot show which credentials it used');
    expect(shown).toMatch(/A health ping arrived|No health ping since/);
    for (const username of old) expect(shown).toContain(username);
    const removal = await submitChangeForm({ Justification: 'Retire the old credentials' });
    expect(removal.ts).not.toBe(rotation.ts);
    expect(visible(removal)).toContain('*Usernames removed:*');
  });
});
