import type { AddressInfo } from 'node:net';
import { App, type Logger, LogLevel, webApi } from '@slack/bolt';
import { afterEach, beforeEach } from 'vitest';
import { ManualClock } from '../../src/slack/clock';
import { type SlackStandIn, startSlackStandIn } from '../../src/slack/slack-stand-in';
import { SlackWorkspace } from '../../src/slack/workspace';

export const BOT_TOKEN = 'xoxb-sandbox-test-token';
export const SIGNING_SECRET = 'sandbox-test-signing-secret';

/** Keeps the WebClient from printing Slack's `[ERROR]` lines for refusals the tests provoke on purpose. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

export interface StandInHarness {
  standIn: SlackStandIn;
  clock: ManualClock;
  /** The real Web API client, pointed at the stand-in. */
  client: webApi.WebClient;
}

/** The stand-in on a loopback port, with a manual clock and a real WebClient that never retries. */
export async function startStandInHarness(options: { ackTimeoutMs?: number } = {}): Promise<StandInHarness> {
  const clock = new ManualClock();
  const standIn = await startSlackStandIn({
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    workspace: new SlackWorkspace({ clock }),
    ...options,
  });
  const client = new webApi.WebClient(BOT_TOKEN, {
    slackApiUrl: standIn.apiUrl,
    retryConfig: { retries: 0 },
    logger: silentLogger,
  });
  return { standIn, clock, client };
}

/** A fresh stand-in for each test of the suite, closed after it; its fields are there once a test runs. */
export function standInForEachTest(): StandInHarness {
  const harness = {} as StandInHarness;
  beforeEach(async () => {
    Object.assign(harness, await startStandInHarness());
  });
  afterEach(async () => {
    await harness.standIn.close();
  });
  return harness;
}

export interface BoltBot {
  app: App;
  close(): Promise<void>;
}

/**
 * A real Bolt app on HTTP (the default receiver) whose WebClient talks to the stand-in; the
 * stand-in's simulated clients post to it.
 */
export async function startBoltBot(standIn: SlackStandIn, register: (app: App) => void): Promise<BoltBot> {
  const app = new App({
    signingSecret: SIGNING_SECRET,
    token: BOT_TOKEN,
    tokenVerificationEnabled: false,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } },
  });
  register(app);
  const server = await app.start({ port: 0, host: '127.0.0.1' });
  const { port } = server.address() as AddressInfo;
  standIn.botEventsUrl = `http://127.0.0.1:${port}/slack/events`;
  return { app, close: () => app.stop().then(() => undefined) };
}
