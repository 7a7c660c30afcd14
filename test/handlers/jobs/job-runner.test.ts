import { randomBytes } from 'node:crypto';
import { responseUrlAddress, type SlackStandIn, startSlackStandIn } from '@chime-voice-ops/slack-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Core, createCore, createWebClient, createWorker } from '../../../src/composition-root';
import { loadConfig } from '../../../src/config/config';
import type { JobRunner } from '../../../src/handlers/jobs/job-runner';
import type { Job } from '../../../src/jobs/job-codec';
import { createLogger } from '../../../src/logging/logger';
import { terminationJob } from '../../support/jobs';

const ALICE = 'U0REQUESTER';
const OPS = 'C0OPS';
const FAILED = 'Something went wrong while reading from AWS.';

function visible(message: { text: string; blocks: readonly unknown[] } | undefined): string {
  return message === undefined ? '' : `${message.text}\n${JSON.stringify(message.blocks)}`;
}

/**
 * The worker as the composition root builds it, talking to the Slack stand-in through the real
 * WebClient. Nothing here touches AWS: reporting a failure only speaks to Slack.
 */
describe('JobRunner.reportFailure', () => {
  const botToken = `xoxb-test-${randomBytes(6).toString('hex')}`;
  const signingSecret = randomBytes(16).toString('hex');
  const logLines: string[] = [];
  let slack: SlackStandIn;
  let core: Core;
  let runner: JobRunner;

  function workerWithToken(token: string): JobRunner {
    return createWorker(core, createWebClient(core, token));
  }

  beforeAll(async () => {
    slack = await startSlackStandIn({ signingSecret, botToken });
    const config = loadConfig({
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_BOT_TOKEN: botToken,
      SLACK_API_URL: slack.apiUrl,
      LOG_LEVEL: 'debug',
    });
    core = createCore(config, createLogger(config.logLevel, { write: (line: string) => void logLines.push(line) }));
    runner = workerWithToken(botToken);
  });
  afterAll(async () => {
    core?.close();
    await slack?.close();
  });

  it('tells the person in the channel, privately, that their job failed for good', async () => {
    // Prepare
    const before = slack.workspace.ephemeralsFor(ALICE, OPS).length;

    // Act
    await runner.reportFailure(
      terminationJob({ reply: { kind: 'ephemeral', channelId: OPS }, channelId: OPS }),
      new Error('Chime unreachable'),
    );

    // Assess
    const notices = slack.workspace.ephemeralsFor(ALICE, OPS).slice(before);
    expect(notices).toHaveLength(1);
    expect(visible(notices[0])).toContain(FAILED);
  });

  it("answers through the command's response_url", async () => {
    // Prepare
    const origin = slack.workspace.issueResponseUrl({ userId: ALICE, channelId: OPS, origin: 'slash_command' });
    const responseUrl = responseUrlAddress(slack.apiUrl, origin.id);
    const before = slack.workspace.ephemeralsFor(ALICE, OPS).length;

    // Act
    await runner.reportFailure(
      terminationJob({ reply: { kind: 'response_url', responseUrl }, channelId: OPS }),
      new Error('Chime unreachable'),
    );

    // Assess
    expect(slack.workspace.responseUrl(origin.id)?.uses).toBe(1);
    const notices = slack.workspace.ephemeralsFor(ALICE, OPS).slice(before);
    expect(visible(notices.at(-1))).toContain(FAILED);
  });

  it('replaces the modal the person has open', async () => {
    // Prepare
    const view = slack.workspace.openView(ALICE, {
      type: 'modal',
      title: { type: 'plain_text', text: 'Chime voice ops' },
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Loading…' } }],
    });

    // Act
    await runner.reportFailure(
      terminationJob({ reply: { kind: 'view', viewId: view.id }, channelId: OPS }),
      new Error('Chime unreachable'),
    );

    // Assess
    expect(JSON.stringify(slack.workspace.topView(ALICE)?.blocks)).toContain(FAILED);
  });

  it('does not throw when Slack refuses the message, and logs that it could not tell the person', async () => {
    // Prepare: the workspace no longer accepts the bot's token.
    const revoked = workerWithToken('xoxb-revoked-token');
    const posts = slack.workspace.callsTo('chat.postEphemeral').length;
    const notices = slack.workspace.ephemeralsFor(ALICE, OPS).length;

    // Act
    const report = revoked.reportFailure(
      terminationJob({ reply: { kind: 'ephemeral', channelId: OPS }, channelId: OPS }),
      new Error('Chime unreachable'),
    );

    // Assess
    await expect(report).resolves.toBeUndefined();
    const refused = slack.workspace.callsTo('chat.postEphemeral').slice(posts);
    expect(refused.map((call) => call.response.error)).toEqual(['invalid_auth']);
    expect(slack.workspace.ephemeralsFor(ALICE, OPS)).toHaveLength(notices);
    expect(logLines.join('')).toContain('could not report a failed job');
  });

  it('does not throw when the response_url is refused', async () => {
    // Prepare: a response_url Slack never issued (or one that expired).
    const responseUrl = responseUrlAddress(slack.apiUrl, 'T0SANDBOX-unknown');

    // Act
    const report = runner.reportFailure(
      terminationJob({ reply: { kind: 'response_url', responseUrl }, channelId: OPS }),
      new Error('Chime unreachable'),
    );

    // Assess
    await expect(report).resolves.toBeUndefined();
  });

  it('does not throw when Slack cannot be reached at all', async () => {
    // Prepare: a stand-in that has gone away.
    const gone = await startSlackStandIn({ signingSecret, botToken });
    const config = loadConfig({
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_BOT_TOKEN: botToken,
      SLACK_API_URL: gone.apiUrl,
      LOG_LEVEL: 'silent',
    });
    await gone.close();
    const offline = createCore(config, createLogger('silent'));
    const unreachable = createWorker(offline, createWebClient(offline, botToken));

    // Act
    const report = unreachable.reportFailure(
      terminationJob({ reply: { kind: 'ephemeral', channelId: OPS }, channelId: OPS }),
      new Error('Chime unreachable'),
    );

    // Assess
    await expect(report).resolves.toBeUndefined();
    offline.close();
  });

  it('says nothing when recording a refusal failed: the person was already told why not', async () => {
    // Prepare
    const before = slack.workspace.calls.length;
    const refusal: Job = {
      kind: 'record-refusal',
      action: 'read.termination',
      outcome: 'denied',
      reason: 'not-a-reader',
      actor: { userId: ALICE, teamId: 'T0SANDBOX' },
      reply: { kind: 'ephemeral', channelId: OPS },
    };

    // Act
    await runner.reportFailure(refusal, new Error('audit log unavailable'));

    // Assess
    expect(slack.workspace.calls.length).toBe(before);
  });
});
