import {
  GetProxySessionCommand,
  GetVoiceConnectorLoggingConfigurationCommand,
  GetVoiceConnectorProxyCommand,
  GetVoiceConnectorTerminationCommand,
  GetVoiceConnectorTerminationHealthCommand,
  PutVoiceConnectorLoggingConfigurationCommand,
  PutVoiceConnectorOriginationCommand,
  PutVoiceConnectorTerminationCredentialsCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import { describe, expect, it } from 'vitest';
import { SEED_CONTACT_CENTER_CONNECTOR_ID, SEED_OPEN_PROXY_SESSION_ID } from '../src/seed';
import { rejectionOf } from './chime-test-client';
import { useChimeEmulator } from './support/emulator-fixture';
import { CONTACT_CENTER, onContactCenter } from './support/seed-fixtures';

const ID_PATTERN_MESSAGE =
  "Value at 'VoiceConnectorId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-z0-9]{21,22}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})";

const chime = useChimeEmulator();

/** Invalid voice connector IDs: too short, too long, upper case, a UUID in upper case, padded, empty. */
const INVALID_IDS = [
  ['20 characters', 'abcdef1234567890abcd'],
  ['23 characters', 'abcdef1234567890abcdefa'],
  ['upper case', 'ABCDEF1234567890ABCDEF'],
  ['an upper-case UUID', '3F1C2A9E-5B7D-4C8E-9A1F-0D2B4C6E8A10'],
  ['a valid ID with a suffix', `${SEED_CONTACT_CENTER_CONNECTOR_ID}!`],
  ['a space', 'abcdef1234567890 abcde'],
  ['the empty string', ''],
] as const;

/** IDs the pattern accepts but no connector has: the answer must be NotFound, not BadRequest. */
const VALID_UNKNOWN_IDS = [
  ['21 characters', 'abcdef1234567890abcde'],
  ['22 characters', 'abcdef1234567890abcdef'],
  ['a lower-case UUID', '3f1c2a9e-5b7d-4c8e-9a1f-0d2b4c6e8a10'],
] as const;

async function expectBadRequest(call: Promise<unknown>, expectedMessagePart: string): Promise<void> {
  const error = await rejectionOf(call);
  expect(error.name).toBe('BadRequestException');
  expect(error.$metadata?.httpStatusCode).toBe(400);
  expect(error.message).toContain(expectedMessagePart);
}

describe.each([
  ['GetVoiceConnectorTermination', (id: string) => new GetVoiceConnectorTerminationCommand({ VoiceConnectorId: id })],
  ['GetVoiceConnectorProxy', (id: string) => new GetVoiceConnectorProxyCommand({ VoiceConnectorId: id })],
  [
    'GetProxySession',
    (id: string) => new GetProxySessionCommand({ VoiceConnectorId: id, ProxySessionId: SEED_OPEN_PROXY_SESSION_ID }),
  ],
  [
    'PutVoiceConnectorOrigination',
    (id: string) => new PutVoiceConnectorOriginationCommand({ VoiceConnectorId: id, Origination: { Disabled: true } }),
  ],
  [
    'PutVoiceConnectorTerminationCredentials',
    (id: string) => new PutVoiceConnectorTerminationCredentialsCommand({ VoiceConnectorId: id, Credentials: [] }),
  ],
  [
    'GetVoiceConnectorTerminationHealth',
    (id: string) => new GetVoiceConnectorTerminationHealthCommand({ VoiceConnectorId: id }),
  ],
  [
    'GetVoiceConnectorLoggingConfiguration',
    (id: string) => new GetVoiceConnectorLoggingConfigurationCommand({ VoiceConnectorId: id }),
  ],
  [
    'PutVoiceConnectorLoggingConfiguration',
    (id: string) =>
      new PutVoiceConnectorLoggingConfigurationCommand({
        VoiceConnectorId: id,
        LoggingConfiguration: { EnableSIPLogs: true },
      }),
  ],
] as const)('%s: the voiceConnectorId label', (_operation, command) => {
  it.each(INVALID_IDS)('refuses %s with BadRequestException naming VoiceConnectorId', async (_case, id) => {
    // Act
    // biome-ignore lint/suspicious/noExplicitAny: the rows build different command types, all of which send accepts
    const call = chime.client.send(command(id) as any);

    // Assess
    await expectBadRequest(call, ID_PATTERN_MESSAGE);
  });

  it.each(VALID_UNKNOWN_IDS)('accepts %s and answers NotFoundException', async (_case, id) => {
    // Act
    // biome-ignore lint/suspicious/noExplicitAny: as above
    const error = await rejectionOf(chime.client.send(command(id) as any));

    // Assess
    expect(error.name).toBe('NotFoundException');
  });
});

describe('GetProxySession: the proxySessionId label', () => {
  const get = (proxySessionId: string) =>
    chime.client.send(new GetProxySessionCommand(onContactCenter({ ProxySessionId: proxySessionId })));

  it('refuses an empty ID as shorter than 1', async () => {
    // Act
    const call = get('');

    // Assess
    await expectBadRequest(
      call,
      "Value at 'ProxySessionId' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('refuses an ID of blanks, which does not match .*\\S.*', async () => {
    // Act
    const call = get('   ');

    // Assess
    await expectBadRequest(
      call,
      "Value at 'ProxySessionId' failed to satisfy constraint: Member must satisfy regular expression pattern: .*\\S.*",
    );
  });

  it('refuses an ID of 129 characters', async () => {
    // Act
    const call = get('s'.repeat(129));

    // Assess
    await expectBadRequest(
      call,
      "Value at 'ProxySessionId' failed to satisfy constraint: Member must have length less than or equal to 128",
    );
  });

  it('accepts an ID of 128 characters, counting an emoji as one, and answers NotFoundException', async () => {
    // Act
    const error = await rejectionOf(get(`${'s'.repeat(127)}😀`));

    // Assess
    expect(error.name).toBe('NotFoundException');
  });

  it('decodes a percent-encoded ID before looking it up', async () => {
    // Act
    const error = await rejectionOf(get('order 42/b'));

    // Assess
    expect(error.name).toBe('NotFoundException');
    expect(chime.emulator.requests.at(-1)?.path).toBe(
      `/voice-connectors/${CONTACT_CENTER}/proxy-sessions/order%2042%2Fb`,
    );
  });
});

describe('PutVoiceConnectorOrigination: the body', () => {
  const put = (origination: unknown) =>
    chime.client.send(new PutVoiceConnectorOriginationCommand(onContactCenter({ Origination: origination })));
  const route = (overrides: Record<string, unknown>) => ({
    Routes: [{ Host: 'sbc1.example.com', Port: 5061, Protocol: 'TCP', Priority: 1, Weight: 50, ...overrides }],
    Disabled: false,
  });

  it('refuses a request without Origination', async () => {
    // Act
    const call = put(undefined);

    // Assess
    await expectBadRequest(call, "Value at 'Origination' failed to satisfy constraint: Member must not be null");
  });

  it.each([
    ['Port', -1, 'Member must have value greater than or equal to 0'],
    ['Port', 65536, 'Member must have value less than or equal to 65535'],
    ['Port', '5060', 'Member must be an integer'],
    ['Port', 5060.5, 'Member must be an integer'],
    ['Priority', 0, 'Member must have value greater than or equal to 1'],
    ['Priority', 101, 'Member must have value less than or equal to 100'],
    ['Weight', 0, 'Member must have value greater than or equal to 1'],
    ['Weight', 101, 'Member must have value less than or equal to 100'],
    ['Protocol', 'SCTP', 'Member must satisfy enum value set: [TCP, UDP]'],
    ['Protocol', 'tcp', 'Member must satisfy enum value set: [TCP, UDP]'],
    ['Host', 5060, 'Member must be a string'],
  ] as const)('refuses %s = %j, naming the member', async (member, value, constraint) => {
    // Act
    const call = put(route({ [member]: value }));

    // Assess
    await expectBadRequest(
      call,
      `Value at 'Origination.Routes[0].${member}' failed to satisfy constraint: ${constraint}`,
    );
    expect(chime.emulator.getOrigination(CONTACT_CENTER)?.Routes).toHaveLength(2);
  });

  it.each([
    ['Port', 0],
    ['Port', 65535],
    ['Priority', 1],
    ['Priority', 100],
    ['Weight', 1],
    ['Weight', 100],
    ['Protocol', 'UDP'],
  ] as const)('accepts %s = %j at the edge of its range', async (member, value) => {
    // Act
    const output = await put(route({ [member]: value }));

    // Assess
    expect(output.Origination?.Routes?.[0]?.[member]).toBe(value);
  });

  it('refuses Disabled that is not a boolean', async () => {
    // Act
    const call = put({ Routes: [], Disabled: 'yes' });

    // Assess
    await expectBadRequest(
      call,
      "Value at 'Origination.Disabled' failed to satisfy constraint: Member must be a boolean",
    );
  });

  it('refuses Routes that is not a list', async () => {
    // Act
    const call = put({ Routes: { Host: 'sbc1.example.com' } });

    // Assess
    await expectBadRequest(call, "Value at 'Origination.Routes' failed to satisfy constraint: Member must be a list");
  });

  it('names the second route when only it is wrong, and counts every violation', async () => {
    // Act
    const error = await rejectionOf(
      put({
        Routes: [
          { Host: 'sbc1.example.com', Port: 5061, Protocol: 'TCP', Priority: 1, Weight: 50 },
          { Host: 'sbc2.example.com', Port: 99999, Protocol: 'TLS', Priority: 1, Weight: 50 },
        ],
      }),
    );

    // Assess
    expect(error.message).toBe(
      "2 validation errors detected: Value at 'Origination.Routes[1].Port' failed to satisfy constraint: Member must have value less than or equal to 65535; " +
        "Value at 'Origination.Routes[1].Protocol' failed to satisfy constraint: Member must satisfy enum value set: [TCP, UDP]",
    );
  });

  it('accepts what the model allows: no routes, more than twenty routes, members left out', async () => {
    // Prepare
    const many = Array.from({ length: 21 }, (_, index) => ({
      Host: `sbc${index}.example.com`,
      Priority: 1,
      Weight: 1,
    }));

    // Act
    const empty = await put({});
    const manyRoutes = await put({ Routes: many });

    // Assess
    expect(empty.Origination).toEqual({});
    expect(manyRoutes.Origination?.Routes).toHaveLength(21);
  });
});

describe('PutVoiceConnectorTerminationCredentials: the body', () => {
  const putCredentials = (credentials: unknown) =>
    chime.client.send(
      new PutVoiceConnectorTerminationCredentialsCommand(onContactCenter({ Credentials: credentials })),
    );

  it('refuses Credentials that is not a list', async () => {
    // Act
    const call = putCredentials({ Username: 'sbc-x', Password: 'secret-x' });

    // Assess
    await expectBadRequest(call, "Value at 'Credentials' failed to satisfy constraint: Member must be a list");
  });

  it('refuses a password that is not a string without quoting it', async () => {
    // Act
    const error = await rejectionOf(putCredentials([{ Username: 'sbc-x', Password: 424242424242 }]));

    // Assess
    expect(error.name).toBe('BadRequestException');
    expect(error.message).toContain(
      "Value at 'Credentials[0].Password' failed to satisfy constraint: Member must be a string",
    );
    expect(error.message).not.toContain('424242424242');
  });

  it('refuses a username that is not a string', async () => {
    // Act
    const call = putCredentials([{ Username: ['sbc-x'], Password: 'secret-x' }]);

    // Assess
    await expectBadRequest(
      call,
      "Value at 'Credentials[0].Username' failed to satisfy constraint: Member must be a string",
    );
  });

  it.each(['Username', 'Password'])(
    'refuses a credential without %s, as a SIP credential needs both',
    async (member) => {
      // Prepare
      const credential: Record<string, string> = { Username: 'sbc-x', Password: 'secret-x' };
      delete credential[member];

      // Act
      const error = await rejectionOf(putCredentials([credential]));

      // Assess
      expect(error.name).toBe('BadRequestException');
      expect(error.message).toContain(`Credentials[0].${member}`);
      expect(error.message).not.toContain('secret-x');
      expect(chime.emulator.getCredentialUsernames(CONTACT_CENTER)).toEqual(['sbc-primary', 'sbc-backup']);
    },
  );

  it('accepts a request with no Credentials, as the model does, and changes nothing', async () => {
    // Act
    const output = await putCredentials(undefined);

    // Assess
    expect(output.$metadata.httpStatusCode).toBe(204);
    expect(chime.emulator.getCredentialUsernames(CONTACT_CENTER)).toEqual(['sbc-primary', 'sbc-backup']);
    expect(chime.emulator.requests.at(-1)?.body).toEqual({});
  });
});
