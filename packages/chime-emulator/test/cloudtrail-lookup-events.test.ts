import {
  type ChimeSDKVoiceClient,
  PutVoiceConnectorLoggingConfigurationCommand,
  PutVoiceConnectorOriginationCommand,
  PutVoiceConnectorTerminationCredentialsCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  type LookupAttributeKey,
  LookupEventsCommand,
  type LookupEventsCommandInput,
  paginateLookupEvents,
} from '@aws-sdk/client-cloudtrail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VOICE_CONNECTOR_RESOURCE_TYPE } from '../src/change-record';
import { startChimeEmulator } from '../src/chime-emulator';
import { EMULATOR_ACCOUNT_ID, SEED_BRANCH_OFFICES_CONNECTOR_ID, SEED_LONDON_TRADING_CONNECTOR_ID } from '../src/seed';
import { chimeClientFor, rawRequest, rejectionOf } from './chime-test-client';
import { useChimeEmulator } from './support/emulator-fixture';
import { CONTACT_CENTER, MALLORY, MALLORY_KEY } from './support/seed-fixtures';

const BOT_KEY = 'ASIABOTEXAMPLE000001';

let mallory: ChimeSDKVoiceClient;
let bot: ChimeSDKVoiceClient;
const cloudTrailClients: CloudTrailClient[] = [];

const chime = useChimeEmulator({
  principals: {
    [MALLORY_KEY]: MALLORY,
    [BOT_KEY]: {
      arn: `arn:aws:sts::${EMULATOR_ACCOUNT_ID}:assumed-role/chime-voice-ops-worker/worker`,
      userName: 'worker',
      type: 'AssumedRole',
    },
  },
});

beforeAll(() => {
  mallory = chimeClientFor(chime.emulator, 'us-east-1', { accessKeyId: MALLORY_KEY, secretAccessKey: 'x' });
  bot = chimeClientFor(chime.emulator, 'us-east-1', { accessKeyId: BOT_KEY, secretAccessKey: 'x' });
});

afterAll(() => {
  for (const client of [mallory, bot, ...cloudTrailClients]) client.destroy();
});

/** The real CloudTrail client, pointed at the emulator as `AWS_ENDPOINT_URL_CLOUDTRAIL` would. */
function cloudTrail(region = 'us-east-1'): CloudTrailClient {
  const client = new CloudTrailClient({
    region,
    endpoint: chime.emulator.url,
    credentials: { accessKeyId: 'AKIAREADEREXAMPLE001', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
  cloudTrailClients.push(client);
  return client;
}

function disableOrigination(client: ChimeSDKVoiceClient, voiceConnectorId = CONTACT_CENTER) {
  return client.send(
    new PutVoiceConnectorOriginationCommand({ VoiceConnectorId: voiceConnectorId, Origination: { Disabled: true } }),
  );
}

function lookup(input: LookupEventsCommandInput, region?: string) {
  return cloudTrail(region).send(new LookupEventsCommand(input));
}

function byResource(name: string): LookupEventsCommandInput['LookupAttributes'] {
  return [{ AttributeKey: 'ResourceName', AttributeValue: name }];
}

describe('LookupEvents', () => {
  it("answers a change with CloudTrail's fields, the connector as its resource and the record as CloudTrailEvent", async () => {
    // Prepare
    await disableOrigination(mallory);
    const [change] = chime.emulator.recordedChanges;

    // Act
    const output = await lookup({ LookupAttributes: byResource(CONTACT_CENTER) });

    // Assess
    expect(output.$metadata.httpStatusCode).toBe(200);
    expect(output.NextToken).toBeUndefined();
    expect(output.Events).toEqual([
      {
        EventId: change?.record.eventID,
        EventName: 'PutVoiceConnectorOrigination',
        ReadOnly: 'false',
        AccessKeyId: MALLORY_KEY,
        EventTime: new Date(change?.record.eventTime ?? ''),
        EventSource: 'chime.amazonaws.com',
        Username: 'mallory',
        Resources: [{ ResourceType: VOICE_CONNECTOR_RESOURCE_TYPE, ResourceName: CONTACT_CENTER }],
        CloudTrailEvent: expect.any(String),
      },
    ]);
    const event = JSON.parse(output.Events?.[0]?.CloudTrailEvent ?? '{}');
    expect(event).toEqual(change?.record);
    expect(event).toMatchObject({
      eventVersion: expect.any(String),
      userIdentity: { type: 'IAMUser', userName: 'mallory', accessKeyId: MALLORY_KEY },
      eventSource: 'chime.amazonaws.com',
      eventName: 'PutVoiceConnectorOrigination',
      awsRegion: 'us-east-1',
      sourceIPAddress: '127.0.0.1',
      userAgent: expect.stringMatching(/^aws-sdk-js\//),
      requestParameters: { voiceConnectorId: CONTACT_CENTER, origination: { disabled: true } },
      responseElements: { origination: { disabled: true } },
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: EMULATOR_ACCOUNT_ID,
    });
  });

  it("goes over the wire as CloudTrail's JSON 1.1: one POST to / signed for 'cloudtrail', with the target in a header", async () => {
    // Prepare
    await disableOrigination(mallory);

    // Act
    await lookup({
      LookupAttributes: byResource(CONTACT_CENTER),
      StartTime: new Date('2026-01-01T00:00:00.5Z'),
      MaxResults: 5,
    });
    const raw = await rawRequest(chime.emulator, {
      method: 'POST',
      path: '/',
      service: 'cloudtrail',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents',
      },
      body: JSON.stringify({ LookupAttributes: byResource(CONTACT_CENTER) }),
    });

    // Assess
    expect(chime.emulator.requestsFor('LookupEvents')[0]).toEqual({
      operation: 'LookupEvents',
      service: 'cloudtrail',
      method: 'POST',
      path: '/',
      query: {},
      region: 'us-east-1',
      body: {
        LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: CONTACT_CENTER }],
        StartTime: 1767225600.5,
        MaxResults: 5,
      },
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 200,
    });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(JSON.parse(raw.text).Events[0].EventTime).toEqual(expect.any(Number));
  });

  it.each<[LookupAttributeKey, (change: { eventID: string }) => string]>([
    ['EventSource', () => 'chime.amazonaws.com'],
    ['EventName', () => 'PutVoiceConnectorOrigination'],
    ['Username', () => 'mallory'],
    ['AccessKeyId', () => MALLORY_KEY],
    ['EventId', (record) => record.eventID],
    ['ReadOnly', () => 'false'],
    ['ResourceType', () => VOICE_CONNECTOR_RESOURCE_TYPE],
    ['ResourceName', () => CONTACT_CENTER],
  ])('finds a change by %s', async (key, value) => {
    // Prepare
    await disableOrigination(mallory);
    const [change] = chime.emulator.recordedChanges;

    // Act
    const output = await lookup({
      LookupAttributes: [{ AttributeKey: key, AttributeValue: value(change?.record ?? { eventID: '' }) }],
    });

    // Assess
    expect(output.Events?.map((event) => event.EventId)).toEqual([change?.record.eventID]);
  });

  it("tells one principal's changes from another's by Username, and one connector's from another's by ResourceName", async () => {
    // Prepare
    await disableOrigination(mallory);
    await disableOrigination(bot, SEED_BRANCH_OFFICES_CONNECTOR_ID);

    // Act
    const byMallory = await lookup({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'mallory' }] });
    const byWorker = await lookup({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'worker' }] });
    const onBranch = await lookup({ LookupAttributes: byResource(SEED_BRANCH_OFFICES_CONNECTOR_ID) });

    // Assess
    expect(byMallory.Events?.map((event) => event.Resources?.[0]?.ResourceName)).toEqual([CONTACT_CENTER]);
    expect(byWorker.Events?.map((event) => event.Resources?.[0]?.ResourceName)).toEqual([
      SEED_BRANCH_OFFICES_CONNECTOR_ID,
    ]);
    expect(onBranch.Events?.map((event) => event.Username)).toEqual(['worker']);
  });

  it('answers newest first, MaxResults at a time, with a NextToken the paginator follows', async () => {
    // Prepare
    for (let change = 0; change < 5; change += 1) {
      await disableOrigination(mallory);
      chime.emulator.advanceClock(1_000);
    }
    const newestFirst = chime.emulator.recordedChanges.map((change) => change.record.eventID).reverse();

    // Act
    const first = await lookup({ LookupAttributes: byResource(CONTACT_CENTER), MaxResults: 2 });
    const second = await lookup({
      LookupAttributes: byResource(CONTACT_CENTER),
      MaxResults: 2,
      NextToken: first.NextToken,
    });
    const all: string[] = [];
    for await (const page of paginateLookupEvents(
      { client: cloudTrail(), pageSize: 2 },
      { LookupAttributes: byResource(CONTACT_CENTER) },
    )) {
      for (const event of page.Events ?? []) all.push(event.EventId ?? '');
    }

    // Assess
    expect(first.Events?.map((event) => event.EventId)).toEqual(newestFirst.slice(0, 2));
    expect(first.NextToken).toEqual(expect.any(String));
    expect(second.Events?.map((event) => event.EventId)).toEqual(newestFirst.slice(2, 4));
    expect(all).toEqual(newestFirst);
  });

  it('keeps a page boundary where it was when a newer event arrives between pages', async () => {
    // Prepare
    await disableOrigination(mallory);
    chime.emulator.advanceClock(1_000);
    await disableOrigination(mallory);
    const [older, newer] = chime.emulator.recordedChanges.map((change) => change.record.eventID);
    const first = await lookup({ LookupAttributes: byResource(CONTACT_CENTER), MaxResults: 1 });
    chime.emulator.advanceClock(1_000);
    await disableOrigination(mallory);

    // Act
    const second = await lookup({
      LookupAttributes: byResource(CONTACT_CENTER),
      MaxResults: 1,
      NextToken: first.NextToken,
    });

    // Assess
    expect(first.Events?.map((event) => event.EventId)).toEqual([newer]);
    expect(second.Events?.map((event) => event.EventId)).toEqual([older]);
    expect(second.NextToken).toBeUndefined();
  });

  it('answers only the changes between StartTime and EndTime', async () => {
    // Prepare
    await disableOrigination(mallory);
    chime.emulator.advanceClock(10 * 60_000);
    const windowStart = chime.emulator.now();
    await disableOrigination(mallory);
    chime.emulator.advanceClock(10 * 60_000);
    const windowEnd = chime.emulator.now();
    chime.emulator.advanceClock(60_000);
    await disableOrigination(mallory);
    const middle = chime.emulator.recordedChanges[1]?.record.eventID;

    // Act
    const output = await lookup({
      LookupAttributes: byResource(CONTACT_CENTER),
      StartTime: new Date(Math.floor(windowStart.getTime() / 1000) * 1000),
      EndTime: windowEnd,
    });

    // Assess
    expect(output.Events?.map((event) => event.EventId)).toEqual([middle]);
  });

  it('answers for the region it is asked in, as CloudTrail does', async () => {
    // Prepare
    await disableOrigination(
      chimeClientFor(chime.emulator, 'eu-west-2', { accessKeyId: MALLORY_KEY, secretAccessKey: 'x' }),
      SEED_LONDON_TRADING_CONNECTOR_ID,
    );

    // Act
    const inVirginia = await lookup({ LookupAttributes: byResource(SEED_LONDON_TRADING_CONNECTOR_ID) }, 'us-east-1');
    const inLondon = await lookup({ LookupAttributes: byResource(SEED_LONDON_TRADING_CONNECTOR_ID) }, 'eu-west-2');

    // Assess
    expect(inVirginia.Events).toEqual([]);
    expect(inLondon.Events?.map((event) => event.EventName)).toEqual(['PutVoiceConnectorOrigination']);
    expect(JSON.parse(inLondon.Events?.[0]?.CloudTrailEvent ?? '{}').awsRegion).toBe('eu-west-2');
  });

  it('answers no insight events', async () => {
    // Prepare
    await disableOrigination(mallory);

    // Act
    const output = await lookup({ EventCategory: 'insight' });

    // Assess
    expect(output.Events).toEqual([]);
  });
});

describe('delivery delay', () => {
  it('answers nothing until the delay has passed on the emulator clock, then the event', async () => {
    // Prepare
    chime.emulator.setCloudTrailDeliveryDelay(5 * 60_000);
    await disableOrigination(mallory);

    // Act
    const before = await lookup({ LookupAttributes: byResource(CONTACT_CENTER) });
    chime.emulator.advanceClock(5 * 60_000 - 1_000);
    const almost = await lookup({ LookupAttributes: byResource(CONTACT_CENTER) });
    chime.emulator.advanceClock(1_000);
    const after = await lookup({ LookupAttributes: byResource(CONTACT_CENTER) });

    // Assess
    expect(before.Events).toEqual([]);
    expect(almost.Events).toEqual([]);
    expect(after.Events?.map((event) => event.EventName)).toEqual(['PutVoiceConnectorOrigination']);
    expect(chime.emulator.recordedChanges).toHaveLength(1);
  });

  it('takes the delay from the start-up option and from the HTTP control API, and keeps each change to its own', async () => {
    // Prepare
    const delayed = await startChimeEmulator({ cloudTrailDeliveryDelayMs: 60_000 });
    const writer = chimeClientFor(delayed);
    const reader = new CloudTrailClient({
      region: 'us-east-1',
      endpoint: delayed.url,
      credentials: { accessKeyId: 'r', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    await writer.send(
      new PutVoiceConnectorOriginationCommand({ VoiceConnectorId: CONTACT_CENTER, Origination: { Disabled: true } }),
    );
    const control = await fetch(`${delayed.url}/_emulator/cloudtrail-delivery-delay`, {
      method: 'PUT',
      body: JSON.stringify({ ms: 0 }),
    });
    await writer.send(
      new PutVoiceConnectorLoggingConfigurationCommand({
        VoiceConnectorId: CONTACT_CENTER,
        LoggingConfiguration: { EnableSIPLogs: false },
      }),
    );

    // Act
    const now = await reader.send(new LookupEventsCommand({ LookupAttributes: byResource(CONTACT_CENTER) }));
    const clock = await fetch(`${delayed.url}/_emulator/clock`, {
      method: 'POST',
      body: JSON.stringify({ advanceMs: 60_000 }),
    });
    const later = await reader.send(new LookupEventsCommand({ LookupAttributes: byResource(CONTACT_CENTER) }));

    // Assess
    expect([control.status, clock.status]).toEqual([200, 200]);
    expect(now.Events?.map((event) => event.EventName)).toEqual(['PutVoiceConnectorLoggingConfiguration']);
    expect(later.Events?.map((event) => event.EventName)).toEqual([
      'PutVoiceConnectorLoggingConfiguration',
      'PutVoiceConnectorOrigination',
    ]);
    writer.destroy();
    reader.destroy();
    await delayed.close();
  });
});

describe('LookupEvents errors, as CloudTrail words them', () => {
  it('refuses more than one lookup attribute', async () => {
    // Act
    const error = await rejectionOf(
      lookup({
        LookupAttributes: [
          { AttributeKey: 'EventSource', AttributeValue: 'chime.amazonaws.com' },
          { AttributeKey: 'Username', AttributeValue: 'mallory' },
        ],
      }),
    );

    // Assess
    expect(error.name).toBe('InvalidLookupAttributesException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it('refuses MaxResults above 50', async () => {
    // Act
    const error = await rejectionOf(lookup({ MaxResults: 51 }));

    // Assess
    expect(error.name).toBe('InvalidMaxResultsException');
  });

  it('refuses a start time after the end time', async () => {
    // Act
    const error = await rejectionOf(
      lookup({ StartTime: new Date('2026-02-01T00:00:00Z'), EndTime: new Date('2026-01-01T00:00:00Z') }),
    );

    // Assess
    expect(error.name).toBe('InvalidTimeRangeException');
  });

  it('refuses a NextToken it did not issue, or one issued for other parameters', async () => {
    // Prepare
    await disableOrigination(mallory);
    await disableOrigination(mallory);
    const first = await lookup({ LookupAttributes: byResource(CONTACT_CENTER), MaxResults: 1 });

    // Act
    const forged = await rejectionOf(lookup({ NextToken: 'not-a-token' }));
    const elsewhere = await rejectionOf(
      lookup({
        LookupAttributes: byResource(SEED_BRANCH_OFFICES_CONNECTOR_ID),
        MaxResults: 1,
        NextToken: first.NextToken,
      }),
    );

    // Assess
    expect(forged.name).toBe('InvalidNextTokenException');
    expect(elsewhere.name).toBe('InvalidNextTokenException');
  });

  it("refuses a signature scoped to another service than 'cloudtrail', and an unsigned request", async () => {
    // Prepare
    const request = {
      method: 'POST',
      path: '/',
      headers: { 'x-amz-target': 'CloudTrail_20131101.LookupEvents' },
      body: '{}',
    };

    // Act
    const chimeScoped = await rawRequest(chime.emulator, { ...request, service: 'chime' });
    const unsigned = await rawRequest(chime.emulator, { ...request, unsigned: true });

    // Assess
    expect(chimeScoped.status).toBe(403);
    expect(chimeScoped.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    expect(JSON.parse(chimeScoped.text)).toEqual({
      __type: 'InvalidSignatureException',
      message: "Credential should be scoped to correct service: 'cloudtrail'.",
    });
    expect(unsigned.status).toBe(403);
    expect(JSON.parse(unsigned.text).__type).toBe('MissingAuthenticationTokenException');
  });

  it('answers another CloudTrail operation as not implemented, naming it', async () => {
    // Act
    const error = await rejectionOf(cloudTrail().send(new DescribeTrailsCommand({})));

    // Assess
    expect(error.name).toBe('NotImplementedException');
    expect(error.$metadata?.httpStatusCode).toBe(501);
    expect(error.message).toBe(
      "The emulator's CloudTrail stand-in does not implement DescribeTrails; it implements LookupEvents.",
    );
  });

  it('never answers a password, whatever is looked up', async () => {
    // Prepare
    await mallory.send(
      new PutVoiceConnectorTerminationCredentialsCommand({
        VoiceConnectorId: CONTACT_CENTER,
        Credentials: [{ Username: 'sbc-rotated', Password: 'lookup-must-not-see-9c1d' }],
      }),
    );

    // Act
    const raw = await rawRequest(chime.emulator, {
      method: 'POST',
      path: '/',
      service: 'cloudtrail',
      headers: { 'x-amz-target': 'CloudTrail_20131101.LookupEvents' },
      body: '{}',
    });

    // Assess
    expect(raw.text).toContain('PutVoiceConnectorTerminationCredentials');
    expect(raw.text).not.toContain('lookup-must-not-see-9c1d');
    expect(raw.text).not.toContain('sbc-rotated');
  });
});
