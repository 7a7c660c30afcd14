import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { type ChimeEmulator, startChimeEmulator } from '@chime-voice-ops/chime-emulator';
import { type SlackStandIn, type SlackWorkspace, startSlackStandIn } from '@chime-voice-ops/slack-sandbox';
import { type Clock, systemClock } from '../../src/clock';
import { type Core, createCore, loadApprovalPolicy } from '../../src/composition-root';
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/logging/logger';
import { type RunningServer, startHttpServer } from '../../src/server/http-server';
import { type RunningDynamoDb, startDynalite, TEST_AWS_CREDENTIALS } from './dynamodb';
import { visible } from './visible-text';

/**
 * The whole bot over real HTTP, as `npm start` runs it against a workspace: Bolt behind our HTTP
 * server, the Slack stand-in as its Web API (and as the people who use it), the Chime emulator
 * and dynalite reached through the AWS SDK's standard endpoint variables. Logs are captured so
 * tests can assert what never appears in them.
 */
export interface BotHarness {
  server: RunningServer;
  core: Core;
  slack: SlackStandIn;
  chime: ChimeEmulator;
  dynamo: RunningDynamoDb;
  signingSecret: string;
  botToken: string;
  /** Every log line written so far. */
  logLines: string[];
  close(): Promise<void>;
}

export const COMMAND = '/chime';

export async function startBotHarness(
  options: { env?: Record<string, string>; clock?: Clock; dynamo?: RunningDynamoDb; workspace?: SlackWorkspace } = {},
): Promise<BotHarness> {
  const chime = await startChimeEmulator({ seed: 'default' });
  const dynamo = options.dynamo ?? (await startDynalite());
  const signingSecret = randomBytes(16).toString('hex');
  const botToken = `xoxb-test-${randomBytes(6).toString('hex')}`;
  const slack = await startSlackStandIn({
    signingSecret,
    botToken,
    ackTimeoutMs: 10_000,
    ...(options.workspace !== undefined ? { workspace: options.workspace } : {}),
  });

  // The standard variables, exactly as an operator would set them: no test-only code path.
  process.env.AWS_ENDPOINT_URL_CHIME_SDK_VOICE = chime.url;
  // The emulator also serves CloudTrail's LookupEvents over the changes it accepted.
  process.env.AWS_ENDPOINT_URL_CLOUDTRAIL = chime.url;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
  process.env.AWS_ACCESS_KEY_ID = TEST_AWS_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = TEST_AWS_CREDENTIALS.secretAccessKey;

  const config = await loadApprovalPolicy(
    loadConfig({
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_BOT_TOKEN: botToken,
      SLACK_API_URL: slack.apiUrl,
      AWS_REGION: 'us-east-1',
      AUDIT_TABLE: `audit-${randomBytes(4).toString('hex')}`,
      CHANGES_TABLE: `changes-${randomBytes(4).toString('hex')}`,
      DRIFT_TABLE: `drift-${randomBytes(4).toString('hex')}`,
      // Tests run the drift check themselves (runOnce), not on a timer.
      DRIFT_CHECK_MINUTES: '0',
      DYNAMODB_CREATE_TABLES: 'true',
      APPROVAL_CHANNEL: 'C0APPROVALS',
      APPROVERS: 'U0APPROVER,S0APPROVERS',
      SEAL_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'debug',
      ...options.env,
    }),
  );
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const core = createCore(config, createLogger(config.logLevel, sink), options.clock ?? systemClock);
  await core.prepareTables();
  const server = await startHttpServer({
    core,
    secrets: { signingSecret, botToken },
    port: 0,
    host: '127.0.0.1',
  });
  slack.botEventsUrl = `${server.url}/slack/events`;

  return {
    server,
    core,
    slack,
    chime,
    dynamo,
    signingSecret,
    botToken,
    logLines,
    async close() {
      await server.close();
      core.close();
      await slack.close();
      await chime.close();
      if (options.dynamo === undefined) await dynamo.stop();
    },
  };
}

/** Waits until the bot's background jobs have finished (replies sent, audit written). */
export async function settle(harness: BotHarness): Promise<void> {
  await harness.server.idle();
}

/** What the person sees of the newest ephemeral message the bot sent them; `''` when none. */
export function lastEphemeral(harness: BotHarness, userId: string): string {
  return visible(harness.slack.workspace.ephemeralsFor(userId).at(-1));
}
