import {
  type ChimeEmulator,
  type ChimeExceptionName,
  EMULATOR_PROXY_PHONE_NUMBER,
  SEED_BRANCH_OFFICES_CONNECTOR_ID,
  SEED_CONTACT_CENTER_CONNECTOR_ID,
  SEED_LONDON_TRADING_CONNECTOR_ID,
  SEED_OPEN_PROXY_SESSION_ID,
  startChimeEmulator,
} from '@chime-voice-ops/chime-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ChimeClients } from '../../src/chime/chime-clients';
import {
  ChimeAccessDeniedError,
  ChimeBadRequestError,
  type ChimeError,
  ChimeInvalidResponseError,
  ChimeThrottledError,
  ChimeUnavailableError,
  VoiceConnectorNotFoundError,
} from '../../src/chime/chime-errors';
import { ChimeVoiceConnectors } from '../../src/chime/chime-voice-connectors';
import { rejectionOf } from '../support/unit-rejection';

const CONTACT_CENTER = { voiceConnectorId: SEED_CONTACT_CENTER_CONNECTOR_ID, region: 'us-east-1' } as const;
const LONDON = { voiceConnectorId: SEED_LONDON_TRADING_CONNECTOR_ID, region: 'eu-west-2' } as const;
const UNKNOWN = { voiceConnectorId: 'zzzzzzzzzzzzzzzzzzzzzz', region: 'us-east-1' } as const;
const NEW_ROUTES = {
  routes: [
    { host: 'sbc-a.example.com', port: 5061, protocol: 'TCP' as const, priority: 1, weight: 70 },
    { host: 'sbc-b.example.com', port: 5061, protocol: 'TCP' as const, priority: 2, weight: 30 },
  ],
  disabled: false,
};

let emulator: ChimeEmulator;
let clients: ChimeClients;
let voiceConnectors: ChimeVoiceConnectors;

/** The {@link ChimeError} a call fails with. */
function failureOf(promise: Promise<unknown>): Promise<ChimeError> {
  return rejectionOf<ChimeError>(promise);
}

beforeAll(async () => {
  emulator = await startChimeEmulator();
  // Point the SDK at the emulator the way the sandbox does: through the standard variable.
  vi.stubEnv('AWS_ENDPOINT_URL_CHIME_SDK_VOICE', emulator.url);
  clients = new ChimeClients({
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestTimeoutMs: 2_000,
  });
  voiceConnectors = new ChimeVoiceConnectors(clients);
});

afterEach(() => {
  emulator.reset();
});

afterAll(async () => {
  vi.unstubAllEnvs();
  clients.destroy();
  await emulator.close();
});

describe('mapping the wire to the domain', () => {
  it('reads termination settings in our own words', async () => {
    // Act
    const termination = await voiceConnectors.getTermination(LONDON);

    // Assess
    expect(termination).toEqual({
      cpsLimit: 5,
      defaultPhoneNumber: '+442079460123',
      callingRegions: ['GB', 'IE'],
      cidrAllowedList: ['203.0.113.128/26'],
      disabled: false,
    });
  });

  it('reads proxy settings, and an unconfigured proxy as empty settings', async () => {
    // Act
    const configured = await voiceConnectors.getProxy(CONTACT_CENTER);
    const unconfigured = await voiceConnectors.getProxy({
      ...CONTACT_CENTER,
      voiceConnectorId: SEED_BRANCH_OFFICES_CONNECTOR_ID,
    });

    // Assess
    expect(configured).toEqual({
      defaultSessionExpiryMinutes: 60,
      disabled: false,
      fallBackPhoneNumber: '+12065550199',
      phoneNumberCountries: ['US'],
    });
    expect(unconfigured).toEqual({});
  });

  it('reads a proxy session with dates and participants', async () => {
    // Act
    const session = await voiceConnectors.getProxySession(CONTACT_CENTER, SEED_OPEN_PROXY_SESSION_ID);

    // Assess
    expect(session).toEqual({
      voiceConnectorId: SEED_CONTACT_CENTER_CONNECTOR_ID,
      proxySessionId: SEED_OPEN_PROXY_SESSION_ID,
      name: 'Order 1042',
      status: 'Open',
      expiryMinutes: 60,
      capabilities: ['Voice', 'SMS'],
      createdTimestamp: new Date('2024-05-01T12:34:56.789Z'),
      updatedTimestamp: new Date('2024-05-01T12:34:56.789Z'),
      participants: [
        { phoneNumber: '+12065550123', proxyPhoneNumber: EMULATOR_PROXY_PHONE_NUMBER },
        { phoneNumber: '+14255550111', proxyPhoneNumber: EMULATOR_PROXY_PHONE_NUMBER },
      ],
      numberSelectionBehavior: 'PreferSticky',
      geoMatchLevel: 'Country',
      geoMatchParams: { country: 'US', areaCode: '' },
    });
  });

  it('reads origination routes, and a disabled origination', async () => {
    // Act
    const contactCenter = await voiceConnectors.getOrigination(CONTACT_CENTER);
    const branches = await voiceConnectors.getOrigination({
      ...CONTACT_CENTER,
      voiceConnectorId: SEED_BRANCH_OFFICES_CONNECTOR_ID,
    });

    // Assess
    expect(contactCenter.routes).toEqual([
      { host: 'sbc1.contact-center.example.com', port: 5061, protocol: 'TCP', priority: 1, weight: 50 },
      { host: 'sbc2.contact-center.example.com', port: 5061, protocol: 'TCP', priority: 1, weight: 50 },
    ]);
    expect(contactCenter.disabled).toBe(false);
    expect(branches).toEqual({
      routes: [{ host: '192.0.2.70', port: 5060, protocol: 'UDP', priority: 1, weight: 100 }],
      disabled: true,
    });
  });

  it('puts origination exactly once, with the wire shape AWS expects, and returns what Chime stored', async () => {
    // Act
    const stored = await voiceConnectors.putOrigination(CONTACT_CENTER, NEW_ROUTES);

    // Assess
    expect(stored).toEqual(NEW_ROUTES);
    const puts = emulator.requestsFor('PutVoiceConnectorOrigination');
    expect(puts).toHaveLength(1);
    expect(puts[0]?.body).toEqual({
      Origination: {
        Routes: [
          { Host: 'sbc-a.example.com', Port: 5061, Protocol: 'TCP', Priority: 1, Weight: 70 },
          { Host: 'sbc-b.example.com', Port: 5061, Protocol: 'TCP', Priority: 2, Weight: 30 },
        ],
        Disabled: false,
      },
    });
    expect(emulator.getOrigination(SEED_CONTACT_CENTER_CONNECTOR_ID)?.Routes).toHaveLength(2);
  });

  it('lists termination credential usernames', async () => {
    // Act
    const usernames = await voiceConnectors.listTerminationCredentialUsernames(CONTACT_CENTER);

    // Assess
    expect(usernames).toEqual(['sbc-primary', 'sbc-backup']);
  });

  it('puts termination credentials exactly once, carrying the password only on the wire', async () => {
    // Act
    await voiceConnectors.putTerminationCredentials(CONTACT_CENTER, [
      { username: 'sbc-tertiary', password: 'Rotated-Secret-2024' },
    ]);

    // Assess
    const puts = emulator.requestsFor('PutVoiceConnectorTerminationCredentials');
    expect(puts).toHaveLength(1);
    expect(puts[0]?.body).toEqual({ Credentials: [{ Username: 'sbc-tertiary', Password: 'Rotated-Secret-2024' }] });
    expect(emulator.hasCredential(SEED_CONTACT_CENTER_CONNECTOR_ID, 'sbc-tertiary', 'Rotated-Secret-2024')).toBe(true);
  });

  it('lists every connector of a region across pages', async () => {
    // Prepare
    const paged = new ChimeVoiceConnectors(clients, { listPageSize: 1 });

    // Act
    const connectors = await paged.listVoiceConnectors('us-east-1');

    // Assess
    expect(connectors).toEqual([
      {
        voiceConnectorId: SEED_CONTACT_CENTER_CONNECTOR_ID,
        name: 'Contact Center US East',
        region: 'us-east-1',
        outboundHostName: `${SEED_CONTACT_CENTER_CONNECTOR_ID}.voiceconnector.chime.aws`,
        requireEncryption: true,
      },
      {
        voiceConnectorId: SEED_BRANCH_OFFICES_CONNECTOR_ID,
        name: 'Branch Offices US East',
        region: 'us-east-1',
        outboundHostName: `${SEED_BRANCH_OFFICES_CONNECTOR_ID}.voiceconnector.chime.aws`,
        requireEncryption: true,
      },
    ]);
    expect(emulator.requestsFor('ListVoiceConnectors')).toHaveLength(2);
  });

  it('asks the region it is given', async () => {
    // Act
    const connectors = await voiceConnectors.listVoiceConnectors('eu-west-2');

    // Assess
    expect(connectors.map((connector) => connector.voiceConnectorId)).toEqual([SEED_LONDON_TRADING_CONNECTOR_ID]);
    expect(emulator.requests.map((request) => request.region)).toEqual(['eu-west-2']);
  });
});

describe('errors the user sees', () => {
  it('says which connector was not found, and in which region', async () => {
    // Act
    const error = await failureOf(voiceConnectors.getTermination(UNKNOWN));

    // Assess
    expect(error).toBeInstanceOf(VoiceConnectorNotFoundError);
    expect(error.message).toBe('Voice connector zzzzzzzzzzzzzzzzzzzzzz was not found in us-east-1.');
    expect(error.context).toMatchObject({
      operation: 'GetVoiceConnectorTermination',
      region: 'us-east-1',
      awsErrorName: 'NotFoundException',
      awsMessage: 'Voice connector zzzzzzzzzzzzzzzzzzzzzz not found in us-east-1.',
    });
  });

  it('does not find a connector asked for in the wrong region', async () => {
    // Act
    const error = await failureOf(voiceConnectors.getTermination({ ...LONDON, region: 'us-east-1' }));

    // Assess
    expect(error).toBeInstanceOf(VoiceConnectorNotFoundError);
    expect(error.message).toBe(`Voice connector ${SEED_LONDON_TRADING_CONNECTOR_ID} was not found in us-east-1.`);
  });

  it('says which proxy session was not found', async () => {
    // Act
    const error = await failureOf(voiceConnectors.getProxySession(CONTACT_CENTER, 'no-such-session'));

    // Assess
    expect(error).toBeInstanceOf(VoiceConnectorNotFoundError);
    expect(error.message).toBe(
      `Proxy session no-such-session was not found on voice connector ${SEED_CONTACT_CENTER_CONNECTOR_ID} in us-east-1.`,
    );
  });

  it.each(['AccessDeniedException', 'ForbiddenException', 'UnauthorizedClientException'] as const)(
    'names the IAM action the bot lacks when Chime answers %s',
    async (errorName) => {
      // Prepare
      emulator.failOperation('PutVoiceConnectorOrigination', { errorName });

      // Act
      const error = await failureOf(voiceConnectors.putOrigination(CONTACT_CENTER, NEW_ROUTES));

      // Assess
      expect(error).toBeInstanceOf(ChimeAccessDeniedError);
      expect((error as ChimeAccessDeniedError).iamAction).toBe('chime:PutVoiceConnectorOrigination');
      expect(error.message).toBe(
        "The bot is not allowed to call chime:PutVoiceConnectorOrigination in us-east-1. Ask an administrator to grant it to the bot's IAM role.",
      );
      expect(error.context.awsErrorName).toBe(errorName);
    },
  );

  it('reports throttling once the read retries are spent', async () => {
    // Prepare
    emulator.failOperation('GetVoiceConnectorProxy', { errorName: 'ThrottledClientException' });

    // Act
    const error = await failureOf(voiceConnectors.getProxy(CONTACT_CENTER));

    // Assess
    expect(error).toBeInstanceOf(ChimeThrottledError);
    expect(error.message).toBe(
      'Chime is throttling requests in us-east-1, so GetVoiceConnectorProxy did not go through. Try again in a minute.',
    );
    expect(emulator.requestsFor('GetVoiceConnectorProxy')).toHaveLength(3);
  });

  it('retries a read through a passing throttle and succeeds', async () => {
    // Prepare
    emulator.failOperation('GetVoiceConnectorTermination', { errorName: 'ThrottledClientException', times: 1 });

    // Act
    const termination = await voiceConnectors.getTermination(CONTACT_CENTER);

    // Assess
    expect(termination.cpsLimit).toBe(10);
    expect(emulator.requestsFor('GetVoiceConnectorTermination')).toHaveLength(2);
  });

  it.each(['ServiceFailureException', 'ServiceUnavailableException'] as const)(
    'sends a put exactly once when Chime answers %s, and warns it may have been applied',
    async (errorName) => {
      // Prepare
      emulator.failOperation('PutVoiceConnectorOrigination', { errorName });

      // Act
      const error = await failureOf(voiceConnectors.putOrigination(CONTACT_CENTER, NEW_ROUTES));

      // Assess
      expect(error).toBeInstanceOf(ChimeUnavailableError);
      expect(error.message).toBe(
        'Chime SDK Voice in us-east-1 failed to handle PutVoiceConnectorOrigination. The change may have been applied: check the current settings before trying again.',
      );
      expect(emulator.requestsFor('PutVoiceConnectorOrigination')).toHaveLength(1);
    },
  );

  it('sends a credentials put exactly once even when throttled', async () => {
    // Prepare
    emulator.failOperation('PutVoiceConnectorTerminationCredentials', { errorName: 'ThrottledClientException' });

    // Act
    const error = await failureOf(
      voiceConnectors.putTerminationCredentials(CONTACT_CENTER, [{ username: 'sbc-x', password: 'Hunter2-Secret' }]),
    );

    // Assess
    expect(error).toBeInstanceOf(ChimeThrottledError);
    expect(emulator.requestsFor('PutVoiceConnectorTerminationCredentials')).toHaveLength(1);
  });

  it('retries a read through a 5xx', async () => {
    // Prepare
    emulator.failOperation('GetVoiceConnectorOrigination', { errorName: 'ServiceFailureException', times: 2 });

    // Act
    const origination = await voiceConnectors.getOrigination(CONTACT_CENTER);

    // Assess
    expect(origination.routes).toHaveLength(2);
    expect(emulator.requestsFor('GetVoiceConnectorOrigination')).toHaveLength(3);
  });

  it.each([
    'BadRequestException',
    'ResourceLimitExceededException',
    'ConflictException',
    'GoneException',
    'UnprocessableEntityException',
  ] as const satisfies readonly ChimeExceptionName[])(
    "passes on AWS's reason when Chime answers %s",
    async (errorName) => {
      // Prepare
      emulator.failOperation('PutVoiceConnectorOrigination', {
        errorName,
        message: 'Route host sbc-a.example.com is not reachable',
      });

      // Act
      const error = await failureOf(voiceConnectors.putOrigination(CONTACT_CENTER, NEW_ROUTES));

      // Assess
      expect(error).toBeInstanceOf(ChimeBadRequestError);
      expect(error.message).toBe(
        `Chime rejected PutVoiceConnectorOrigination for voice connector ${SEED_CONTACT_CENTER_CONNECTOR_ID} in us-east-1: Route host sbc-a.example.com is not reachable.`,
      );
      expect(error.context).toMatchObject({
        awsErrorName: errorName,
        awsMessage: 'Route host sbc-a.example.com is not reachable',
      });
    },
  );

  it('reports a Chime that does not answer in time as unavailable', async () => {
    // Prepare
    const impatient = new ChimeClients({
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      requestTimeoutMs: 100,
      readMaxAttempts: 1,
    });
    emulator.setLatency('GetVoiceConnectorTermination', 3_000);

    // Act
    const error = await failureOf(new ChimeVoiceConnectors(impatient).getTermination(CONTACT_CENTER));

    // Assess
    expect(error).toBeInstanceOf(ChimeUnavailableError);
    expect(error.message).toBe(
      'Chime SDK Voice in us-east-1 did not answer GetVoiceConnectorTermination in time. Try again shortly.',
    );
    impatient.destroy();
  });

  it('reports a Chime that cannot be reached as unavailable', async () => {
    // Prepare
    const gone = await startChimeEmulator({ seed: 'none' });
    const goneUrl = gone.url;
    await gone.close();
    vi.stubEnv('AWS_ENDPOINT_URL_CHIME_SDK_VOICE', goneUrl);
    const unreachable = new ChimeClients({
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      readMaxAttempts: 1,
    });

    // Act
    const error = await failureOf(new ChimeVoiceConnectors(unreachable).getTermination(CONTACT_CENTER));

    // Assess
    vi.stubEnv('AWS_ENDPOINT_URL_CHIME_SDK_VOICE', emulator.url);
    expect(error).toBeInstanceOf(ChimeUnavailableError);
    expect(error.message).toBe(
      'Chime SDK Voice in us-east-1 could not be reached for GetVoiceConnectorTermination. Try again shortly.',
    );
    unreachable.destroy();
  });

  it('never puts a password into an error', async () => {
    // Prepare
    emulator.failOperation('PutVoiceConnectorTerminationCredentials', { errorName: 'BadRequestException' });
    const password = 'Do-Not-Leak-7c1e';

    // Act
    const refused = await failureOf(
      voiceConnectors.putTerminationCredentials(CONTACT_CENTER, [{ username: 'sbc-x', password }]),
    );
    const invalid = await failureOf(
      voiceConnectors.putTerminationCredentials({ ...CONTACT_CENTER, voiceConnectorId: 'BAD' }, [
        { username: 'sbc-x', password },
      ]),
    );

    // Assess
    for (const error of [refused, invalid]) {
      expect(error.message).not.toContain(password);
      expect(JSON.stringify(error.context)).not.toContain(password);
      expect(String(error.cause ?? '')).not.toContain(password);
    }
  });
});

describe('validation on both sides of the wire', () => {
  it('refuses a put that breaks the model before sending anything', async () => {
    // Act
    const error = await failureOf(
      voiceConnectors.putOrigination(CONTACT_CENTER, {
        routes: [{ host: 'sbc-a.example.com', port: 70000, protocol: 'TCP', priority: 1, weight: 1 }],
        disabled: false,
      }),
    );

    // Assess
    expect(error).toBeInstanceOf(ChimeBadRequestError);
    expect(error.message).toBe(
      "PutVoiceConnectorOrigination was not sent to Chime: 1 validation error detected: Value at 'Origination.Routes[0].Port' failed to satisfy constraint: Member must have value less than or equal to 65535.",
    );
    expect(error.context.awsErrorName).toBeUndefined();
    expect(emulator.requests).toEqual([]);
  });

  it('refuses a malformed connector ID before sending anything', async () => {
    // Act
    const error = await failureOf(voiceConnectors.getTermination({ voiceConnectorId: 'vc-1', region: 'us-east-1' }));

    // Assess
    expect(error).toBeInstanceOf(ChimeBadRequestError);
    expect(error.message).toContain("Value at 'VoiceConnectorId'");
    expect(emulator.requests).toEqual([]);
  });

  it('rejects a response that breaks the model', async () => {
    // Prepare
    emulator.answerWith('GetVoiceConnectorTermination', {
      body: { Termination: { CpsLimit: 0, CallingRegions: 'US' } },
    });

    // Act
    const error = await failureOf(voiceConnectors.getTermination(CONTACT_CENTER));

    // Assess
    expect(error).toBeInstanceOf(ChimeInvalidResponseError);
    expect(error.message).toBe(
      "Chime SDK Voice answered GetVoiceConnectorTermination in us-east-1 with data that does not match the service model: 2 validation errors detected: Value at 'Termination.CpsLimit' failed to satisfy constraint: Member must have value greater than or equal to 1; Value at 'Termination.CallingRegions' failed to satisfy constraint: Member must be a list.",
    );
  });

  it('rejects a timestamp the SDK cannot parse', async () => {
    // Prepare
    emulator.answerWith('GetProxySession', {
      body: { ProxySession: { ProxySessionId: SEED_OPEN_PROXY_SESSION_ID, CreatedTimestamp: 1714566896 } },
    });

    // Act
    const error = await failureOf(voiceConnectors.getProxySession(CONTACT_CENTER, SEED_OPEN_PROXY_SESSION_ID));

    // Assess
    expect(error).toBeInstanceOf(ChimeInvalidResponseError);
    expect(error.message).toBe(
      'Chime SDK Voice answered GetProxySession in us-east-1 with a response the bot could not read.',
    );
  });

  it('rejects an origination route without a port rather than guessing one', async () => {
    // Prepare
    emulator.answerWith('GetVoiceConnectorOrigination', {
      body: { Origination: { Routes: [{ Host: 'sbc1.example.com', Protocol: 'TCP', Priority: 1, Weight: 1 }] } },
    });

    // Act
    const error = await failureOf(voiceConnectors.getOrigination(CONTACT_CENTER));

    // Assess
    expect(error).toBeInstanceOf(ChimeInvalidResponseError);
    expect(error.message).toBe(
      'Chime SDK Voice answered GetVoiceConnectorOrigination in us-east-1 with origination route 1 missing Port.',
    );
  });

  it('stops listing when Chime keeps answering the same page', async () => {
    // Prepare
    emulator.answerWith('ListVoiceConnectors', { body: { VoiceConnectors: [], NextToken: 'same' } });

    // Act
    const error = await failureOf(voiceConnectors.listVoiceConnectors('us-east-1'));

    // Assess
    expect(error).toBeInstanceOf(ChimeInvalidResponseError);
    expect(emulator.requestsFor('ListVoiceConnectors')).toHaveLength(2);
  });
});
