import {
  ChimeSDKVoiceClient,
  CreateProxySessionCommand,
  CreateVoiceConnectorCommand,
  DeleteVoiceConnectorCommand,
  DeleteVoiceConnectorTerminationCredentialsCommand,
  GetProxySessionCommand,
  GetVoiceConnectorCommand,
  GetVoiceConnectorOriginationCommand,
  GetVoiceConnectorProxyCommand,
  GetVoiceConnectorTerminationCommand,
  ListVoiceConnectorsCommand,
  ListVoiceConnectorTerminationCredentialsCommand,
  PutVoiceConnectorOriginationCommand,
  PutVoiceConnectorProxyCommand,
  PutVoiceConnectorTerminationCommand,
  PutVoiceConnectorTerminationCredentialsCommand,
  paginateListVoiceConnectors,
} from '@aws-sdk/client-chime-sdk-voice';
import { describe, expect, it } from 'vitest';
import { CHIME_EXCEPTION_NAMES, CHIME_EXCEPTIONS } from '../src/aws-exceptions';
import { startChimeEmulator } from '../src/chime-emulator';
import { MODEL_SHAPES } from '../src/chime-sdk-voice-model.generated';
import type { EmulatorSeed } from '../src/emulator-seed';
import { satisfiesModelShape } from '../src/model-validation';
import {
  DEFAULT_SEED,
  EMULATOR_PROXY_PHONE_NUMBER,
  SEED_BRANCH_OFFICES_CONNECTOR_ID,
  SEED_CLOSED_PROXY_SESSION_ID,
  SEED_LONDON_TRADING_CONNECTOR_ID,
  SEED_OPEN_PROXY_SESSION_ID,
} from '../src/seed';
import { chimeClientFor, rawRequest, rejectionOf, TEST_CREDENTIALS } from './chime-test-client';
import { useChimeEmulator } from './support/emulator-fixture';
import { CONTACT_CENTER } from './support/seed-fixtures';

const SEEDED_PASSWORDS = DEFAULT_SEED.VoiceConnectors.flatMap((entry) =>
  (entry.Credentials ?? []).map((credential) => credential.Password),
);

const chime = useChimeEmulator();

describe('read operations', () => {
  it('answers GetVoiceConnectorTermination with the seeded termination', async () => {
    // Act
    const output = await chime.client.send(
      new GetVoiceConnectorTerminationCommand({ VoiceConnectorId: CONTACT_CENTER }),
    );

    // Assess
    expect(output.$metadata.httpStatusCode).toBe(200);
    expect(output.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(output.Termination).toEqual({
      CpsLimit: 10,
      DefaultPhoneNumber: '+12065550100',
      CallingRegions: ['US', 'CA'],
      CidrAllowedList: ['198.51.100.0/27', '203.0.113.16/28'],
      Disabled: false,
    });
  });

  it('answers GetVoiceConnectorProxy with the seeded proxy settings', async () => {
    // Act
    const output = await chime.client.send(new GetVoiceConnectorProxyCommand({ VoiceConnectorId: CONTACT_CENTER }));

    // Assess
    expect(output.Proxy).toEqual({
      DefaultSessionExpiryMinutes: 60,
      Disabled: false,
      FallBackPhoneNumber: '+12065550199',
      PhoneNumberCountries: ['US'],
    });
  });

  it('answers an empty body for a connector with no proxy configured', async () => {
    // Act
    const output = await chime.client.send(
      new GetVoiceConnectorProxyCommand({ VoiceConnectorId: SEED_BRANCH_OFFICES_CONNECTOR_ID }),
    );

    // Assess
    expect(output.$metadata.httpStatusCode).toBe(200);
    expect(output.Proxy).toBeUndefined();
  });

  it('answers GetProxySession with timestamps the client parses as ISO-8601', async () => {
    // Act
    const output = await chime.client.send(
      new GetProxySessionCommand({ VoiceConnectorId: CONTACT_CENTER, ProxySessionId: SEED_CLOSED_PROXY_SESSION_ID }),
    );

    // Assess
    expect(output.ProxySession?.Status).toBe('Closed');
    expect(output.ProxySession?.VoiceConnectorId).toBe(CONTACT_CENTER);
    expect(output.ProxySession?.EndedTimestamp).toEqual(new Date('2024-04-20T17:00:00.000Z'));
    expect(output.ProxySession?.Participants).toEqual([
      { PhoneNumber: '+16175550164', ProxyPhoneNumber: EMULATOR_PROXY_PHONE_NUMBER },
      { PhoneNumber: '+12065550176', ProxyPhoneNumber: EMULATOR_PROXY_PHONE_NUMBER },
    ]);
  });

  it('sends timestamps on the wire as ISO-8601 strings', async () => {
    // Act
    const response = await rawRequest(chime.emulator, {
      path: `/voice-connectors/${CONTACT_CENTER}/proxy-sessions/${SEED_OPEN_PROXY_SESSION_ID}`,
    });

    // Assess
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(response.text).ProxySession.CreatedTimestamp).toBe('2024-05-01T12:34:56.789Z');
  });

  it('answers GetVoiceConnectorOrigination with both SBC routes', async () => {
    // Act
    const output = await chime.client.send(
      new GetVoiceConnectorOriginationCommand({ VoiceConnectorId: CONTACT_CENTER }),
    );

    // Assess
    expect(output.Origination).toEqual({
      Routes: [
        { Host: 'sbc1.contact-center.example.com', Port: 5061, Protocol: 'TCP', Priority: 1, Weight: 50 },
        { Host: 'sbc2.contact-center.example.com', Port: 5061, Protocol: 'TCP', Priority: 1, Weight: 50 },
      ],
      Disabled: false,
    });
  });

  it('answers ListVoiceConnectorTerminationCredentials with usernames only', async () => {
    // Act
    const output = await chime.client.send(
      new ListVoiceConnectorTerminationCredentialsCommand({ VoiceConnectorId: CONTACT_CENTER }),
    );

    // Assess
    expect(output.Usernames).toEqual(['sbc-primary', 'sbc-backup']);
  });

  it('answers GetVoiceConnector with the connector in its region', async () => {
    // Act
    const output = await chimeClientFor(chime.emulator, 'eu-west-2').send(
      new GetVoiceConnectorCommand({ VoiceConnectorId: SEED_LONDON_TRADING_CONNECTOR_ID }),
    );

    // Assess
    expect(output.VoiceConnector).toMatchObject({
      VoiceConnectorId: SEED_LONDON_TRADING_CONNECTOR_ID,
      AwsRegion: 'eu-west-2',
      Name: 'London Trading Floor',
      RequireEncryption: true,
      CreatedTimestamp: new Date('2024-02-19T08:30:00.000Z'),
    });
  });
});

describe('ListVoiceConnectors', () => {
  it('pages with NextToken and leaves it out of the last page', async () => {
    // Act
    const first = await chime.client.send(new ListVoiceConnectorsCommand({ MaxResults: 1 }));
    const second = await chime.client.send(
      new ListVoiceConnectorsCommand({ MaxResults: 1, NextToken: first.NextToken }),
    );

    // Assess
    expect(first.VoiceConnectors?.map((connector) => connector.VoiceConnectorId)).toEqual([CONTACT_CENTER]);
    expect(first.NextToken).toEqual(expect.any(String));
    expect(second.VoiceConnectors?.map((connector) => connector.VoiceConnectorId)).toEqual([
      SEED_BRANCH_OFFICES_CONNECTOR_ID,
    ]);
    expect(second.NextToken).toBeUndefined();
    expect(chime.emulator.requestsFor('ListVoiceConnectors').map((request) => request.query)).toEqual([
      { 'max-results': '1' },
      { 'max-results': '1', 'next-token': first.NextToken },
    ]);
  });

  it("lists only the connectors of the request's region", async () => {
    // Act
    const london = await chimeClientFor(chime.emulator, 'eu-west-2').send(new ListVoiceConnectorsCommand({}));
    const sydney = await chimeClientFor(chime.emulator, 'ap-southeast-2').send(new ListVoiceConnectorsCommand({}));

    // Assess
    expect(london.VoiceConnectors?.map((connector) => connector.VoiceConnectorId)).toEqual([
      SEED_LONDON_TRADING_CONNECTOR_ID,
    ]);
    expect(london.NextToken).toBeUndefined();
    expect(sydney.VoiceConnectors).toEqual([]);
  });

  it("works with the SDK's own paginator", async () => {
    // Prepare
    const ids: string[] = [];

    // Act
    for await (const page of paginateListVoiceConnectors({ client: chime.client, pageSize: 1 }, {})) {
      for (const connector of page.VoiceConnectors ?? []) ids.push(connector.VoiceConnectorId ?? '');
    }

    // Assess
    expect(ids).toEqual([CONTACT_CENTER, SEED_BRANCH_OFFICES_CONNECTOR_ID]);
  });

  it('refuses a NextToken it did not issue', async () => {
    // Act
    const error = await rejectionOf(chime.client.send(new ListVoiceConnectorsCommand({ NextToken: 'not-a-token' })));

    // Assess
    expect(error.name).toBe('BadRequestException');
    expect(error.message).toBe('The NextToken is not valid.');
  });
});

describe('write operations', () => {
  it('stores an origination put and echoes it with 200', async () => {
    // Prepare
    const origination = {
      Routes: [{ Host: 'sbc9.example.com', Port: 5060, Protocol: 'UDP' as const, Priority: 2, Weight: 10 }],
      Disabled: false,
    };

    // Act
    const output = await chime.client.send(
      new PutVoiceConnectorOriginationCommand({ VoiceConnectorId: CONTACT_CENTER, Origination: origination }),
    );

    // Assess
    expect(output.$metadata.httpStatusCode).toBe(200);
    expect(output.Origination).toEqual(origination);
    expect(chime.emulator.getOrigination(CONTACT_CENTER)).toEqual(origination);
    expect(chime.emulator.requestsFor('PutVoiceConnectorOrigination')).toEqual([
      expect.objectContaining({
        method: 'PUT',
        path: `/voice-connectors/${CONTACT_CENTER}/origination`,
        region: 'us-east-1',
        body: { Origination: origination },
        status: 200,
      }),
    ]);
  });

  it('adds termination credentials with 204 and an empty body, keeping the password to itself', async () => {
    // Act
    const output = await chime.client.send(
      new PutVoiceConnectorTerminationCredentialsCommand({
        VoiceConnectorId: CONTACT_CENTER,
        Credentials: [{ Username: 'sbc-tertiary', Password: 'correct horse battery staple' }],
      }),
    );
    const listed = await chime.client.send(
      new ListVoiceConnectorTerminationCredentialsCommand({ VoiceConnectorId: CONTACT_CENTER }),
    );

    // Assess
    expect(output.$metadata.httpStatusCode).toBe(204);
    expect(listed.Usernames).toEqual(['sbc-primary', 'sbc-backup', 'sbc-tertiary']);
    expect(chime.emulator.hasCredential(CONTACT_CENTER, 'sbc-tertiary', 'correct horse battery staple')).toBe(true);
    expect(chime.emulator.requestsFor('PutVoiceConnectorTerminationCredentials')[0]).toMatchObject({
      query: { operation: 'put' },
      body: { Credentials: [{ Username: 'sbc-tertiary', Password: 'correct horse battery staple' }] },
    });
  });

  it('replaces the password of an existing username', async () => {
    // Act
    await chime.client.send(
      new PutVoiceConnectorTerminationCredentialsCommand({
        VoiceConnectorId: CONTACT_CENTER,
        Credentials: [{ Username: 'sbc-primary', Password: 'rotated-2024-06' }],
      }),
    );

    // Assess
    expect(chime.emulator.getCredentialUsernames(CONTACT_CENTER)).toEqual(['sbc-primary', 'sbc-backup']);
    expect(chime.emulator.hasCredential(CONTACT_CENTER, 'sbc-primary', 'rotated-2024-06')).toBe(true);
  });

  it('deletes termination credentials by username with 204', async () => {
    // Act
    const output = await chime.client.send(
      new DeleteVoiceConnectorTerminationCredentialsCommand({
        VoiceConnectorId: CONTACT_CENTER,
        Usernames: ['sbc-backup'],
      }),
    );

    // Assess
    expect(output.$metadata.httpStatusCode).toBe(204);
    expect(chime.emulator.getCredentialUsernames(CONTACT_CENTER)).toEqual(['sbc-primary']);
    expect(chime.emulator.requestsFor('DeleteVoiceConnectorTerminationCredentials')[0]?.query).toEqual({
      operation: 'delete',
    });
  });

  it('stores a termination put and echoes it', async () => {
    // Prepare
    const termination = { CpsLimit: 2, CallingRegions: ['US'], CidrAllowedList: ['192.0.2.0/24'], Disabled: false };

    // Act
    const output = await chime.client.send(
      new PutVoiceConnectorTerminationCommand({ VoiceConnectorId: CONTACT_CENTER, Termination: termination }),
    );

    // Assess
    expect(output.Termination).toEqual(termination);
    expect(chime.emulator.getTermination(CONTACT_CENTER)).toEqual(termination);
  });

  it('stores a proxy put, answering the pool countries as PhoneNumberCountries', async () => {
    // Act
    const output = await chime.client.send(
      new PutVoiceConnectorProxyCommand({
        VoiceConnectorId: SEED_BRANCH_OFFICES_CONNECTOR_ID,
        DefaultSessionExpiryMinutes: 30,
        PhoneNumberPoolCountries: ['US', 'CA'],
        FallBackPhoneNumber: '+13125550199',
      }),
    );
    const read = await chime.client.send(
      new GetVoiceConnectorProxyCommand({ VoiceConnectorId: SEED_BRANCH_OFFICES_CONNECTOR_ID }),
    );

    // Assess
    expect(output.$metadata.httpStatusCode).toBe(200);
    expect(read.Proxy).toEqual({
      DefaultSessionExpiryMinutes: 30,
      Disabled: false,
      FallBackPhoneNumber: '+13125550199',
      PhoneNumberCountries: ['US', 'CA'],
    });
  });

  it('creates a proxy session with 201 that can then be read', async () => {
    // Act
    const created = await chime.client.send(
      new CreateProxySessionCommand({
        VoiceConnectorId: CONTACT_CENTER,
        ParticipantPhoneNumbers: ['+12065550101', '+14255550102'],
        Capabilities: ['Voice'],
        Name: 'Order 77',
      }),
    );
    const read = await chime.client.send(
      new GetProxySessionCommand({
        VoiceConnectorId: CONTACT_CENTER,
        ProxySessionId: created.ProxySession?.ProxySessionId,
      }),
    );

    // Assess
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(read.ProxySession).toMatchObject({
      Name: 'Order 77',
      Status: 'Open',
      ExpiryMinutes: 60,
      Capabilities: ['Voice'],
      Participants: [
        { PhoneNumber: '+12065550101', ProxyPhoneNumber: EMULATOR_PROXY_PHONE_NUMBER },
        { PhoneNumber: '+14255550102', ProxyPhoneNumber: EMULATOR_PROXY_PHONE_NUMBER },
      ],
    });
    expect(read.ProxySession?.CreatedTimestamp).toBeInstanceOf(Date);
  });

  it('refuses a proxy session on a connector without proxy settings', async () => {
    // Act
    const error = await rejectionOf(
      chime.client.send(
        new CreateProxySessionCommand({
          VoiceConnectorId: SEED_BRANCH_OFFICES_CONNECTOR_ID,
          ParticipantPhoneNumbers: ['+12065550101', '+14255550102'],
          Capabilities: ['Voice'],
        }),
      ),
    );

    // Assess
    expect(error.name).toBe('BadRequestException');
  });

  it('creates a voice connector with 201, a model-valid ID, in the requested region', async () => {
    // Act
    const created = await chime.client.send(
      new CreateVoiceConnectorCommand({ Name: 'Lab Connector', RequireEncryption: false, AwsRegion: 'us-east-1' }),
    );
    const id = created.VoiceConnector?.VoiceConnectorId ?? '';
    const found = await chime.client.send(new GetVoiceConnectorCommand({ VoiceConnectorId: id }));

    // Assess
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(satisfiesModelShape('VoiceConnectorId', id)).toBe(true);
    expect(id).toMatch(/^[a-z0-9]{22}$/);
    expect(found.VoiceConnector).toMatchObject({
      Name: 'Lab Connector',
      AwsRegion: 'us-east-1',
      RequireEncryption: false,
      OutboundHostName: `${id}.voiceconnector.chime.aws`,
    });
  });

  it('creates a voice connector in us-east-1 when no AwsRegion is given, as documented', async () => {
    // Act
    const created = await chimeClientFor(chime.emulator, 'eu-west-2').send(
      new CreateVoiceConnectorCommand({ Name: 'Defaulted', RequireEncryption: true }),
    );

    // Assess
    expect(created.VoiceConnector?.AwsRegion).toBe('us-east-1');
    expect(chime.emulator.listVoiceConnectorIds('us-east-1')).toContain(created.VoiceConnector?.VoiceConnectorId);
  });
});

describe('not found', () => {
  it('answers NotFoundException for an unknown connector, as the client names it', async () => {
    // Act
    const error = await rejectionOf(
      chime.client.send(new GetVoiceConnectorTerminationCommand({ VoiceConnectorId: 'zzzzzzzzzzzzzzzzzzzzzz' })),
    );

    // Assess
    expect(error.name).toBe('NotFoundException');
    expect(error.$metadata?.httpStatusCode).toBe(404);
    expect(error.$fault).toBe('client');
    expect(error.Code).toBe('NotFound');
    expect(error.message).toBe('Voice connector zzzzzzzzzzzzzzzzzzzzzz not found in us-east-1.');
  });

  it('does not find a connector asked for in another region', async () => {
    // Act
    const error = await rejectionOf(
      chime.client.send(
        new GetVoiceConnectorTerminationCommand({ VoiceConnectorId: SEED_LONDON_TRADING_CONNECTOR_ID }),
      ),
    );

    // Assess
    expect(error.name).toBe('NotFoundException');
  });

  it('answers NotFoundException for an unknown proxy session', async () => {
    // Act
    const error = await rejectionOf(
      chime.client.send(
        new GetProxySessionCommand({ VoiceConnectorId: CONTACT_CENTER, ProxySessionId: 'no-such-session' }),
      ),
    );

    // Assess
    expect(error.name).toBe('NotFoundException');
    expect(error.message).toContain('no-such-session');
  });

  it.each([
    [
      'PutVoiceConnectorOrigination',
      () =>
        new PutVoiceConnectorOriginationCommand({
          VoiceConnectorId: 'zzzzzzzzzzzzzzzzzzzzzz',
          Origination: { Disabled: true },
        }),
    ],
    [
      'PutVoiceConnectorTerminationCredentials',
      () =>
        new PutVoiceConnectorTerminationCredentialsCommand({
          VoiceConnectorId: 'zzzzzzzzzzzzzzzzzzzzzz',
          Credentials: [],
        }),
    ],
    [
      'ListVoiceConnectorTerminationCredentials',
      () => new ListVoiceConnectorTerminationCredentialsCommand({ VoiceConnectorId: 'zzzzzzzzzzzzzzzzzzzzzz' }),
    ],
    ['GetVoiceConnectorProxy', () => new GetVoiceConnectorProxyCommand({ VoiceConnectorId: 'zzzzzzzzzzzzzzzzzzzzzz' })],
  ] as const)('answers NotFoundException from %s for an unknown connector', async (_operation, command) => {
    // Act
    // biome-ignore lint/suspicious/noExplicitAny: each row builds a different command type; send accepts any of them
    const error = await rejectionOf(chime.client.send(command() as any));

    // Assess
    expect(error.name).toBe('NotFoundException');
  });
});

describe('the wire format of errors', () => {
  it('sends x-amzn-ErrorType and a {Code, Message} body with the status of the exception', async () => {
    // Act
    const response = await rawRequest(chime.emulator, { path: '/voice-connectors/zzzzzzzzzzzzzzzzzzzzzz/termination' });

    // Assess
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('NotFoundException');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(response.text)).toEqual({
      Code: 'NotFound',
      Message: 'Voice connector zzzzzzzzzzzzzzzzzzzzzz not found in us-east-1.',
    });
  });

  it('refuses an unsigned request as AWS does', async () => {
    // Act
    const response = await rawRequest(chime.emulator, {
      path: `/voice-connectors/${CONTACT_CENTER}/termination`,
      unsigned: true,
    });

    // Assess
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(JSON.parse(response.text)).toEqual({ message: 'Missing Authentication Token' });
  });

  it("refuses a signature scoped to another service than 'chime'", async () => {
    // Act
    const response = await rawRequest(chime.emulator, {
      path: `/voice-connectors/${CONTACT_CENTER}/termination`,
      service: 'voice-chime',
    });

    // Assess
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
  });

  it('refuses a signature scoped to a region where Chime SDK Voice does not run', async () => {
    // Prepare
    const ohio = new ChimeSDKVoiceClient({
      region: 'us-east-2',
      endpoint: chime.emulator.url,
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });

    // Act
    const error = await rejectionOf(
      ohio.send(new GetVoiceConnectorTerminationCommand({ VoiceConnectorId: CONTACT_CENTER })),
    );

    // Assess
    expect(error.name).toBe('InvalidSignatureException');
    expect(error.$metadata?.httpStatusCode).toBe(403);
  });

  it('answers a model operation it does not implement with a clear error naming it', async () => {
    // Act
    const error = await rejectionOf(
      chime.client.send(new DeleteVoiceConnectorCommand({ VoiceConnectorId: CONTACT_CENTER })),
    );

    // Assess
    expect(error.name).toBe('NotImplementedException');
    expect(error.$metadata?.httpStatusCode).toBe(501);
    expect(error.message).toMatch(/^The Chime emulator does not implement DeleteVoiceConnector;/);
    expect(chime.emulator.getVoiceConnector(CONTACT_CENTER)).toBeDefined();
  });

  it('answers a path that is no operation of the model with UnknownOperationException', async () => {
    // Act
    const response = await rawRequest(chime.emulator, { path: '/voice-connectors/x/y/z' });

    // Assess
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
  });

  it('answers a body that is not JSON with BadRequestException', async () => {
    // Act
    const response = await rawRequest(chime.emulator, {
      method: 'PUT',
      path: `/voice-connectors/${CONTACT_CENTER}/origination`,
      body: '{"Origination":',
    });

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('BadRequestException');
    expect(JSON.parse(response.text).Code).toBe('BadRequest');
  });
});

describe('injected faults and latency', () => {
  it('throttles exactly the share of calls asked for, with a 429 the SDK reads as ThrottledClientException', async () => {
    // Prepare
    chime.emulator.setThrottling('*', 0.5);
    const call = () => chime.client.send(new GetVoiceConnectorTerminationCommand({ VoiceConnectorId: CONTACT_CENTER }));

    // Act
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () =>
        call().then(
          () => 'ok',
          (error: Error) => error.name,
        ),
      ),
    );

    // Assess
    expect(outcomes.filter((outcome) => outcome === 'ThrottledClientException')).toHaveLength(5);
    expect(outcomes.filter((outcome) => outcome === 'ok')).toHaveLength(5);
    expect(chime.emulator.throttledCount).toBe(5);
    chime.emulator.clearFaults();
    expect((await call()).Termination?.CpsLimit).toBe(10);
  });

  it('answers the injected error the next `times` calls, then recovers', async () => {
    // Prepare
    chime.emulator.failOperation('GetVoiceConnectorTermination', { errorName: 'ThrottledClientException', times: 2 });
    const call = () => chime.client.send(new GetVoiceConnectorTerminationCommand({ VoiceConnectorId: CONTACT_CENTER }));

    // Act
    const first = await rejectionOf(call());
    const second = await rejectionOf(call());
    const third = await call();

    // Assess
    expect([first.name, second.name]).toEqual(['ThrottledClientException', 'ThrottledClientException']);
    expect(first.$metadata?.httpStatusCode).toBe(429);
    expect(third.Termination?.CpsLimit).toBe(10);
  });

  it('keeps failing until the faults are cleared', async () => {
    // Prepare
    chime.emulator.failOperation('GetVoiceConnectorProxy', {
      errorName: 'ServiceUnavailableException',
      message: 'Down for maintenance',
    });
    const call = () => chime.client.send(new GetVoiceConnectorProxyCommand({ VoiceConnectorId: CONTACT_CENTER }));

    // Act
    const errors = [await rejectionOf(call()), await rejectionOf(call()), await rejectionOf(call())];
    chime.emulator.clearFaults();
    const recovered = await call();

    // Assess
    expect(errors.map((error) => [error.name, error.message, error.$fault])).toEqual(
      Array(3).fill(['ServiceUnavailableException', 'Down for maintenance', 'server']),
    );
    expect(recovered.Proxy).toBeDefined();
  });

  it.each(CHIME_EXCEPTION_NAMES)('gives %s a Code among the ErrorCode values of the model', (errorName) => {
    expect(MODEL_SHAPES.ErrorCode.enum).toContain(CHIME_EXCEPTIONS[errorName].code);
  });

  it.each(CHIME_EXCEPTION_NAMES)('injects %s with its modelled status, as the client names it', async (errorName) => {
    // Prepare
    chime.emulator.failOperation('GetVoiceConnectorOrigination', { errorName, times: 1 });

    // Act
    const error = await rejectionOf(
      chime.client.send(new GetVoiceConnectorOriginationCommand({ VoiceConnectorId: CONTACT_CENTER })),
    );

    // Assess
    expect(error.name).toBe(errorName);
    expect(error.$metadata?.httpStatusCode).toBe(CHIME_EXCEPTIONS[errorName].status);
    expect(error.Code).toBe(CHIME_EXCEPTIONS[errorName].code);
  });

  it("fails every operation with '*'", async () => {
    // Prepare
    chime.emulator.failOperation('*', { errorName: 'ForbiddenException' });

    // Act
    const errors = await Promise.all([
      rejectionOf(chime.client.send(new GetVoiceConnectorProxyCommand({ VoiceConnectorId: CONTACT_CENTER }))),
      rejectionOf(chime.client.send(new ListVoiceConnectorsCommand({}))),
    ]);

    // Assess
    expect(errors.map((error) => error.name)).toEqual(['ForbiddenException', 'ForbiddenException']);
  });

  it('answers a raw body instead when told to, for testing malformed responses', async () => {
    // Prepare
    chime.emulator.answerWith('GetVoiceConnectorTermination', { body: { Termination: { CpsLimit: 'ten' } }, times: 1 });

    // Act
    const output = await chime.client.send(
      new GetVoiceConnectorTerminationCommand({ VoiceConnectorId: CONTACT_CENTER }),
    );

    // Assess
    expect(output.Termination?.CpsLimit).toBe('ten');
  });

  it('holds the answer back by the set latency, long enough for a client timeout to fire', async () => {
    // Prepare
    chime.emulator.setLatency('GetVoiceConnectorTermination', 2_000);
    const impatient = new ChimeSDKVoiceClient({
      region: 'us-east-1',
      endpoint: chime.emulator.url,
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
      requestHandler: { requestTimeout: 100, throwOnRequestTimeout: true },
    });

    // Act
    const error = await rejectionOf(
      impatient.send(new GetVoiceConnectorTerminationCommand({ VoiceConnectorId: CONTACT_CENTER })),
    );
    const unaffected = await impatient.send(new GetVoiceConnectorProxyCommand({ VoiceConnectorId: CONTACT_CENTER }));

    // Assess
    expect(error.name).toBe('TimeoutError');
    expect(unaffected.Proxy).toBeDefined();
    impatient.destroy();
  });
});

describe('state, seeds and the request record', () => {
  it('records the operation, method, path, query, region and body of every request', async () => {
    // Act
    await chimeClientFor(chime.emulator, 'eu-west-2').send(
      new PutVoiceConnectorOriginationCommand({
        VoiceConnectorId: SEED_LONDON_TRADING_CONNECTOR_ID,
        Origination: { Disabled: true },
      }),
    );

    // Assess
    expect(chime.emulator.requests).toEqual([
      {
        operation: 'PutVoiceConnectorOrigination',
        method: 'PUT',
        path: `/voice-connectors/${SEED_LONDON_TRADING_CONNECTOR_ID}/origination`,
        query: {},
        region: 'eu-west-2',
        body: { Origination: { Disabled: true } },
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        status: 200,
      },
    ]);
  });

  it('resets to the start-up seed, forgetting changes, faults and requests', async () => {
    // Prepare
    await chime.client.send(
      new PutVoiceConnectorOriginationCommand({ VoiceConnectorId: CONTACT_CENTER, Origination: { Disabled: true } }),
    );
    chime.emulator.failOperation('GetVoiceConnectorOrigination', { errorName: 'ServiceFailureException' });

    // Act
    chime.emulator.reset();
    const output = await chime.client.send(
      new GetVoiceConnectorOriginationCommand({ VoiceConnectorId: CONTACT_CENTER }),
    );

    // Assess
    expect(output.Origination?.Routes).toHaveLength(2);
    expect(chime.emulator.requests).toHaveLength(1);
  });

  it("starts empty with seed 'none' and takes a custom seed", async () => {
    // Prepare
    const empty = await startChimeEmulator({ seed: 'none' });
    const emptyClient = chimeClientFor(empty);

    // Act
    const before = await emptyClient.send(new ListVoiceConnectorsCommand({}));
    empty.seed({
      VoiceConnectors: [
        {
          VoiceConnector: {
            VoiceConnectorId: 'abcdef1234567890abcdef',
            AwsRegion: 'us-east-1',
            Name: 'Custom',
            RequireEncryption: true,
          },
          Termination: { CpsLimit: 3 },
        },
      ],
    });
    const after = await emptyClient.send(
      new GetVoiceConnectorTerminationCommand({ VoiceConnectorId: 'abcdef1234567890abcdef' }),
    );

    // Assess
    expect(before.VoiceConnectors).toEqual([]);
    expect(after.Termination).toEqual({ CpsLimit: 3 });
    emptyClient.destroy();
    await empty.close();
  });

  it('refuses a seed that breaks the model', () => {
    // Prepare
    const seed: EmulatorSeed = {
      VoiceConnectors: [
        {
          VoiceConnector: {
            VoiceConnectorId: 'Not-An-Id',
            AwsRegion: 'us-east-1',
            Name: 'Bad',
            RequireEncryption: true,
          },
        },
      ],
    };

    // Act
    const attempt = () => chime.emulator.seed(seed);

    // Assess
    expect(attempt).toThrow(/VoiceConnectorId/);
  });

  it('has three seeded connectors in two regions, with 22-character IDs', () => {
    // Act
    const usEast = chime.emulator.listVoiceConnectorIds('us-east-1');
    const london = chime.emulator.listVoiceConnectorIds('eu-west-2');

    // Assess
    expect(usEast).toEqual([CONTACT_CENTER, SEED_BRANCH_OFFICES_CONNECTOR_ID]);
    expect(london).toEqual([SEED_LONDON_TRADING_CONNECTOR_ID]);
    for (const id of [...usEast, ...london]) expect(id).toMatch(/^[a-z0-9]{22}$/);
    expect(chime.emulator.getTermination(SEED_BRANCH_OFFICES_CONNECTOR_ID)?.Disabled).toBe(true);
    expect(chime.emulator.getOrigination(SEED_BRANCH_OFFICES_CONNECTOR_ID)?.Disabled).toBe(true);
  });

  it('never sends a password back, whatever is read', async () => {
    // Prepare
    const readPaths = [
      '/voice-connectors',
      ...DEFAULT_SEED.VoiceConnectors.flatMap(({ VoiceConnector: { VoiceConnectorId: id } }) => [
        `/voice-connectors/${id}`,
        `/voice-connectors/${id}/termination`,
        `/voice-connectors/${id}/termination/credentials`,
        `/voice-connectors/${id}/origination`,
        `/voice-connectors/${id}/programmable-numbers/proxy`,
      ]),
    ];
    const regions = ['us-east-1', 'eu-west-2'];

    // Act
    const bodies: string[] = [];
    for (const region of regions) {
      for (const path of readPaths) bodies.push((await rawRequest(chime.emulator, { path, region })).text);
    }
    bodies.push(
      (
        await rawRequest(chime.emulator, {
          method: 'POST',
          path: `/voice-connectors/${CONTACT_CENTER}/termination/credentials?operation=put`,
          body: JSON.stringify({ Credentials: [{ Username: 'new-user', Password: 'fresh-secret-42' }] }),
        })
      ).text,
    );
    bodies.push(
      (await rawRequest(chime.emulator, { path: `/voice-connectors/${CONTACT_CENTER}/termination/credentials` })).text,
    );

    // Assess
    const everything = bodies.join('\n');
    expect(everything).toContain('sbc-primary');
    for (const password of [...SEEDED_PASSWORDS, 'fresh-secret-42']) expect(everything).not.toContain(password);
    expect(everything).not.toMatch(/Password/i);
  });
});

describe('the HTTP control API', () => {
  it('injects a fault and clears it over HTTP', async () => {
    // Prepare
    const inject = await fetch(`${chime.emulator.url}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ operation: 'GetVoiceConnectorTermination', errorName: 'AccessDeniedException', times: 1 }),
    });
    const call = () => chime.client.send(new GetVoiceConnectorTerminationCommand({ VoiceConnectorId: CONTACT_CENTER }));

    // Act
    const error = await rejectionOf(call());
    const recovered = await call();

    // Assess
    expect(inject.status).toBe(200);
    expect(error.name).toBe('AccessDeniedException');
    expect(recovered.Termination).toBeDefined();
  });

  it('lists recorded requests over HTTP with every password redacted', async () => {
    // Prepare
    await chime.client.send(
      new PutVoiceConnectorTerminationCredentialsCommand({
        VoiceConnectorId: CONTACT_CENTER,
        Credentials: [{ Username: 'sbc-x', Password: 'never-over-http' }],
      }),
    );

    // Act
    const response = await fetch(`${chime.emulator.url}/_emulator/requests`);
    const text = await response.text();

    // Assess
    expect(text).not.toContain('never-over-http');
    expect(JSON.parse(text).requests[0].body).toEqual({ Credentials: [{ Username: 'sbc-x', Password: '[redacted]' }] });
  });

  it('refuses a control request it cannot understand', async () => {
    // Act
    const response = await fetch(`${chime.emulator.url}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ operation: 'GetVoiceConnectorTermination', errorName: 'NoSuchException' }),
    });

    // Assess
    expect(response.status).toBe(400);
  });

  it('sets latency and resets over HTTP', async () => {
    // Act
    const latency = await fetch(`${chime.emulator.url}/_emulator/latency`, {
      method: 'PUT',
      body: JSON.stringify({ operation: '*', ms: 0 }),
    });
    const reset = await fetch(`${chime.emulator.url}/_emulator/reset`, { method: 'POST' });

    // Assess
    expect([latency.status, reset.status]).toEqual([200, 200]);
    expect(chime.emulator.requests).toEqual([]);
  });
});
