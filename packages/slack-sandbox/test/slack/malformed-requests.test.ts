import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseUrlAddress } from '../../src/slack/response-url';
import { SandboxChannelId, SandboxUserId } from '../../src/slack/workspace-fixture';
import { BOT_TOKEN, type StandInHarness, startStandInHarness } from './stand-in-harness';

/**
 * Whatever arrives at the stand-in's HTTP endpoints, it answers with a clear refusal and keeps
 * serving. Web API methods refuse as Slack does (HTTP 200, `ok: false` and an error code: the
 * WebClient reads these as platform errors); response_urls refuse with a 4xx.
 */

interface Answer {
  status: number;
  body: { ok?: boolean; error?: string; response_metadata?: { messages?: string[] } };
}

async function post(url: string, body: string, contentType = 'application/json'): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': contentType, Authorization: `Bearer ${BOT_TOKEN}` },
    body,
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

describe('malformed requests to the Slack stand-in', () => {
  let harness: StandInHarness;
  const method = (name: string) => `${harness.standIn.apiUrl}${name}`;

  beforeAll(async () => {
    harness = await startStandInHarness();
  });
  afterAll(async () => {
    await harness.standIn.close();
  });

  it.each([
    ['a body that is not JSON', '{"channel":', 'application/json', 'invalid_json'],
    ['the JSON null', 'null', 'application/json', 'invalid_json'],
    ['a JSON array', '[1,2]', 'application/json', 'invalid_json'],
    ['a body of another type', 'channel=C0OPS', 'text/xml', 'invalid_form_data'],
    [
      'blocks that are not JSON, in a form',
      'channel=C0OPS&blocks=%5B%7B',
      'application/x-www-form-urlencoded',
      'invalid_blocks_format',
    ],
    ['a channel that is a number', '{"channel":42,"text":"hi"}', 'application/json', 'invalid_arguments'],
    [
      'blocks that are an object',
      '{"channel":"C0OPS","text":"hi","blocks":{"type":"section"}}',
      'application/json',
      'invalid_blocks',
    ],
    ['text that is a list', '{"channel":"C0OPS","text":["hi"]}', 'application/json', 'invalid_arguments'],
  ])('refuses chat.postMessage with %s, and posts nothing', async (_case, body, type, error) => {
    // Act
    const answer = await post(method('chat.postMessage'), body, type);

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ok: false, error });
    expect(harness.standIn.workspace.messagesIn(SandboxChannelId.Ops)).toHaveLength(0);
  });

  it.each([
    ['views.open', '{"trigger_id":"1.2.x","view":null}', 'invalid_arguments'],
    ['views.update', '{"view_id":7,"view":"modal"}', 'invalid_arguments'],
    ['users.list', '{"limit":"many"}', 'invalid_limit'],
    ['users.list', '{"cursor":"%%%"}', 'invalid_cursor'],
    ['chat.update', '{"channel":"C0OPS","ts":{"a":1},"text":"x"}', 'invalid_arguments'],
    ['users.info', '{"user":null}', 'invalid_arguments'],
  ])('refuses %s with wrong types in %s', async (name, body, error) => {
    // Act
    const answer = await post(method(name), body);

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ok: false, error });
  });

  it.each([
    ['a body that is not JSON', '{"text":'],
    ['the JSON null', 'null'],
    ['text that is a number', '{"text":5}'],
    ['replace_original that is not a flag', '{"text":"x","replace_original":"yes"}'],
    ['a response_type Slack does not know', '{"text":"x","response_type":"everyone"}'],
  ])('refuses a response_url post with %s as 400 invalid_payload', async (_case, body) => {
    // Prepare
    const record = harness.standIn.workspace.issueResponseUrl({
      userId: SandboxUserId.Requester,
      channelId: SandboxChannelId.Ops,
      origin: 'slash_command',
    });

    // Act
    const answer = await post(responseUrlAddress(harness.standIn.apiUrl, record.id), body);

    // Assess
    expect(answer).toMatchObject({ status: 400, body: { ok: false, error: 'invalid_payload' } });
    expect(harness.standIn.workspace.ephemeralsFor(SandboxUserId.Requester)).toHaveLength(0);
  });

  it('answers a response_url address with a broken escape as not found', async () => {
    // Act
    const answer = await post(`${harness.standIn.apiUrl}_respond/%E0%A4%A`, '{"text":"x"}');

    // Assess
    expect(answer).toEqual({ status: 404, body: { ok: false, error: 'not_found' } });
  });

  it('refuses a body over the limit with 413', async () => {
    // Act
    const answer = await post(method('chat.postMessage'), `{"text":"${'x'.repeat(6 * 1024 * 1024)}"}`);

    // Assess
    expect(answer).toEqual({ status: 413, body: { ok: false, error: 'request_too_large' } });
  });

  it('keeps serving after all of that', async () => {
    // Act
    const posted = await harness.client.chat.postMessage({ channel: SandboxChannelId.Ops, text: 'still here' });

    // Assess
    expect(posted.ok).toBe(true);
    expect(harness.standIn.workspace.messagesIn(SandboxChannelId.Ops).map((message) => message.text)).toEqual([
      'still here',
    ]);
  });
});
