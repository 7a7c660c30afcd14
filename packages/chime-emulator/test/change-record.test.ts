import {
  CreateProxySessionCommand,
  CreateVoiceConnectorCommand,
  DeleteVoiceConnectorTerminationCredentialsCommand,
  GetVoiceConnectorOriginationCommand,
  PutVoiceConnectorOriginationCommand,
  PutVoiceConnectorTerminationCommand,
  PutVoiceConnectorTerminationCredentialsCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import { describe, expect, it } from 'vitest';
import { HIDDEN_VALUE, VOICE_CONNECTOR_RESOURCE_TYPE } from '../src/change-record';
import { syntheticPrincipal } from '../src/principals';
import { EMULATOR_ACCOUNT_ID, SEED_BRANCH_OFFICES_CONNECTOR_ID, SEED_LONDON_TRADING_CONNECTOR_ID } from '../src/seed';
import { chimeClientFor, rawRequest, rejectionOf } from './chime-test-client';
import { useChimeEmulator } from './support/emulator-fixture';
import { CONTACT_CENTER, MALLORY, MALLORY_KEY } from './support/seed-fixtures';

const ALICE_ROLE_KEY = 'ASIAALICEEXAMPLE0001';
const ROOT_KEY = 'AKIAROOTEXAMPLE00001';
const PRINCIPALS = {
  [MALLORY_KEY]: MALLORY,
  [ALICE_ROLE_KEY]: {
    arn: `arn:aws:sts::${EMULATOR_ACCOUNT_ID}:assumed-role/NetworkAdmin/alice`,
    userName: 'alice',
    type: 'AssumedRole',
  },
  [ROOT_KEY]: { arn: `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:root`, userName: 'root', type: 'Root' },
} as const;

const chime = useChimeEmulator({ principals: PRINCIPALS });

function clientAs(accessKeyId: string, region = 'us-east-1') {
  return chimeClientFor(chime.emulator, region, { accessKeyId, secretAccessKey: 'not-checked' });
}

describe('the record of accepted changes', () => {
  it('records a put with who made it, when, from where, with which client, and what was asked', async () => {
    // Prepare
    const before = chime.emulator.now();

    // Act
    await clientAs(MALLORY_KEY).send(
      new PutVoiceConnectorOriginationCommand({
        VoiceConnectorId: CONTACT_CENTER,
        Origination: {
          Routes: [{ Host: 'sbc9.example.com', Port: 5060, Protocol: 'UDP', Priority: 1, Weight: 1 }],
          Disabled: false,
        },
      }),
    );

    // Assess
    const [change] = chime.emulator.recordedChanges;
    const request = chime.emulator.requestsFor('PutVoiceConnectorOrigination')[0];
    expect(chime.emulator.recordedChanges).toHaveLength(1);
    expect(change?.record).toEqual({
      eventVersion: '1.09',
      userIdentity: {
        type: 'IAMUser',
        principalId: expect.stringMatching(/^AIDA[A-Z2-7]{17}$/),
        arn: `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:user/mallory`,
        accountId: EMULATOR_ACCOUNT_ID,
        accessKeyId: MALLORY_KEY,
        userName: 'mallory',
      },
      eventTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      eventSource: 'chime.amazonaws.com',
      eventName: 'PutVoiceConnectorOrigination',
      awsRegion: 'us-east-1',
      sourceIPAddress: '127.0.0.1',
      userAgent: expect.stringMatching(/^aws-sdk-js\/3\.\d+\.\d+ .*api\/chime-sdk-voice#/),
      requestParameters: {
        voiceConnectorId: CONTACT_CENTER,
        origination: {
          routes: [{ host: 'sbc9.example.com', port: 5060, protocol: 'UDP', priority: 1, weight: 1 }],
          disabled: false,
        },
      },
      responseElements: {
        origination: {
          routes: [{ host: 'sbc9.example.com', port: 5060, protocol: 'UDP', priority: 1, weight: 1 }],
          disabled: false,
        },
      },
      requestID: request?.requestId,
      eventID: expect.stringMatching(/^[0-9a-f-]{36}$/),
      readOnly: false,
      resources: [
        {
          accountId: EMULATOR_ACCOUNT_ID,
          type: VOICE_CONNECTOR_RESOURCE_TYPE,
          ARN: `arn:aws:chime:us-east-1:${EMULATOR_ACCOUNT_ID}:vc/${CONTACT_CENTER}`,
        },
      ],
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: EMULATOR_ACCOUNT_ID,
      eventCategory: 'Management',
    });
    expect(Date.parse(change?.record.eventTime ?? '')).toBeGreaterThanOrEqual(
      Math.floor(before.getTime() / 1000) * 1000,
    );
    expect(change?.username).toBe('mallory');
    expect(change?.resources).toEqual([{ ResourceType: VOICE_CONNECTOR_RESOURCE_TYPE, ResourceName: CONTACT_CENTER }]);
  });

  it('stands an unknown access key for the same synthetic IAM user every time', async () => {
    // Act
    for (let call = 0; call < 2; call += 1) {
      await clientAs('AKIAUNKNOWNEXAMPLE01').send(
        new PutVoiceConnectorOriginationCommand({ VoiceConnectorId: CONTACT_CENTER, Origination: { Disabled: true } }),
      );
    }

    // Assess
    const identities = chime.emulator.recordedChanges.map((change) => change.record.userIdentity);
    expect(identities[0]).toEqual(identities[1]);
    expect(identities[0]).toMatchObject({
      type: 'IAMUser',
      arn: `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:user/emulator-AKIAUNKNOWNEXAMPLE01`,
      userName: 'emulator-AKIAUNKNOWNEXAMPLE01',
    });
    expect(chime.emulator.principalFor('AKIAUNKNOWNEXAMPLE01')).toEqual(syntheticPrincipal('AKIAUNKNOWNEXAMPLE01'));
  });

  it('writes an assumed role session and the root as CloudTrail does', async () => {
    // Act
    await clientAs(ALICE_ROLE_KEY).send(
      new PutVoiceConnectorOriginationCommand({ VoiceConnectorId: CONTACT_CENTER, Origination: { Disabled: true } }),
    );
    await clientAs(ROOT_KEY).send(
      new PutVoiceConnectorOriginationCommand({ VoiceConnectorId: CONTACT_CENTER, Origination: { Disabled: false } }),
    );

    // Assess
    const [role, root] = chime.emulator.recordedChanges;
    expect(role?.record.userIdentity).toEqual({
      type: 'AssumedRole',
      principalId: expect.stringMatching(/^AROA[A-Z2-7]{17}:alice$/),
      arn: `arn:aws:sts::${EMULATOR_ACCOUNT_ID}:assumed-role/NetworkAdmin/alice`,
      accountId: EMULATOR_ACCOUNT_ID,
      accessKeyId: ALICE_ROLE_KEY,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: expect.stringMatching(/^AROA[A-Z2-7]{17}$/),
          arn: `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:role/NetworkAdmin`,
          accountId: EMULATOR_ACCOUNT_ID,
          userName: 'NetworkAdmin',
        },
        attributes: { creationDate: role?.record.eventTime, mfaAuthenticated: 'false' },
      },
    });
    expect(role?.username).toBe('alice');
    expect(root?.record.userIdentity).toEqual({
      type: 'Root',
      principalId: EMULATOR_ACCOUNT_ID,
      arn: `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:root`,
      accountId: EMULATOR_ACCOUNT_ID,
      accessKeyId: ROOT_KEY,
    });
    expect(root?.username).toBe('root');
  });

  it('takes a principal set by a test, and refuses one whose ARN is no IAM principal', () => {
    // Act
    chime.emulator.setPrincipal('AKIANEWEXAMPLE000001', {
      arn: `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:user/erin`,
      userName: 'erin',
      type: 'IAMUser',
    });
    const wrong = () =>
      chime.emulator.setPrincipal('AKIABADEXAMPLE000001', {
        arn: 'arn:aws:s3:::bucket',
        userName: 'x',
        type: 'IAMUser',
      });

    // Assess
    expect(chime.emulator.principalFor('AKIANEWEXAMPLE000001').userName).toBe('erin');
    expect(wrong).toThrow(/IAM user, assumed-role session or root ARN/);
  });

  it('takes a principal over the HTTP control API, and refuses one it cannot read', async () => {
    // Act
    const taken = await fetch(`${chime.emulator.url}/_emulator/principals`, {
      method: 'PUT',
      body: JSON.stringify({
        accessKeyId: 'AKIAHTTPEXAMPLE00001',
        principal: { arn: `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:user/dave`, userName: 'dave', type: 'IAMUser' },
      }),
    });
    const refused = await fetch(`${chime.emulator.url}/_emulator/principals`, {
      method: 'PUT',
      body: JSON.stringify({ accessKeyId: 'AKIAHTTPEXAMPLE00002', principal: { userName: 'nobody' } }),
    });

    // Assess
    expect([taken.status, refused.status]).toEqual([200, 400]);
    expect(chime.emulator.principalFor('AKIAHTTPEXAMPLE00001').userName).toBe('dave');
    expect(chime.emulator.principalFor('AKIAHTTPEXAMPLE00002').userName).toBe('emulator-AKIAHTTPEXAMPLE00002');
  });

  it('records the user agent and the forwarded source address exactly as sent (the console, say)', async () => {
    // Prepare
    const consoleAgent = 'AWS Internal';

    // Act
    const response = await rawRequest(chime.emulator, {
      method: 'PUT',
      path: `/voice-connectors/${CONTACT_CENTER}/origination`,
      body: JSON.stringify({ Origination: { Disabled: true } }),
      accessKeyId: MALLORY_KEY,
      headers: { 'user-agent': consoleAgent, 'x-forwarded-for': '203.0.113.50, 10.0.0.1' },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(chime.emulator.recordedChanges[0]?.record).toMatchObject({
      userAgent: consoleAgent,
      sourceIPAddress: '203.0.113.50',
    });
  });

  it('hides what the model marks sensitive: passwords, usernames and phone numbers', async () => {
    // Act
    await clientAs(MALLORY_KEY).send(
      new PutVoiceConnectorTerminationCredentialsCommand({
        VoiceConnectorId: CONTACT_CENTER,
        Credentials: [{ Username: 'sbc-new', Password: 'never-in-cloudtrail-7f3a' }],
      }),
    );
    await clientAs(MALLORY_KEY).send(
      new DeleteVoiceConnectorTerminationCredentialsCommand({
        VoiceConnectorId: CONTACT_CENTER,
        Usernames: ['sbc-backup'],
      }),
    );
    await clientAs(MALLORY_KEY).send(
      new PutVoiceConnectorTerminationCommand({
        VoiceConnectorId: CONTACT_CENTER,
        Termination: { CpsLimit: 2, DefaultPhoneNumber: '+12065550100', CallingRegions: ['US'], Disabled: false },
      }),
    );

    // Assess
    const [put, remove, termination] = chime.emulator.recordedChanges.map((change) => change.record);
    expect(put?.requestParameters).toEqual({
      voiceConnectorId: CONTACT_CENTER,
      credentials: [{ username: HIDDEN_VALUE, password: HIDDEN_VALUE }],
    });
    expect(put?.responseElements).toBeNull();
    expect(remove?.requestParameters).toEqual({ voiceConnectorId: CONTACT_CENTER, usernames: [HIDDEN_VALUE] });
    expect(termination?.requestParameters).toEqual({
      voiceConnectorId: CONTACT_CENTER,
      termination: { cpsLimit: 2, defaultPhoneNumber: HIDDEN_VALUE, callingRegions: ['US'], disabled: false },
    });
    const everything = JSON.stringify(chime.emulator.recordedChanges);
    for (const secret of ['never-in-cloudtrail-7f3a', 'sbc-new', '+12065550100'])
      expect(everything).not.toContain(secret);
  });

  it('names the created connector as the resource of CreateVoiceConnector', async () => {
    // Act
    const created = await clientAs(MALLORY_KEY, 'eu-west-2').send(
      new CreateVoiceConnectorCommand({ Name: 'Shadow Trunk', RequireEncryption: false, AwsRegion: 'eu-west-2' }),
    );

    // Assess
    const id = created.VoiceConnector?.VoiceConnectorId ?? '';
    const [change] = chime.emulator.recordedChanges;
    expect(change?.record).toMatchObject({
      eventName: 'CreateVoiceConnector',
      awsRegion: 'eu-west-2',
      requestParameters: { name: 'Shadow Trunk', requireEncryption: false, awsRegion: 'eu-west-2' },
      responseElements: { voiceConnector: expect.objectContaining({ voiceConnectorId: id, name: 'Shadow Trunk' }) },
    });
    expect(change?.resources).toEqual([{ ResourceType: VOICE_CONNECTOR_RESOURCE_TYPE, ResourceName: id }]);
  });

  it('records every kind of write the emulator serves, and no read', async () => {
    // Prepare
    const client = clientAs(MALLORY_KEY);

    // Act
    await client.send(new GetVoiceConnectorOriginationCommand({ VoiceConnectorId: CONTACT_CENTER }));
    await client.send(
      new CreateProxySessionCommand({
        VoiceConnectorId: CONTACT_CENTER,
        ParticipantPhoneNumbers: ['+12065550101', '+14255550102'],
        Capabilities: ['Voice'],
      }),
    );

    // Assess
    expect(chime.emulator.recordedChanges.map((change) => change.record.eventName)).toEqual(['CreateProxySession']);
    expect(chime.emulator.recordedChanges[0]?.record.requestParameters).toMatchObject({
      participantPhoneNumbers: [HIDDEN_VALUE, HIDDEN_VALUE],
      capabilities: ['Voice'],
    });
  });

  it('records nothing for a write it refused or never carried out', async () => {
    // Prepare
    const client = clientAs(MALLORY_KEY);
    chime.emulator.failOperation('PutVoiceConnectorOrigination', { errorName: 'ThrottledClientException', times: 1 });

    // Act
    const throttled = await rejectionOf(
      client.send(
        new PutVoiceConnectorOriginationCommand({ VoiceConnectorId: CONTACT_CENTER, Origination: { Disabled: true } }),
      ),
    );
    const notFound = await rejectionOf(
      client.send(
        new PutVoiceConnectorOriginationCommand({
          VoiceConnectorId: SEED_LONDON_TRADING_CONNECTOR_ID,
          Origination: { Disabled: true },
        }),
      ),
    );
    const invalid = await rejectionOf(
      client.send(
        new PutVoiceConnectorTerminationCommand({
          VoiceConnectorId: SEED_BRANCH_OFFICES_CONNECTOR_ID,
          Termination: { CpsLimit: 0 },
        }),
      ),
    );

    // Assess
    expect([throttled.name, notFound.name, invalid.name]).toEqual([
      'ThrottledClientException',
      'NotFoundException',
      'BadRequestException',
    ]);
    expect(chime.emulator.recordedChanges).toEqual([]);
  });

  it('forgets the record on reset, and lists it over the HTTP control API before', async () => {
    // Prepare
    await clientAs(MALLORY_KEY).send(
      new PutVoiceConnectorOriginationCommand({ VoiceConnectorId: CONTACT_CENTER, Origination: { Disabled: true } }),
    );

    // Act
    const listed = (await (await fetch(`${chime.emulator.url}/_emulator/changes`)).json()) as {
      changes: { record: { userIdentity: { userName?: string } } }[];
    };
    chime.emulator.reset();

    // Assess
    expect(listed.changes).toHaveLength(1);
    expect(listed.changes[0]?.record.userIdentity.userName).toBe('mallory');
    expect(chime.emulator.recordedChanges).toEqual([]);
  });
});

describe('syntheticPrincipal', () => {
  it('names the user after the key, with what IAM names cannot hold replaced', () => {
    // Act
    const principal = syntheticPrincipal('key with spaces/and#signs');

    // Assess
    expect(principal).toEqual({
      arn: `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:user/emulator-key-with-spaces-and-signs`,
      userName: 'emulator-key-with-spaces-and-signs',
      type: 'IAMUser',
    });
  });
});
