import { describe, expect, it } from 'vitest';
import { responseUrlAddress } from '../../src/slack/response-url';
import type { ResponseUrlRecord } from '../../src/slack/workspace';
import { SandboxChannelId, SandboxUserId } from '../../src/slack/workspace-fixture';
import { standInForEachTest } from './stand-in-harness';

/** Posts to a response_url exactly as Bolt's `respond()` does. */
async function respond(url: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

describe('Slack stand-in response_url', () => {
  const harness = standInForEachTest();

  function commandResponseUrl(): { record: ResponseUrlRecord; url: string } {
    const record = harness.standIn.workspace.issueResponseUrl({
      userId: SandboxUserId.Requester,
      channelId: SandboxChannelId.Ops,
      origin: 'slash_command',
    });
    return { record, url: responseUrlAddress(harness.standIn.apiUrl, record.id) };
  }

  it('shows a reply only to the person who typed the command', async () => {
    // Prepare
    const { url } = commandResponseUrl();

    // Act
    const answer = await respond(url, { text: 'Looking up vc-1…' });

    // Assess
    expect(answer).toEqual({ status: 200, json: { ok: true } });
    const { workspace } = harness.standIn;
    expect(workspace.ephemeralsFor(SandboxUserId.Requester).map((message) => message.text)).toEqual([
      'Looking up vc-1…',
    ]);
    expect(workspace.messagesIn(SandboxChannelId.Ops)).toHaveLength(0);
  });

  it('posts in the channel when asked for in_channel', async () => {
    // Prepare
    const { url } = commandResponseUrl();

    // Act
    await respond(url, { response_type: 'in_channel', text: 'Termination for vc-1: enabled' });

    // Assess
    const [message] = harness.standIn.workspace.messagesIn(SandboxChannelId.Ops);
    expect(message).toMatchObject({ text: 'Termination for vc-1: enabled', botId: 'B0BOT' });
  });

  it("replaces the command's earlier reply with replace_original", async () => {
    // Prepare
    const { url } = commandResponseUrl();
    await respond(url, { text: 'Working…' });

    // Act
    await respond(url, { text: 'Done', replace_original: true });

    // Assess
    const replies = harness.standIn.workspace.ephemeralsFor(SandboxUserId.Requester);
    expect(replies.map((message) => message.text)).toEqual(['Done']);
    expect(replies[0]?.replacements).toBe(1);
  });

  it('edits the clicked channel message, or deletes it', async () => {
    // Prepare
    const { workspace } = harness.standIn;
    const request = workspace.postMessage({
      channelId: SandboxChannelId.Approvals,
      text: 'Change #7 awaits approval',
      blocks: [],
      asBot: true,
      via: 'chat.postMessage',
    });
    const clicked = () =>
      responseUrlAddress(
        harness.standIn.apiUrl,
        workspace.issueResponseUrl({
          userId: SandboxUserId.Approver,
          channelId: SandboxChannelId.Approvals,
          origin: 'message_action',
          original: { kind: 'channel', channelId: SandboxChannelId.Approvals, ts: request.ts },
        }).id,
      );

    // Act
    await respond(clicked(), { replace_original: true, text: 'Change #7 approved by bob' });
    const edited = workspace.message(SandboxChannelId.Approvals, request.ts)?.text;
    await respond(clicked(), { delete_original: true });

    // Assess
    expect(edited).toBe('Change #7 approved by bob');
    expect(workspace.messagesIn(SandboxChannelId.Approvals)).toHaveLength(0);
  });

  it('refuses a sixth post as used_url', async () => {
    // Prepare
    const { url } = commandResponseUrl();
    for (let use = 1; use <= 5; use += 1) await respond(url, { text: `update ${use}` });

    // Act
    const sixth = await respond(url, { text: 'one too many' });

    // Assess
    expect(sixth).toEqual({ status: 404, json: { ok: false, error: 'used_url' } });
    expect(harness.standIn.workspace.ephemeralsFor(SandboxUserId.Requester)).toHaveLength(5);
  });

  it('refuses a post after thirty minutes as expired_url', async () => {
    // Prepare
    const { url } = commandResponseUrl();
    harness.clock.advance(30 * 60_000 + 1);

    // Act
    const late = await respond(url, { text: 'too late' });

    // Assess
    expect(late).toEqual({ status: 404, json: { ok: false, error: 'expired_url' } });
  });

  it('refuses blocks Slack would refuse, without using up the url', async () => {
    // Prepare
    const { record, url } = commandResponseUrl();

    // Act
    const answer = await respond(url, {
      text: 'bad',
      blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
    });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      ok: false,
      error: 'invalid_blocks',
      response_metadata: { messages: ['[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]'] },
    });
    expect(record.uses).toBe(0);
  });

  it('records each post with its body', async () => {
    // Prepare
    const { record, url } = commandResponseUrl();

    // Act
    await respond(url, { text: 'recorded' });

    // Assess
    const [call] = harness.standIn.workspace.callsTo('response_url');
    expect(call?.args).toEqual({ text: 'recorded', response_url_id: record.id });
    expect(call?.response).toEqual({ ok: true });
  });
});
