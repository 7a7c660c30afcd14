import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ChimeEmulator,
  SEED_CONTACT_CENTER_CONNECTOR_ID,
  startChimeEmulator,
} from '@chime-voice-ops/chime-emulator';
import {
  responseUrlAddress,
  SandboxChannelId,
  SandboxUserId,
  type SlackStandIn,
  slackSignature,
  startEmbeddedDynamoDb,
  startSlackStandIn,
} from '@chime-voice-ops/slack-sandbox';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The bot exactly as `npm start` runs it against a workspace (its own `node` process, Bolt's HTTP
 * receiver, jobs in-process after the acknowledgement), reached over real HTTP, with the Chime
 * emulator, dynalite and the Slack stand-in in this process behind the standard endpoint variables.
 *
 * @example
 * const bot = await startBotUnderTest();
 * const summary = await bot.measure({ requests: 200, concurrency: 10, warmUp: 20 });
 * await bot.close();
 */
export interface BotUnderTest {
  chime: ChimeEmulator;
  measure(options: { requests: number; concurrency: number; warmUp: number }): Promise<AckLatency>;
  close(): Promise<void>;
}

export interface AckLatency {
  requests: number;
  concurrency: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Answers other than 200. */
  failures: number;
  /** Replies that reached the command's response_url once the jobs had run. */
  repliesDelivered: number;
}

const USER_ID = SandboxUserId.Requester;
const REPLY_WAIT_MS = 120_000;

export async function startBotUnderTest(): Promise<BotUnderTest> {
  const signingSecret = randomBytes(16).toString('hex');
  const botToken = `xoxb-bench-${randomBytes(6).toString('hex')}`;
  const chime = await startChimeEmulator({ seed: 'default' });
  const dynamo = await startEmbeddedDynamoDb();
  const slack = await startSlackStandIn({ signingSecret, botToken });
  let bot: RunningBot | undefined;
  try {
    bot = await spawnNpmStart({
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_BOT_TOKEN: botToken,
      SLACK_API_URL: slack.apiUrl,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDBENCH',
      AWS_SECRET_ACCESS_KEY: 'bench-secret',
      AWS_ENDPOINT_URL_CHIME_SDK_VOICE: chime.url,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      DYNAMODB_CREATE_TABLES: 'true',
      PORT: '0',
      // What a deployment would run with.
      LOG_LEVEL: 'info',
    });
  } catch (error) {
    await Promise.all([slack.close(), chime.close(), dynamo.stop()]);
    throw error;
  }
  const running = bot;
  return {
    chime,
    measure: (options) => measure(running.eventsUrl, slack, signingSecret, options),
    async close() {
      await running.stop();
      await Promise.all([slack.close(), chime.close(), dynamo.stop()]);
    },
  };
}

async function measure(
  eventsUrl: string,
  slack: SlackStandIn,
  signingSecret: string,
  options: { requests: number; concurrency: number; warmUp: number },
): Promise<AckLatency> {
  const responseUrlIds: string[] = [];
  const send = async (): Promise<{ ms: number; ok: boolean }> => {
    const responseUrlId = slack.workspace.issueResponseUrl({
      userId: USER_ID,
      channelId: SandboxChannelId.Ops,
      origin: 'slash_command',
    }).id;
    responseUrlIds.push(responseUrlId);
    const body = new URLSearchParams({
      token: 'bench-verification-token',
      team_id: slack.workspace.team.id,
      team_domain: slack.workspace.team.domain,
      channel_id: SandboxChannelId.Ops,
      channel_name: 'voice-ops',
      user_id: USER_ID,
      user_name: 'alice',
      command: '/chime',
      text: `termination ${SEED_CONTACT_CENTER_CONNECTOR_ID}`,
      api_app_id: slack.workspace.bot.appId,
      is_enterprise_install: 'false',
      response_url: responseUrlAddress(slack.apiUrl, responseUrlId),
      trigger_id: slack.workspace.issueTrigger(USER_ID),
    }).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    const started = performance.now();
    const response = await fetch(eventsUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': slackSignature(signingSecret, timestamp, body),
      },
      body,
    });
    await response.arrayBuffer();
    return { ms: performance.now() - started, ok: response.status === 200 };
  };

  await runConcurrently(options.warmUp, options.concurrency, send);
  await waitForReplies(slack, responseUrlIds);
  responseUrlIds.length = 0;

  const results = await runConcurrently(options.requests, options.concurrency, send);
  const repliesDelivered = await waitForReplies(slack, responseUrlIds);
  const sorted = results.map((result) => result.ms).sort((a, b) => a - b);
  return {
    requests: options.requests,
    concurrency: options.concurrency,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.at(-1) ?? Number.NaN,
    failures: results.filter((result) => !result.ok).length,
    repliesDelivered,
  };
}

/** `total` calls of `task`, never more than `concurrency` at once. */
async function runConcurrently<T>(total: number, concurrency: number, task: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let started = 0;
  const lane = async () => {
    while (started < total) {
      started += 1;
      results.push(await task());
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
  return results;
}

/** Waits until every response_url has had its reply (the jobs run after the acknowledgement). */
async function waitForReplies(slack: SlackStandIn, responseUrlIds: string[]): Promise<number> {
  const deadline = Date.now() + REPLY_WAIT_MS;
  const delivered = () => responseUrlIds.filter((id) => (slack.workspace.responseUrl(id)?.uses ?? 0) > 0).length;
  while (delivered() < responseUrlIds.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return delivered();
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

interface RunningBot {
  eventsUrl: string;
  stop(): Promise<void>;
}

/** `npm start` (`tsx src/local/start.ts`), run as `node --import tsx` so that its process is the bot's. */
function spawnNpmStart(environment: Record<string, string>): Promise<RunningBot> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/local/start.ts'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? PROJECT_ROOT, ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolveStart, rejectStart) => {
    let output = '';
    const onOutput = (chunk: Buffer) => {
      // Keep only the tail: the bot logs every request at info.
      output = (output + chunk.toString('utf8')).slice(-8_000);
      const listening = /Slack requests at (\S+\/slack\/events)/.exec(output);
      if (listening?.[1] !== undefined) {
        child.stdout?.off('data', onOutput);
        child.stdout?.resume();
        resolveStart({ eventsUrl: listening[1].replace('//localhost:', '//127.0.0.1:'), stop: () => stop(child) });
      }
    };
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-8_000);
    });
    child.once('exit', (code) => rejectStart(new Error(`npm start exited (${code}) before listening:\n${output}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(force);
}
