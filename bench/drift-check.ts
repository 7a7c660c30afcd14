import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { startChimeEmulator } from '@chime-voice-ops/chime-emulator';
import { startEmbeddedDynamoDb, startSlackStandIn } from '@chime-voice-ops/slack-sandbox';
import { WebClient } from '@slack/web-api';
import { createCore, createDriftMonitor } from '../src/composition-root';
import { loadConfig } from '../src/config/config';
import { createLogger } from '../src/logging/logger';
import { connectorFleet } from '../test/support/connector-fleet';

/**
 * The scheduled drift check against the Chime emulator in real time: connectors checked per
 * minute and Chime requests per connector (as the emulator counted them, throttled ones and the
 * ListVoiceConnectors pages included), for a first pass (baselines written and audited), a quiet
 * pass, and a quiet pass with half of Chime's calls throttled. DynamoDB is the sandbox's embedded
 * one, Slack the stand-in; all in this process.
 */
export interface DriftCheckMeasurement {
  scenario: string;
  connectors: number;
  callsPerSecond: number;
  seconds: number;
  connectorsPerMinute: number;
  chimeCallsPerConnector: number;
  throttledPerConnector: number;
  runs: number;
}

const APPROVALS = 'C0APPROVALS';

export async function measureDriftCheck(
  plans: readonly { connectors: number; callsPerSecond: number }[],
  progress: (result: DriftCheckMeasurement) => void = () => {},
): Promise<DriftCheckMeasurement[]> {
  const results: DriftCheckMeasurement[] = [];
  for (const plan of plans) results.push(...(await measurePlan(plan.connectors, plan.callsPerSecond, progress)));
  return results;
}

async function measurePlan(
  connectors: number,
  callsPerSecond: number,
  progress: (result: DriftCheckMeasurement) => void,
): Promise<DriftCheckMeasurement[]> {
  const chime = await startChimeEmulator({ seed: connectorFleet(connectors) });
  const dynamo = await startEmbeddedDynamoDb();
  const botToken = `xoxb-bench-${randomBytes(6).toString('hex')}`;
  const slack = await startSlackStandIn({ signingSecret: randomBytes(16).toString('hex'), botToken });
  process.env.AWS_ENDPOINT_URL_CHIME_SDK_VOICE = chime.url;
  process.env.AWS_ENDPOINT_URL_CLOUDTRAIL = chime.url;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
  process.env.AWS_ACCESS_KEY_ID ??= 'bench';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'bench';
  const config = loadConfig({
    SLACK_SIGNING_SECRET: 'bench',
    SLACK_BOT_TOKEN: botToken,
    SLACK_API_URL: slack.apiUrl,
    DYNAMODB_CREATE_TABLES: 'true',
    APPROVAL_CHANNEL: APPROVALS,
    APPROVERS: 'U0APPROVER',
    DRIFT_CHIME_CALLS_PER_SECOND: String(callsPerSecond),
    LOG_LEVEL: 'warn',
  });
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  const core = createCore(config, createLogger('warn', quiet));
  await core.prepareTables();
  const monitor = createDriftMonitor(core, new WebClient(botToken, { slackApiUrl: slack.apiUrl }), {
    regions: ['us-east-1'],
    callsPerSecond,
  });
  const results: DriftCheckMeasurement[] = [];
  const pass = async (scenario: string) => {
    chime.clearRequests();
    const throttledBefore = chime.throttledCount;
    const started = performance.now();
    let runs = 0;
    for (;;) {
      runs += 1;
      const report = await monitor.checkScheduled(Date.now() + 15 * 60_000);
      if (report.passCompleted) break;
    }
    const seconds = (performance.now() - started) / 1000;
    const calls = chime.requests.filter((request) => request.service === undefined).length;
    const result: DriftCheckMeasurement = {
      scenario,
      connectors,
      callsPerSecond,
      seconds,
      connectorsPerMinute: (connectors / seconds) * 60,
      chimeCallsPerConnector: calls / connectors,
      throttledPerConnector: (chime.throttledCount - throttledBefore) / connectors,
      runs,
    };
    results.push(result);
    progress(result);
  };
  try {
    await pass('first pass: baselines written and audited');
    await pass('quiet pass');
    chime.setThrottling('*', 0.5);
    await pass('quiet pass, half the calls throttled');
  } finally {
    core.close();
    await slack.close();
    await chime.close();
    await dynamo.stop();
  }
  return results;
}
