import {
  ChimeSDKVoiceClient,
  PutVoiceConnectorLoggingConfigurationCommand,
  PutVoiceConnectorTerminationCommand,
  PutVoiceConnectorTerminationCredentialsCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import {
  EMULATOR_ACCOUNT_ID,
  SEED_BRANCH_OFFICES_CONNECTOR_ID,
  SEED_CONTACT_CENTER_CONNECTOR_ID,
  SEED_LONDON_TRADING_CONNECTOR_ID,
} from '@chime-voice-ops/chime-emulator';
import type { ChannelMessage } from '@chime-voice-ops/slack-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand, settle, useBotHarness } from '../support/bot-harness';
import { APPROVALS, changeRequests } from '../support/e2e-change-requests';
import { SEEDED_CONTACT_CENTER_TERMINATION } from '../support/e2e-seed';
import { visible } from '../support/visible-text';

const MALLORY_KEY = 'AKIAMALLORYEXAMPLE';

/**
 * Drift detection end to end: the bot over signed HTTP with the Slack stand-in, the Chime emulator
 * (which also answers CloudTrail's LookupEvents from the changes it accepted) and dynalite. Changes
 * "outside the bot" are made with the AWS SDK straight against the emulator, as an admin's script
 * would; the check is run by the test (DRIFT_CHECK_MINUTES=0), as the schedule would run it.
 */
describe('drift detection', () => {
  const harness = useBotHarness({
    env: { DRIFT_REGIONS: 'us-east-1,eu-west-2', DRIFT_CHIME_CALLS_PER_SECOND: '200' },
  });
  const { latestApprovalMessage, approvalMessage, fileChangeRequest, clickAndSettle: click } = changeRequests(harness);
  let mallory: ChimeSDKVoiceClient;

  /** An AWS SDK client of mallory's, an IAM user, straight against the Chime emulator in `region`. */
  function malloryClient(region: string): ChimeSDKVoiceClient {
    return new ChimeSDKVoiceClient({
      region,
      endpoint: harness.chime.url,
      credentials: { accessKeyId: MALLORY_KEY, secretAccessKey: 'mallory-secret' },
      maxAttempts: 1,
    });
  }

  beforeAll(async () => {
    harness.chime.setPrincipal(MALLORY_KEY, {
      arn: `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:user/mallory`,
      userName: 'mallory',
      type: 'IAMUser',
    });
    mallory = malloryClient('us-east-1');
    // The first check records every connector's baseline.
    const first = await harness.server.driftSchedule.runOnce();
    expect(first?.outcomes['baseline-recorded']).toBe(3);
  });
  afterAll(() => {
    mallory?.destroy();
  });

  function driftAlerts(connector?: string): ChannelMessage[] {
    return harness.slack.workspace
      .messagesIn(APPROVALS)
      .filter((message) => message.text.includes('outside the bot') || message.text.includes('Drift '))
      .filter((message) => connector === undefined || message.text.includes(connector));
  }

  async function check(): Promise<void> {
    await harness.server.driftSchedule.runOnce();
    await settle(harness);
  }

  async function driftEntries(connector: string) {
    return (await harness.core.auditLog.recentForConnector(connector, 100)).filter((entry) =>
      entry.action.startsWith('drift.'),
    );
  }

  it('records each connector’s first baseline once, audited', async () => {
    // Act
    const entries = await driftEntries(SEED_LONDON_TRADING_CONNECTOR_ID);

    // Assess
    expect(entries.map((entry) => `${entry.action} ${entry.outcome}`)).toEqual(['drift.baseline ok']);
    expect(entries[0]?.after).toMatchObject({ credentials: { usernames: expect.any(Array) } });
    expect(JSON.stringify(entries)).not.toMatch(/[Pp]assword/);
  });

  it('alerts once on a change made straight on the Chime server, with the diff and who made it', async () => {
    // Prepare: mallory widens the allow list and adds a country, with the SDK.
    await mallory.send(
      new PutVoiceConnectorTerminationCommand({
        VoiceConnectorId: SEED_CONTACT_CENTER_CONNECTOR_ID,
        Termination: {
          ...SEEDED_CONTACT_CENTER_TERMINATION,
          CallingRegions: ['US', 'CA', 'GB'],
          CidrAllowedList: ['198.51.100.0/27', '203.0.113.16/28', '192.0.2.0/24'],
        },
      }),
    );

    // Act: two checks.
    await check();
    await check();

    // Assess
    const alerts = driftAlerts(SEED_CONTACT_CENTER_CONNECTOR_ID);
    expect(alerts).toHaveLength(1);
    const shown = visible(alerts[0]);
    expect(shown).toContain('Changed outside the bot');
    expect(shown).toContain('➕ *Calling region* `GB`');
    expect(shown).toContain('➕ *Allowed* `192.0.2.0/24`');
    expect(shown).toContain('*mallory*');
    expect(shown).toContain(`arn:aws:iam::${EMULATOR_ACCOUNT_ID}:user/mallory`);
    expect(shown).toContain('an AWS SDK');
    expect(shown).toContain('drift_revert');
    expect(shown).toContain('drift_accept');
    const detected = (await driftEntries(SEED_CONTACT_CENTER_CONNECTOR_ID)).filter(
      (entry) => entry.action === 'drift.detect',
    );
    expect(detected).toHaveLength(1);
    expect(detected[0]?.outcome).toBe('detected');
    expect(detected[0]?.after).toMatchObject({ termination: { callingRegions: ['US', 'CA', 'GB'] } });
    expect(detected[0]?.before).toMatchObject({ termination: { callingRegions: ['US', 'CA'] } });
    expect(detected[0]?.details?.attribution).toEqual([
      expect.objectContaining({ userName: 'mallory', client: 'sdk', eventName: 'PutVoiceConnectorTermination' }),
    ]);
    // CloudTrail was asked in the connector's region, for Chime's events.
    const lookups = harness.chime.requestsFor('LookupEvents');
    expect(lookups.at(-1)?.region).toBe('us-east-1');
    expect(lookups.at(-1)?.body).toMatchObject({
      LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'chime.amazonaws.com' }],
    });
  });

  it('says who is not known yet while CloudTrail has nothing, then updates the alert in place', async () => {
    // Prepare: CloudTrail delivers ten minutes late.
    harness.chime.setCloudTrailDeliveryDelay(10 * 60_000);
    await mallory.send(
      new PutVoiceConnectorLoggingConfigurationCommand({
        VoiceConnectorId: SEED_BRANCH_OFFICES_CONNECTOR_ID,
        LoggingConfiguration: { EnableSIPLogs: false, EnableMediaMetricLogs: true },
      }),
    );
    await check();
    const [alert] = driftAlerts(SEED_BRANCH_OFFICES_CONNECTOR_ID);
    expect(visible(alert)).toContain('Not known yet');
    expect(visible(alert)).toContain('Logging has no change kind yet');

    // Act: the event is delivered; the next check asks again.
    harness.chime.advanceClock(11 * 60_000);
    await check();

    // Assess: the same message, now naming mallory.
    const alerts = driftAlerts(SEED_BRANCH_OFFICES_CONNECTOR_ID);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.ts).toBe(alert?.ts);
    expect(visible(alerts[0])).toContain('*mallory*');
    expect(visible(alerts[0])).not.toContain('Not known yet');
    harness.chime.setCloudTrailDeliveryDelay(0);

    // Accept it, so that the next tests start from a quiet connector.
    await click('U0APPROVER', 'drift_accept', alerts[0] as ChannelMessage);
  });

  it('Accept as baseline: approvers only, audited, and the next check is quiet', async () => {
    // Prepare
    const london = malloryClient('eu-west-2');
    await london.send(
      new PutVoiceConnectorTerminationCredentialsCommand({
        VoiceConnectorId: SEED_LONDON_TRADING_CONNECTOR_ID,
        Credentials: [{ Username: 'mallory-pbx', Password: 'Hunter2-but-longer' }],
      }),
    );
    london.destroy();
    await check();
    const [alert] = driftAlerts(SEED_LONDON_TRADING_CONNECTOR_ID);
    expect(visible(alert)).toContain('➕ *Username* `mallory-pbx`');

    // Act: a requester tries, then an approver accepts.
    await click('U0REQUESTER', 'drift_accept', alert as ChannelMessage);
    const afterRefusal = visible(approvalMessage(alert?.ts ?? ''));
    await click('U0APPROVER', 'drift_accept', alert as ChannelMessage);
    await check();

    // Assess
    expect(afterRefusal).toContain('Changed outside the bot');
    const final = approvalMessage(alert?.ts ?? '');
    expect(visible(final)).toContain('Drift accepted as baseline');
    expect(visible(final)).not.toContain('drift_accept');
    expect(driftAlerts(SEED_LONDON_TRADING_CONNECTOR_ID)).toHaveLength(1);
    const entries = await driftEntries(SEED_LONDON_TRADING_CONNECTOR_ID);
    expect(entries.map((entry) => `${entry.action} ${entry.outcome} ${entry.actorUserId}`)).toEqual([
      'drift.accept accepted U0APPROVER',
      'drift.accept denied U0REQUESTER',
      'drift.detect detected system',
      'drift.baseline ok system',
    ]);
    expect(JSON.stringify(entries)).not.toContain('Hunter2');
  });

  it('Revert to baseline files a change request; approved by a second person, one Put restores the baseline and the alert closes', async () => {
    // Prepare: the contact center's alert from the first test is still open.
    const [alert] = driftAlerts(SEED_CONTACT_CENTER_CONNECTOR_ID);
    const before = harness.slack.workspace.messagesIn(APPROVALS).length;

    // Act: alice asks for the revert, the approver approves the request it opened.
    await click('U0REQUESTER', 'drift_revert', alert as ChannelMessage);
    const request = latestApprovalMessage();
    expect(harness.slack.workspace.messagesIn(APPROVALS)).toHaveLength(before + 1);
    expect(visible(request)).toContain('➖ *No longer allowed* `192.0.2.0/24`');
    expect(visible(request)).toContain('➖ *Calling region removed* GB');
    const putsBefore = harness.chime.requestsFor('PutVoiceConnectorTermination').length;
    await click('U0REQUESTER', 'change_approve', request);
    expect(harness.chime.requestsFor('PutVoiceConnectorTermination')).toHaveLength(putsBefore);
    const approve = visible(request).includes('change_approve_risky') ? 'change_approve_risky' : 'change_approve';
    expect(approve).toBe('change_approve');
    await click('U0APPROVER', 'change_approve', request);
    await check();

    // Assess
    const puts = harness.chime.requestsFor('PutVoiceConnectorTermination').slice(putsBefore);
    expect(puts).toHaveLength(1);
    expect(puts[0]?.body).toEqual({ Termination: SEEDED_CONTACT_CENTER_TERMINATION });
    expect(harness.chime.getTermination(SEED_CONTACT_CENTER_CONNECTOR_ID)?.CallingRegions).toEqual(['US', 'CA']);
    const closed = approvalMessage(alert?.ts ?? '');
    expect(visible(closed)).toContain('Drift closed');
    expect(visible(closed)).toContain('Revert requested by');
    expect(driftAlerts(SEED_CONTACT_CENTER_CONNECTOR_ID)).toHaveLength(1);
    const actions = (await driftEntries(SEED_CONTACT_CENTER_CONNECTOR_ID)).map((entry) => entry.action);
    expect(actions.slice(0, 2)).toEqual(['drift.close', 'drift.revert']);
  });

  it('never alerts on a change the bot applied itself', async () => {
    // Prepare
    const alertsBefore = driftAlerts().length;
    const request = await fileChangeRequest(`change termination ${SEED_CONTACT_CENTER_CONNECTOR_ID}`, {
      'CPS limit': '14',
      Justification: 'more capacity',
    });

    // Act
    await click('U0APPROVER', 'change_approve', request);
    await check();

    // Assess
    expect(harness.chime.getTermination(SEED_CONTACT_CENTER_CONNECTOR_ID)?.CpsLimit).toBe(14);
    expect(driftAlerts()).toHaveLength(alertsBefore);
    const record = await harness.core.driftBaselines.get({
      voiceConnectorId: SEED_CONTACT_CENTER_CONNECTOR_ID,
      region: 'us-east-1',
    });
    expect(record?.baseline.termination.cpsLimit).toBe(14);
    expect(record?.baselineSource).toBe('apply');
    expect(record?.alert).toBeUndefined();
  });

  it('shows an open drift on the health card', async () => {
    // Prepare
    await mallory.send(
      new PutVoiceConnectorTerminationCommand({
        VoiceConnectorId: SEED_BRANCH_OFFICES_CONNECTOR_ID,
        Termination: { CpsLimit: 1, CallingRegions: ['US'], CidrAllowedList: ['203.0.113.0/24'], Disabled: true },
      }),
    );
    await check();

    // Act
    const card = await runCommand(harness, 'U0REQUESTER', `health ${SEED_BRANCH_OFFICES_CONNECTOR_ID}`);

    // Assess
    expect(card).toContain('Drift');
    expect(card).toContain('changed outside the bot');
  });
  it('updates an open alert in place when the drift changes further, and closes it when the change is undone', async () => {
    // Prepare: the branch offices' termination drift from the health card test is open.
    const [alert] = driftAlerts(SEED_BRANCH_OFFICES_CONNECTOR_ID).filter((message) =>
      visible(message).includes('drift_accept'),
    );
    const original = harness.chime.recordedChanges
      .filter((change) => change.record.eventName === 'PutVoiceConnectorTermination')
      .at(-1);
    expect(original).toBeDefined();

    // Act: mallory changes it again, then someone puts the baseline back by hand.
    await mallory.send(
      new PutVoiceConnectorTerminationCommand({
        VoiceConnectorId: SEED_BRANCH_OFFICES_CONNECTOR_ID,
        Termination: { CpsLimit: 2, CallingRegions: ['US'], CidrAllowedList: ['203.0.113.0/24'], Disabled: true },
      }),
    );
    await check();
    const updated = visible(approvalMessage(alert?.ts ?? ''));
    const record = await harness.core.driftBaselines.get({
      voiceConnectorId: SEED_BRANCH_OFFICES_CONNECTOR_ID,
      region: 'us-east-1',
    });
    const baseline = record?.baseline.termination;
    await mallory.send(
      new PutVoiceConnectorTerminationCommand({
        VoiceConnectorId: SEED_BRANCH_OFFICES_CONNECTOR_ID,
        Termination: {
          CpsLimit: baseline?.cpsLimit,
          DefaultPhoneNumber: baseline?.defaultPhoneNumber,
          CallingRegions: baseline?.callingRegions,
          CidrAllowedList: baseline?.cidrAllowedList,
          Disabled: baseline?.disabled,
        },
      }),
    );
    await check();

    // Assess
    expect(updated).toContain('*`2`*');
    expect(driftAlerts(SEED_BRANCH_OFFICES_CONNECTOR_ID).filter((message) => message.ts === alert?.ts)).toHaveLength(1);
    const closed = visible(approvalMessage(alert?.ts ?? ''));
    expect(closed).toContain('Drift closed');
    expect(closed).not.toContain('drift_accept');
    const actions = (await driftEntries(SEED_BRANCH_OFFICES_CONNECTOR_ID)).map((entry) => entry.action);
    expect(actions.slice(0, 3)).toEqual(['drift.close', 'drift.detect', 'drift.detect']);
  });
});
