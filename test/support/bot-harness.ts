import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type ChimeEmulator, startChimeEmulator } from '@chime-voice-ops/chime-emulator';
import { type SlackStandIn, type SlackWorkspace, startSlackStandIn } from '@chime-voice-ops/slack-sandbox';
import { afterAll, afterEach, beforeAll } from 'vitest';
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

export interface BotHarnessOptions {
  /** Variables over the harness's own configuration (an empty string unsets one). */
  env?: Record<string, string>;
  clock?: Clock;
  /** A DynamoDB already running, left running on close; default: a dynalite of its own. */
  dynamo?: RunningDynamoDb;
  workspace?: SlackWorkspace;
}

export async function startBotHarness(options: BotHarnessOptions = {}): Promise<BotHarness> {
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

/**
 * The bot for the tests of the enclosing `describe`: started before them, closed after them, and
 * after each test its background jobs waited for and the Chime emulator's injected faults cleared.
 * The object is filled in when the bot has started, so use it inside tests and hooks only.
 * `options` may be a function, called then, to use what earlier `beforeAll` hooks prepared.
 *
 * @example
 * const harness = useBotHarness({ env: { READERS: 'U0REQUESTER' } });
 */
export function useBotHarness(options: BotHarnessOptions | (() => BotHarnessOptions) = {}): BotHarness {
  const harness = {} as BotHarness;
  let started = false;
  beforeAll(async () => {
    Object.assign(harness, await startBotHarness(typeof options === 'function' ? options() : options));
    started = true;
  });
  afterAll(async () => {
    if (started) await harness.close();
  });
  afterEach(async () => {
    await settle(harness);
    harness.chime.clearFaults();
  });
  return harness;
}

/** Runs `test` against a bot of its own, started with `options`, and closes that bot afterwards. */
export async function withBotHarness(
  options: BotHarnessOptions,
  test: (harness: BotHarness) => Promise<void>,
): Promise<void> {
  const harness = await startBotHarness(options);
  try {
    await test(harness);
  } finally {
    await harness.close();
  }
}

/** Waits until the bot's background jobs have finished (replies sent, audit written). */
export async function settle(harness: BotHarness): Promise<void> {
  await harness.server.idle();
}

/** What the person sees of the newest ephemeral message the bot sent them; `''` when none. */
export function lastEphemeral(harness: BotHarness, userId: string): string {
  return visible(harness.slack.workspace.ephemeralsFor(userId).at(-1));
}

/** What the person sees of the modal on top of their stack; `''` when none is open. */
export function visibleTopView(harness: BotHarness, userId: string): string {
  return visible({ text: '', blocks: harness.slack.workspace.topView(userId)?.blocks ?? [] });
}

/**
 * `userId` types `/chime <text>` (in `options.channelId`, default their first channel); once the
 * bot's jobs are done, what they see of its newest ephemeral message (the card that answers a read).
 */
export async function runCommand(
  harness: BotHarness,
  userId: string,
  text: string,
  options: { channelId?: string } = {},
): Promise<string> {
  await harness.slack.userAgent(userId).runSlashCommand(COMMAND, text, options);
  await settle(harness);
  return lastEphemeral(harness, userId);
}

/**
 * The form body Slack posts for `/chime <text>` typed by alice in #voice-ops, for tests that sign
 * and send it themselves (to forge it, or to send it from elsewhere); `fields` replaces or adds fields.
 */
export function slashCommandBody(harness: BotHarness, text: string, fields: Record<string, string> = {}): string {
  return new URLSearchParams({
    command: COMMAND,
    text,
    user_id: 'U0REQUESTER',
    team_id: 'T0SANDBOX',
    channel_id: 'C0OPS',
    response_url: `${harness.slack.apiUrl}_respond/none`,
    trigger_id: '1.2.3',
    ...fields,
  }).toString();
}

/**
 * The items of the audit log's chain `chain` (`vc:<connector ID>`, `ws:<team ID>`), oldest first,
 * read straight from the bot's DynamoDB table (consistently), as someone with table access sees them.
 */
export async function auditItemsOf(harness: BotHarness, chain: string): Promise<Record<string, unknown>[]> {
  const answer = await DynamoDBDocumentClient.from(harness.core.dynamoDb).send(
    new QueryCommand({
      TableName: harness.core.config.auditTable,
      KeyConditionExpression: 'chain = :chain',
      ExpressionAttributeValues: { ':chain': chain },
      ConsistentRead: true,
    }),
  );
  return answer.Items ?? [];
}
