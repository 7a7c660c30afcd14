import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  type ChimeEmulator,
  SEED_CONTACT_CENTER_CONNECTOR_ID,
  startChimeEmulator,
} from '@chime-voice-ops/chime-emulator';
import { type SlackStandIn, startSlackStandIn } from '@chime-voice-ops/slack-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDynamoDb, startDynalite, TEST_AWS_CREDENTIALS } from '../support/dynamodb';

const START = ['--import', 'tsx', 'src/local/start.ts'];

/** Runs `npm start`'s entry point as its own process and collects what it prints. */
function start(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  let output = '';
  const child = spawn(process.execPath, START, {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('npm start against a Slack workspace, a Chime server and DynamoDB', () => {
  let chime: ChimeEmulator;
  let dynamo: RunningDynamoDb;
  let slack: SlackStandIn;
  let bot: ReturnType<typeof start>;
  let url: string;
  const signingSecret = randomBytes(16).toString('hex');
  const botToken = 'xoxb-npm-start-test';

  beforeAll(async () => {
    chime = await startChimeEmulator({ seed: 'default' });
    dynamo = await startDynalite();
    slack = await startSlackStandIn({ signingSecret, botToken, ackTimeoutMs: 10_000 });
    bot = start({
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_BOT_TOKEN: botToken,
      SLACK_API_URL: slack.apiUrl,
      AWS_ENDPOINT_URL_CHIME_SDK_VOICE: chime.url,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ACCESS_KEY_ID: TEST_AWS_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_AWS_CREDENTIALS.secretAccessKey,
      DYNAMODB_CREATE_TABLES: 'true',
      PORT: '0',
    });
    await waitFor(() => /listening/.test(bot.output()), 'the bot to listen');
    // The drift check runs once at start-up (then every DRIFT_CHECK_MINUTES), reading every connector.
    await waitFor(() => /drift check run/.test(bot.output()), "the drift check's start-up run");
    url = /(http:\/\/localhost:\d+)\/slack\/events/.exec(bot.output())?.[1] ?? '';
    slack.botEventsUrl = `${url}/slack/events`;
  }, 60_000);

  afterAll(async () => {
    bot?.child.kill('SIGTERM');
    await bot?.exited;
    await slack?.close();
    await chime?.close();
    await dynamo?.stop();
  });

  it('answers GET /healthz', async () => {
    const answer = await fetch(`${url}/healthz`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ status: 'ok' });
  });

  it('serves a correctly signed /chime termination with the values the Chime server returned', async () => {
    const alice = slack.userAgent('U0REQUESTER');
    const cps = chime.getTermination(SEED_CONTACT_CENTER_CONNECTOR_ID)?.CpsLimit;

    const outcome = await alice.runSlashCommand('/chime', `termination ${SEED_CONTACT_CENTER_CONNECTOR_ID}`);
    await waitFor(
      () => slack.workspace.ephemeralsFor('U0REQUESTER').some((message) => message.text.includes('Termination')),
      'the termination card',
    );

    expect(outcome.status).toBe(200);
    const card = slack.workspace.ephemeralsFor('U0REQUESTER').find((message) => message.text.includes('Termination'));
    expect(JSON.stringify(card?.blocks)).toContain(String(cps));
  });

  it('answers 401 to a bad signature and calls no AWS API', async () => {
    const before = chime.requests.length;
    const answer = await slack
      .userAgent('U0REQUESTER')
      .sendSigned('command=%2Fchime&text=help', 'application/x-www-form-urlencoded', { signature: 'v0=00' });

    expect(answer.status).toBe(401);
    expect(chime.requests.length).toBe(before);
  });

  it('never logs the signing secret or the bot token', () => {
    expect(bot.output()).not.toContain(signingSecret);
    expect(bot.output()).not.toContain(botToken);
  });
});

describe('npm start with a broken configuration', () => {
  it('stops and names the missing variable', async () => {
    const bot = start({ SLACK_SIGNING_SECRET: 'only-half' });

    const code = await bot.exited;

    expect(code).toBe(2);
    expect(bot.output()).toContain('SLACK_BOT_TOKEN');
    expect(bot.output()).not.toContain('only-half');
  });
});

describe('npm start with no variables at all', () => {
  it('runs the sandbox and prints a console URL whose page and health check answer', async () => {
    // Prepare / Act: nothing but PORT (a free one), as on a fresh clone.
    const bot = start({ PORT: '0' });
    try {
      await waitFor(() => /http:\/\/localhost:\d+\//.test(bot.output()), 'the sandbox to print its URL', 60_000);
      const consoleUrl = /(http:\/\/localhost:\d+)\//.exec(bot.output())?.[1] ?? '';

      // Assess
      expect(bot.output()).toMatch(/sandbox/i);
      const page = await fetch(`${consoleUrl}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/sandbox/i);
      expect((await fetch(`${consoleUrl}/healthz`)).status).toBe(200);
      const auth = await fetch(`${consoleUrl}/api/auth.test`, { method: 'POST' });
      expect(await auth.json()).toMatchObject({ ok: false, error: 'not_authed' });
    } finally {
      bot.child.kill('SIGTERM');
      await bot.exited;
    }
  }, 90_000);
});
