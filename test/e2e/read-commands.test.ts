import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SEED_CONTACT_CENTER_CONNECTOR_ID,
  SEED_LONDON_TRADING_CONNECTOR_ID,
  SEED_OPEN_PROXY_SESSION_ID,
} from '../../src/emulator/seed';
import { type BotHarness, COMMAND, settle, startBotHarness } from '../support/bot-harness';

function textOf(message: { text: string; blocks: unknown[] } | undefined): string {
  return message === undefined ? '' : `${message.text}\n${JSON.stringify(message.blocks)}`;
}

describe('read commands over HTTP', () => {
  let harness: BotHarness;

  beforeAll(async () => {
    harness = await startBotHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('answers /chime termination with the values the Chime server returned', async () => {
    // Prepare
    const alice = harness.slack.userAgent('U0REQUESTER');
    const termination = harness.chime.getTermination(SEED_CONTACT_CENTER_CONNECTOR_ID);

    // Act
    const outcome = await alice.runSlashCommand(COMMAND, `termination ${SEED_CONTACT_CENTER_CONNECTOR_ID}`);
    await settle(harness);

    // Assess
    expect(outcome.status).toBe(200);
    const replies = harness.slack.workspace.ephemeralsFor('U0REQUESTER');
    const card = textOf(replies.at(-1));
    expect(card).toContain(SEED_CONTACT_CENTER_CONNECTOR_ID);
    expect(card).toContain(String(termination?.CpsLimit));
    for (const cidr of termination?.CidrAllowedList ?? []) expect(card).toContain(cidr);
    const wire = harness.chime.requestsFor('GetVoiceConnectorTermination');
    expect(wire.at(-1)?.path).toBe(`/voice-connectors/${SEED_CONTACT_CENTER_CONNECTOR_ID}/termination`);
  });

  it('reads another region with --region and says when a connector is not there', async () => {
    const alice = harness.slack.userAgent('U0REQUESTER');

    await alice.runSlashCommand(COMMAND, `termination ${SEED_LONDON_TRADING_CONNECTOR_ID} --region eu-west-2`);
    await settle(harness);
    expect(textOf(harness.slack.workspace.ephemeralsFor('U0REQUESTER').at(-1))).toContain('eu-west-2');

    await alice.runSlashCommand(COMMAND, `termination ${SEED_LONDON_TRADING_CONNECTOR_ID}`);
    await settle(harness);
    const notFound = textOf(harness.slack.workspace.ephemeralsFor('U0REQUESTER').at(-1));
    expect(notFound).toMatch(/not found/i);
    expect(notFound).toContain('us-east-1');
  });

  it('shows a proxy session with participant numbers masked', async () => {
    const alice = harness.slack.userAgent('U0REQUESTER');
    const session = harness.chime.getProxySession(SEED_CONTACT_CENTER_CONNECTOR_ID, SEED_OPEN_PROXY_SESSION_ID);

    await alice.runSlashCommand(COMMAND, `session ${SEED_CONTACT_CENTER_CONNECTOR_ID} ${SEED_OPEN_PROXY_SESSION_ID}`);
    await settle(harness);

    const card = textOf(harness.slack.workspace.ephemeralsFor('U0REQUESTER').at(-1));
    expect(card).toMatch(/deprecated/i);
    for (const participant of session?.Participants ?? []) {
      const number = participant.PhoneNumber ?? '';
      expect(card).not.toContain(number);
      expect(card).toContain(number.slice(-4));
    }
  });

  it('refuses a malformed connector ID with usage and makes no AWS call', async () => {
    const alice = harness.slack.userAgent('U0REQUESTER');
    const before = harness.chime.requests.length;

    const outcome = await alice.runSlashCommand(COMMAND, 'termination not-a-connector');
    await settle(harness);

    expect(textOf(outcome.reply)).toContain('is not a voice connector ID');
    expect(harness.chime.requests.length).toBe(before);
  });

  it('answers 401 to a forged or stale signature and calls nothing', async () => {
    const alice = harness.slack.userAgent('U0REQUESTER');
    const before = harness.chime.requests.length;
    const body = new URLSearchParams({
      command: COMMAND,
      text: `termination ${SEED_CONTACT_CENTER_CONNECTOR_ID}`,
      user_id: 'U0REQUESTER',
      team_id: 'T0SANDBOX',
      channel_id: 'C0OPS',
      response_url: `${harness.slack.apiUrl}_respond/none`,
      trigger_id: '1.2.3',
    }).toString();

    const forged = await alice.sendSigned(body, 'application/x-www-form-urlencoded', { signature: 'v0=deadbeef' });
    const stale = await alice.sendSigned(body, 'application/x-www-form-urlencoded', {
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    const future = await alice.sendSigned(body, 'application/x-www-form-urlencoded', {
      timestamp: Math.floor(Date.now() / 1000) + 600,
    });
    await settle(harness);

    expect([forged.status, stale.status, future.status]).toEqual([401, 401, 401]);
    expect(harness.chime.requests.length).toBe(before);
  });

  it('writes an audit entry per read with the actor, connector and outcome', async () => {
    const documents = DynamoDBDocumentClient.from(harness.core.dynamoDb);
    const answer = await documents.send(
      new QueryCommand({
        TableName: harness.core.config.auditTable,
        KeyConditionExpression: 'chain = :chain',
        ExpressionAttributeValues: { ':chain': `vc:${SEED_CONTACT_CENTER_CONNECTOR_ID}` },
      }),
    );
    const reads = (answer.Items ?? []).filter((item) => item.action === 'read.termination');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads[0]).toMatchObject({ actorUserId: 'U0REQUESTER', outcome: 'ok', region: 'us-east-1' });
  });
});
