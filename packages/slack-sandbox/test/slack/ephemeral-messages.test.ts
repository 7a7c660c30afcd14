import type { AnyBlock } from '@slack/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SandboxChannelId, SandboxUserId } from '../../src/slack/workspace-fixture';
import { BOT_TOKEN, type BoltBot, type StandInHarness, startBoltBot, startStandInHarness } from './stand-in-harness';

/**
 * What Slack lets an app do with an ephemeral message: nothing through the Web API (`chat.update`,
 * `chat.delete` and `chat.getPermalink` answer `message_not_found`, as Slack's API reference
 * says ephemeral messages cannot be updated), but a click on it hands the app a response_url that
 * can replace or delete it.
 */

const CONFIRMATION: AnyBlock[] = [
  { type: 'section', text: { type: 'mrkdwn', text: 'Your request *CR-1* is waiting for approval.' } },
  {
    type: 'actions',
    block_id: 'request_actions',
    elements: [
      { type: 'button', action_id: 'request_cancel', text: { type: 'plain_text', text: 'Cancel' }, value: 'CR-1' },
    ],
  },
];

/** Posts the direct JSON a WebClient would, and reads Slack's answer whatever it is. */
async function callMethod(harness: StandInHarness, method: string, args: Record<string, unknown>): Promise<unknown> {
  const response = await fetch(`${harness.standIn.apiUrl}${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json; charset=utf-8', Authorization: `Bearer ${BOT_TOKEN}` },
    body: JSON.stringify(args),
  });
  return response.json();
}

describe('ephemeral messages in the Slack stand-in', () => {
  let harness: StandInHarness;
  let bot: BoltBot | undefined;
  let ts: string;

  beforeEach(async () => {
    harness = await startStandInHarness();
    const posted = await harness.client.chat.postEphemeral({
      channel: SandboxChannelId.Ops,
      user: SandboxUserId.Requester,
      text: 'Your request CR-1 is waiting for approval.',
      blocks: CONFIRMATION,
    });
    ts = posted.message_ts ?? '';
  });

  afterEach(async () => {
    await bot?.close();
    bot = undefined;
    await harness.standIn.close();
  });

  it.each([
    ['chat.update', () => ({ channel: SandboxChannelId.Ops, ts, text: 'Applied.' })],
    ['chat.delete', () => ({ channel: SandboxChannelId.Ops, ts })],
    ['chat.getPermalink', () => ({ channel: SandboxChannelId.Ops, message_ts: ts })],
  ])('refuses %s on an ephemeral message as message_not_found, and leaves it as it was', async (method, args) => {
    // Act
    const answer = await callMethod(harness, method, args());

    // Assess
    expect(answer).toEqual({ ok: false, error: 'message_not_found' });
    const [ephemeral] = harness.standIn.workspace.ephemeralsFor(SandboxUserId.Requester);
    expect(ephemeral?.text).toBe('Your request CR-1 is waiting for approval.');
    const call = harness.standIn.workspace.callsTo(method).at(-1);
    expect(call?.warnings.join('\n')).toMatch(/is an ephemeral message: Slack cannot .* response_url/);
  });

  it('hands a click on an ephemeral message a response_url that replaces that message', async () => {
    // Prepare: the app answers a late Cancel with the outcome, in place of the confirmation.
    const clicks: { responseUrl: string; isEphemeral: unknown }[] = [];
    bot = await startBoltBot(harness.standIn, (app) => {
      app.action('request_cancel', async ({ ack, body, respond }) => {
        await ack();
        const payload = body as { response_url: string; container: { is_ephemeral?: unknown } };
        clicks.push({ responseUrl: payload.response_url, isEphemeral: payload.container.is_ephemeral });
        await respond({ replace_original: true, text: 'CR-1 was already applied: there is nothing to cancel.' });
      });
    });
    const replaced = harness.standIn.workspace.waitForCall('response_url');

    // Act
    const outcome = await harness.standIn
      .userAgent(SandboxUserId.Requester)
      .clickButton('request_cancel', { surface: { kind: 'ephemeral', ts } });
    const post = await replaced;

    // Assess
    expect(outcome.sent).toBe(true);
    expect(clicks).toEqual([{ responseUrl: expect.stringMatching(/\/api\/_respond\//), isEphemeral: true }]);
    expect(post.response).toEqual({ ok: true });
    const shown = harness.standIn.workspace.ephemeralsFor(SandboxUserId.Requester);
    expect(shown.map((message) => ({ ts: message.ts, text: message.text, blocks: message.blocks }))).toEqual([
      { ts, text: 'CR-1 was already applied: there is nothing to cancel.', blocks: [] },
    ]);
  });
});
