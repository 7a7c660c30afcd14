import { PutVoiceConnectorOriginationCommand } from '@aws-sdk/client-chime-sdk-voice';
import { SEED_CONTACT_CENTER_CONNECTOR_ID } from '@chime-voice-ops/chime-emulator';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDriftMonitor } from '../../src/composition-root';
import type { DriftAlerts } from '../../src/drift/drift-alerts';
import type { DriftMonitor } from '../../src/drift/drift-monitor';
import { SlackDriftAlerts } from '../../src/operations/drift/slack-drift-alerts';
import { type BotHarness, startBotHarness } from '../support/bot-harness';
import { outsideClient } from '../support/unit-chime-clients';
import { visible } from '../support/visible-text';

const APPROVALS = 'C0APPROVALS';
const REF = { voiceConnectorId: SEED_CONTACT_CENTER_CONNECTOR_ID, region: 'us-east-1' } as const;

/**
 * A check that claimed a drift and then could not post its alert (Slack down) leaves it to the
 * next check, which posts it once and audits it once: a drift is never lost, nor alerted twice.
 */
describe('a drift alert Slack refused the first time', () => {
  let harness: BotHarness;
  let monitor: DriftMonitor;
  let slackDown = true;

  beforeAll(async () => {
    harness = await startBotHarness();
    const slack = new SlackDriftAlerts(
      new WebClient(harness.botToken, { slackApiUrl: harness.slack.apiUrl }),
      APPROVALS,
      harness.core.logger,
    );
    // Slack's answer when it is down, as the Web API client would throw it.
    const flaky: DriftAlerts = {
      post: (view) =>
        slackDown ? Promise.reject(new Error('An HTTP protocol error occurred: 503')) : slack.post(view),
      update: (message, view) => slack.update(message, view),
    };
    monitor = createDriftMonitor(harness.core, new WebClient(harness.botToken, { slackApiUrl: harness.slack.apiUrl }), {
      alerts: flaky,
      regions: ['us-east-1'],
      callsPerSecond: 200,
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('is posted and audited once by the next check', async () => {
    // Prepare
    await monitor.checkOne(REF);
    const admin = outsideClient(harness.chime.url, { accessKeyId: 'AKIAADMIN', secretAccessKey: 'admin-secret' });
    await admin.send(
      new PutVoiceConnectorOriginationCommand({
        VoiceConnectorId: REF.voiceConnectorId,
        Origination: { Routes: [], Disabled: true },
      }),
    );
    admin.destroy();

    // Act
    const failed = await monitor.checkOne(REF).then(
      () => 'posted',
      (error: Error) => error.message,
    );
    slackDown = false;
    const second = await monitor.checkOne(REF);
    const third = await monitor.checkOne(REF);

    // Assess
    expect(failed).toContain('503');
    expect(second).toBe('drift-unchanged');
    expect(third).toBe('drift-unchanged');
    const alerts = harness.slack.workspace.messagesIn(APPROVALS);
    expect(alerts).toHaveLength(1);
    expect(visible(alerts[0])).toContain('*Origination:* `enabled` → *`disabled`*');
    const detected = (await harness.core.auditLog.recentForConnector(REF.voiceConnectorId, 20)).filter(
      (entry) => entry.action === 'drift.detect',
    );
    expect(detected).toHaveLength(1);
  });
});
