import { randomBytes } from 'node:crypto';
import { slackSignature } from '@chime-voice-ops/slack-sandbox';
import { App, AwsLambdaReceiver, LogLevel } from '@slack/bolt';
import type { AwsEvent, AwsEventV2, AwsHandler } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import { describe, expect, it } from 'vitest';
import { normalisingSlackHandler } from '../../src/lambda/slack-event';
import type { SlackRequestGuard } from '../../src/slack/slack-envelope';
import { slackHttpApiEvent } from './slack-http-api-event';

const NOW_MS = Date.UTC(2026, 3, 7, 12, 0, 0);
const NOW_SECONDS = Math.floor(NOW_MS / 1000);

/** A slash command's event at NOW_MS, its signature not checked by the tests that use it. */
function apiGatewayEvent(overrides: Partial<AwsEventV2> = {}): AwsEventV2 {
  return slackHttpApiEvent({
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(NOW_SECONDS),
      'x-slack-signature': 'v0=signature',
    },
    body: 'command=%2Fchime&text=help',
    ...overrides,
  });
}

/** An event whose `body` is signed with `signingSecret` at the real clock's time, which Bolt's signature check reads. */
function signedEvent(
  signingSecret: string,
  body: string,
  contentType: string,
  overrides: Partial<AwsEventV2> = {},
): AwsEventV2 {
  const timestamp = Math.floor(Date.now() / 1000);
  return apiGatewayEvent({
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(signingSecret, timestamp, body),
    },
    body,
    ...overrides,
  });
}

/** A stand-in for Bolt's handler that remembers what it was given. */
function recordingHandler(): { handler: AwsHandler; received: AwsEvent[] } {
  const received: AwsEvent[] = [];
  const handler: AwsHandler = async (event) => {
    received.push(event);
    return { statusCode: 200, body: '' };
  };
  return { handler, received };
}

describe('normalisingSlackHandler', () => {
  it('decodes a base64 body as UTF-8, so non-ASCII text survives', async () => {
    // Prepare
    const { handler, received } = recordingHandler();

    // Act
    await normalisingSlackHandler(handler, () => NOW_MS)(
      apiGatewayEvent({ body: Buffer.from('text=Zoé — café', 'utf8').toString('base64'), isBase64Encoded: true }),
      {},
    );

    // Assess
    expect(received[0]?.body).toBe('text=Zoé — café');
    expect(received[0]?.isBase64Encoded).toBe(false);
  });

  it('strips parameters from Content-Type, whatever the header name’s case', async () => {
    // Prepare
    const { handler, received } = recordingHandler();

    // Act
    await normalisingSlackHandler(handler, () => NOW_MS)(
      apiGatewayEvent({
        headers: {
          'Content-Type': 'Application/X-WWW-Form-URLEncoded; charset=utf-8',
          'X-Slack-Request-Timestamp': String(NOW_SECONDS),
          'X-Slack-Signature': 'v0=signature',
        },
      }),
      {},
    );

    // Assess
    expect(received[0]?.headers).toEqual({
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(NOW_SECONDS),
      'x-slack-signature': 'v0=signature',
    });
  });

  it('passes a plain body through unchanged', async () => {
    // Prepare
    const { handler, received } = recordingHandler();

    // Act
    await normalisingSlackHandler(handler, () => NOW_MS)(apiGatewayEvent({ body: 'payload=%7B%7D' }), {});

    // Assess
    expect(received[0]?.body).toBe('payload=%7B%7D');
  });

  it.each([
    ['more than five minutes old', String(NOW_SECONDS - 301)],
    ['more than five minutes in the future', String(NOW_SECONDS + 301)],
    ['not a number', 'yesterday'],
    ['missing', undefined],
  ])('answers 401 without calling Bolt when the timestamp is %s', async (_case, timestamp) => {
    // Prepare
    const { handler, received } = recordingHandler();
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (timestamp !== undefined) headers['x-slack-request-timestamp'] = timestamp;

    // Act
    const response = await normalisingSlackHandler(handler, () => NOW_MS)(apiGatewayEvent({ headers }), {});

    // Assess
    expect(response.statusCode).toBe(401);
    expect(received).toHaveLength(0);
  });

  it('lets Bolt verify a signed, base64-encoded slash command with a charset and non-ASCII text', async () => {
    // Prepare
    const signingSecret = randomBytes(16).toString('hex');
    const receiver = new AwsLambdaReceiver({ signingSecret, logLevel: LogLevel.ERROR });
    // With the bot's IDs given, Bolt makes no auth.test call: nothing leaves this process.
    const app = new App({ receiver, token: 'xoxb-test', botId: 'B0BOT', botUserId: 'U0BOT', logLevel: LogLevel.ERROR });
    const userNames: string[] = [];
    app.command('/chime', async ({ command, ack }) => {
      userNames.push(command.user_name);
      await ack();
    });
    const body = new URLSearchParams({ command: '/chime', text: 'help', user_name: 'renée' }).toString();
    const event = signedEvent(signingSecret, body, 'application/x-www-form-urlencoded; charset=utf-8', {
      body: Buffer.from(body, 'utf8').toString('base64'),
      isBase64Encoded: true,
    });

    // Act
    const wrapped = await normalisingSlackHandler(receiver.toHandler())(event, {});
    const unwrapped = await receiver
      .toHandler()(event, {})
      .catch((error: unknown) => error);

    // Assess
    expect(wrapped.statusCode).toBe(200);
    expect(userNames).toEqual(['renée']);
    // Why the wrapper exists: Bolt alone does not accept the same request.
    expect(unwrapped).not.toMatchObject({ statusCode: 200 });
    expect(userNames).toHaveLength(1);
  });

  it('answers a correctly signed null payload with 400 before Bolt, and reports the refusal', async () => {
    // Prepare
    const signingSecret = randomBytes(16).toString('hex');
    const { handler, received } = recordingHandler();
    const refused: string[] = [];
    const guard: SlackRequestGuard = {
      signingSecret,
      onRefused: async (refusal) => {
        refused.push(refusal.reason);
      },
    };
    const event = signedEvent(signingSecret, 'payload=null', 'application/x-www-form-urlencoded');

    // Act
    const response = await normalisingSlackHandler(handler, Date.now, guard)(event, {});

    // Assess
    expect(response.statusCode).toBe(400);
    expect(received).toHaveLength(0);
    expect(refused).toEqual(['interaction: not an object']);
  });

  it('leaves a request whose signature does not hold to Bolt (401), without checking its shape', async () => {
    // Prepare
    const { handler, received } = recordingHandler();
    const refused: string[] = [];
    const guard: SlackRequestGuard = {
      signingSecret: 'a-secret',
      onRefused: async (refusal) => {
        refused.push(refusal.reason);
      },
    };

    // Act
    await normalisingSlackHandler(handler, () => NOW_MS, guard)(apiGatewayEvent({ body: 'payload=null' }), {});

    // Assess
    expect(received).toHaveLength(1);
    expect(refused).toEqual([]);
  });
});
