import { PutVoiceConnectorOriginationCommand } from '@aws-sdk/client-chime-sdk-voice';
import { EMULATOR_ACCOUNT_ID } from '@chime-voice-ops/chime-emulator';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock';
import { createDriftMonitor } from '../../src/composition-root';
import type { DriftMonitor } from '../../src/drift/drift-monitor';
import { type BotHarness, startBotHarness } from '../support/bot-harness';
import { connectorFleet, fleetConnectorId } from '../support/connector-fleet';
import { outsideClient } from '../support/unit-chime-clients';
import { visible } from '../support/visible-text';

const CONNECTORS = 500;
const APPROVALS = 'C0APPROVALS';
/** What one run may take: a Lambda given a minute, say. */
const RUN_BUDGET_MS = 60_000;

/**
 * The scheduled check at scale, against the Chime emulator throttling half its calls: it finishes
 * over several runs, resuming from the cursor stored in DynamoDB, and finds a drift planted on
 * one connector. Time is the check's own clock, moved on by its waits (no test waits for real).
 */
describe('the drift check at scale', () => {
  let harness: BotHarness;
  let monitor: DriftMonitor;
  const clock = new ManualClock(Date.now());

  beforeAll(async () => {
    harness = await startBotHarness({ clock, env: { DRIFT_REGIONS: 'us-east-1' } });
    harness.chime.seed(connectorFleet(CONNECTORS));
    monitor = createDriftMonitor(harness.core, new WebClient(harness.botToken, { slackApiUrl: harness.slack.apiUrl }), {
      clock,
      regions: ['us-east-1'],
      callsPerSecond: 8,
      wait: async (ms) => clock.advance(ms),
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  /**
   * Runs the check until a pass completes; returns how many runs it took and what they found. A
   * connector checked after the one a run stopped on is checked again by the next run (the cursor
   * records only an unbroken prefix), so a pass may check a few twice: at least once each.
   */
  async function completePass(): Promise<{ runs: number; outcomes: Record<string, number> }> {
    const outcomes: Record<string, number> = {};
    for (let runs = 1; runs <= 100; runs += 1) {
      const report = await monitor.checkScheduled(clock.now() + RUN_BUDGET_MS);
      for (const [outcome, count] of Object.entries(report.outcomes)) {
        outcomes[outcome] = (outcomes[outcome] ?? 0) + (count ?? 0);
      }
      if (report.passCompleted) return { runs, outcomes };
    }
    throw new Error('no pass completed in 100 runs');
  }

  it('completes over several runs with half the calls throttled, and finds the one drift', {
    timeout: 600_000,
  }, async () => {
    // Prepare: a first pass records the baselines, then someone changes connector 321.
    harness.chime.setThrottling('*', 0.5);
    const first = await completePass();
    harness.chime.clearFaults();
    // The check's clock ran ahead by its simulated waits: the emulator's (CloudTrail's) catches up.
    harness.chime.advanceClock(Math.max(0, clock.now() - harness.chime.now().getTime()));
    const planted = fleetConnectorId(Math.floor(CONNECTORS * 0.64));
    harness.chime.setPrincipal('AKIAEVE', {
      arn: `arn:aws:sts::${EMULATOR_ACCOUNT_ID}:assumed-role/NetworkAdmin/eve`,
      userName: 'eve',
      type: 'AssumedRole',
    });
    const eve = outsideClient(harness.chime.url, { accessKeyId: 'AKIAEVE', secretAccessKey: 'eve-secret' });
    await eve.send(
      new PutVoiceConnectorOriginationCommand({
        VoiceConnectorId: planted,
        Origination: {
          Routes: [{ Host: 'rogue.example.net', Port: 5060, Protocol: 'UDP', Priority: 1, Weight: 10 }],
          Disabled: false,
        },
      }),
    );
    eve.destroy();
    harness.chime.setThrottling('*', 0.5);
    const throttledBefore = harness.chime.throttledCount;

    // Act
    const second = await completePass();

    // Assess
    expect(first.runs).toBeGreaterThan(1);
    expect(first.outcomes['baseline-recorded']).toBe(CONNECTORS);
    expect(first.outcomes.failed).toBeUndefined();
    expect(second.runs).toBeGreaterThan(1);
    expect(second.outcomes['drift-alerted']).toBe(1);
    expect(second.outcomes.failed).toBeUndefined();
    // About one throttled call for every call that got through.
    expect(harness.chime.throttledCount - throttledBefore).toBeGreaterThan(CONNECTORS * 3);
    const alerts = harness.slack.workspace.messagesIn(APPROVALS);
    expect(alerts).toHaveLength(1);
    expect(visible(alerts[0])).toContain(planted);
    expect(visible(alerts[0])).toContain('➕ *Route* `rogue.example.net:5060 UDP priority 1 weight 10`');
    expect(visible(alerts[0])).toContain('*eve*');
    const baselines = (await harness.core.auditLog.recentForConnector(planted, 10)).map((entry) => entry.action);
    expect(baselines).toEqual(['drift.detect', 'drift.baseline']);
  });
});
