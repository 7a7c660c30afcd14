import {
  CreateVoiceConnectorCommand,
  GetVoiceConnectorLoggingConfigurationCommand,
  GetVoiceConnectorTerminationHealthCommand,
  PutVoiceConnectorLoggingConfigurationCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SEED,
  SEED_BRANCH_OFFICES_CONNECTOR_ID,
  SEED_BRANCH_OFFICES_PING_AGE_SECONDS,
  SEED_BRANCH_OFFICES_PING_SOURCE,
  SEED_CONTACT_CENTER_PING_INTERVAL_SECONDS,
  SEED_CONTACT_CENTER_PING_SOURCE,
  SEED_LONDON_TRADING_CONNECTOR_ID,
  SEED_LONDON_TRADING_PING_SOURCE,
} from '../src/seed';
import { chimeClientFor, rawRequest, rejectionOf } from './chime-test-client';
import { useChimeEmulator } from './support/emulator-fixture';
import { CONTACT_CENTER, onContactCenter } from './support/seed-fixtures';

const chime = useChimeEmulator();

/** Whether an IPv4 `address[:port]` lies in one of the CIDR blocks (enough for the seed's documentation ranges). */
function inAllowList(source: string, blocks: readonly string[]): boolean {
  const toNumber = (address: string) => address.split('.').reduce((total, octet) => total * 256 + Number(octet), 0);
  const address = toNumber(source.split(':')[0] ?? '');
  return blocks.some((block) => {
    const [network = '', bits = '32'] = block.split('/');
    const size = 2 ** (32 - Number(bits));
    return Math.floor(address / size) === Math.floor(toNumber(network) / size);
  });
}

function allowListOf(voiceConnectorId: string): string[] {
  const entry = DEFAULT_SEED.VoiceConnectors.find(
    (seeded) => seeded.VoiceConnector.VoiceConnectorId === voiceConnectorId,
  );
  return entry?.Termination?.CidrAllowedList ?? [];
}

function ageInSeconds(timestamp: Date | undefined): number {
  return (chime.emulator.now().getTime() - (timestamp?.getTime() ?? Number.NaN)) / 1000;
}

describe('GetVoiceConnectorTerminationHealth', () => {
  it("answers the contact center's recent ping, from inside its allow list, with a port", async () => {
    // Act
    const output = await chime.client.send(
      new GetVoiceConnectorTerminationHealthCommand({ VoiceConnectorId: CONTACT_CENTER }),
    );

    // Assess
    expect(output.$metadata.httpStatusCode).toBe(200);
    expect(output.TerminationHealth?.Source).toBe(SEED_CONTACT_CENTER_PING_SOURCE);
    expect(SEED_CONTACT_CENTER_PING_SOURCE).toMatch(/^\d+\.\d+\.\d+\.\d+:\d+$/);
    expect(inAllowList(SEED_CONTACT_CENTER_PING_SOURCE, allowListOf(CONTACT_CENTER))).toBe(true);
    const age = ageInSeconds(output.TerminationHealth?.Timestamp);
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(SEED_CONTACT_CENTER_PING_INTERVAL_SECONDS + 1);
  });

  it('sends the ping on the wire as an ISO-8601 timestamp and a source string', async () => {
    // Act
    const response = await rawRequest(chime.emulator, {
      path: `/voice-connectors/${CONTACT_CENTER}/termination/health`,
    });

    // Assess
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({
      TerminationHealth: {
        Timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/),
        Source: SEED_CONTACT_CENTER_PING_SOURCE,
      },
    });
    expect(chime.emulator.requestsFor('GetVoiceConnectorTerminationHealth')[0]).toMatchObject({
      method: 'GET',
      path: `/voice-connectors/${CONTACT_CENTER}/termination/health`,
      status: 200,
    });
  });

  it("keeps the contact center's ping fresh however far the clock moves, as a PBX that keeps pinging", async () => {
    // Prepare
    chime.emulator.advanceClock(5 * 3600 * 1000);

    // Act
    const output = await chime.client.send(
      new GetVoiceConnectorTerminationHealthCommand({ VoiceConnectorId: CONTACT_CENTER }),
    );

    // Assess
    expect(ageInSeconds(output.TerminationHealth?.Timestamp)).toBeLessThan(
      SEED_CONTACT_CENTER_PING_INTERVAL_SECONDS + 1,
    );
  });

  it("answers the branch offices' last ping, hours old", async () => {
    // Act
    const output = await chime.client.send(
      new GetVoiceConnectorTerminationHealthCommand({ VoiceConnectorId: SEED_BRANCH_OFFICES_CONNECTOR_ID }),
    );

    // Assess
    expect(output.TerminationHealth?.Source).toBe(SEED_BRANCH_OFFICES_PING_SOURCE);
    expect(ageInSeconds(output.TerminationHealth?.Timestamp)).toBeGreaterThanOrEqual(
      SEED_BRANCH_OFFICES_PING_AGE_SECONDS,
    );
    expect(ageInSeconds(output.TerminationHealth?.Timestamp)).toBeLessThan(SEED_BRANCH_OFFICES_PING_AGE_SECONDS + 60);
    expect(SEED_BRANCH_OFFICES_PING_AGE_SECONDS).toBeGreaterThanOrEqual(2 * 3600);
  });

  it("answers London's ping from an address outside London's allow list", async () => {
    // Act
    const output = await chimeClientFor(chime.emulator, 'eu-west-2').send(
      new GetVoiceConnectorTerminationHealthCommand({ VoiceConnectorId: SEED_LONDON_TRADING_CONNECTOR_ID }),
    );

    // Assess
    expect(output.TerminationHealth?.Source).toBe(SEED_LONDON_TRADING_PING_SOURCE);
    expect(inAllowList(SEED_LONDON_TRADING_PING_SOURCE, allowListOf(SEED_LONDON_TRADING_CONNECTOR_ID))).toBe(false);
    expect(ageInSeconds(output.TerminationHealth?.Timestamp)).toBeLessThan(61);
  });

  it('answers NotFoundException, worded apart from an unknown connector, when no ping was ever received', async () => {
    // Prepare
    const created = await chime.client.send(
      new CreateVoiceConnectorCommand({ Name: 'Quiet', RequireEncryption: true }),
    );
    const id = created.VoiceConnector?.VoiceConnectorId ?? '';

    // Act
    const error = await rejectionOf(
      chime.client.send(new GetVoiceConnectorTerminationHealthCommand({ VoiceConnectorId: id })),
    );

    // Assess
    expect(error.name).toBe('NotFoundException');
    expect(error.$metadata?.httpStatusCode).toBe(404);
    expect(error.message).toBe(`No SIP OPTIONS ping has been received for voice connector ${id}.`);
  });

  it('answers NotFoundException naming the connector and region for an unknown connector', async () => {
    // Act
    const error = await rejectionOf(
      chime.client.send(
        new GetVoiceConnectorTerminationHealthCommand({ VoiceConnectorId: SEED_LONDON_TRADING_CONNECTOR_ID }),
      ),
    );

    // Assess
    expect(error.name).toBe('NotFoundException');
    expect(error.message).toBe(`Voice connector ${SEED_LONDON_TRADING_CONNECTOR_ID} not found in us-east-1.`);
  });

  it('answers the ping a test sets, and lets it age with the clock', async () => {
    // Prepare
    chime.emulator.setTerminationHealth(CONTACT_CENTER, { Source: '203.0.113.10:5060' });
    chime.emulator.advanceClock(11 * 60 * 1000);

    // Act
    const output = await chime.client.send(
      new GetVoiceConnectorTerminationHealthCommand({ VoiceConnectorId: CONTACT_CENTER }),
    );

    // Assess
    expect(output.TerminationHealth?.Source).toBe('203.0.113.10:5060');
    expect(Math.round(ageInSeconds(output.TerminationHealth?.Timestamp))).toBe(11 * 60);
  });

  it('takes a ping at a given instant, as a Date or an ISO string, or some seconds ago', () => {
    // Act
    chime.emulator.setTerminationHealth(CONTACT_CENTER, {
      Source: '198.51.100.1',
      Timestamp: new Date('2026-01-02T03:04:05Z'),
    });
    const fromDate = chime.emulator.getTerminationHealth(CONTACT_CENTER);
    chime.emulator.setTerminationHealth(CONTACT_CENTER, {
      Source: '198.51.100.2',
      Timestamp: '2026-01-02T03:04:06.000Z',
    });
    const fromString = chime.emulator.getTerminationHealth(CONTACT_CENTER);
    chime.emulator.setTerminationHealth(CONTACT_CENTER, { Source: '198.51.100.3', SecondsAgo: 90 });
    const fromAge = chime.emulator.getTerminationHealth(CONTACT_CENTER);

    // Assess
    expect(fromDate).toEqual({ Timestamp: '2026-01-02T03:04:05.000Z', Source: '198.51.100.1' });
    expect(fromString).toEqual({ Timestamp: '2026-01-02T03:04:06.000Z', Source: '198.51.100.2' });
    expect(Math.round(ageInSeconds(new Date(fromAge?.Timestamp ?? '')))).toBe(90);
  });

  it('forgets the ping when a test removes it, and refuses a ping for a connector it does not have', async () => {
    // Prepare
    chime.emulator.setTerminationHealth(CONTACT_CENTER, undefined);

    // Act
    const error = await rejectionOf(
      chime.client.send(new GetVoiceConnectorTerminationHealthCommand({ VoiceConnectorId: CONTACT_CENTER })),
    );
    const unknown = () => chime.emulator.setTerminationHealth('zzzzzzzzzzzzzzzzzzzzzz', { Source: '192.0.2.1' });

    // Assess
    expect(error.name).toBe('NotFoundException');
    expect(unknown).toThrow('The emulator has no voice connector zzzzzzzzzzzzzzzzzzzzzz.');
  });

  it('refuses a ping given two ways at once', () => {
    // Act
    const attempt = () =>
      chime.emulator.setTerminationHealth(CONTACT_CENTER, { Source: '192.0.2.1', SecondsAgo: 5, EverySeconds: 30 });

    // Assess
    expect(attempt).toThrow(/at most one of Timestamp, SecondsAgo and EverySeconds/);
  });

  it('sets a ping over the HTTP control API', async () => {
    // Act
    const response = await fetch(`${chime.emulator.url}/_emulator/termination-health`, {
      method: 'PUT',
      body: JSON.stringify({ voiceConnectorId: CONTACT_CENTER, health: { Source: '192.0.2.9:5062', SecondsAgo: 30 } }),
    });
    const removal = await fetch(`${chime.emulator.url}/_emulator/termination-health`, {
      method: 'PUT',
      body: JSON.stringify({ voiceConnectorId: SEED_BRANCH_OFFICES_CONNECTOR_ID, health: null }),
    });

    // Assess
    expect([response.status, removal.status]).toEqual([200, 200]);
    expect(chime.emulator.getTerminationHealth(CONTACT_CENTER)?.Source).toBe('192.0.2.9:5062');
    expect(chime.emulator.getTerminationHealth(SEED_BRANCH_OFFICES_CONNECTOR_ID)).toBeUndefined();
  });

  it('gives the seeded pings back on reset', () => {
    // Prepare
    chime.emulator.setTerminationHealth(CONTACT_CENTER, undefined);

    // Act
    chime.emulator.reset();

    // Assess
    expect(chime.emulator.getTerminationHealth(CONTACT_CENTER)?.Source).toBe(SEED_CONTACT_CENTER_PING_SOURCE);
  });
});

describe('voice connector logging configuration', () => {
  it('answers the seeded configuration of the contact center and London', async () => {
    // Act
    const contactCenter = await chime.client.send(
      new GetVoiceConnectorLoggingConfigurationCommand({ VoiceConnectorId: CONTACT_CENTER }),
    );
    const london = await chimeClientFor(chime.emulator, 'eu-west-2').send(
      new GetVoiceConnectorLoggingConfigurationCommand({ VoiceConnectorId: SEED_LONDON_TRADING_CONNECTOR_ID }),
    );

    // Assess
    expect(contactCenter.LoggingConfiguration).toEqual({ EnableSIPLogs: true, EnableMediaMetricLogs: true });
    expect(london.LoggingConfiguration).toEqual({ EnableSIPLogs: true, EnableMediaMetricLogs: false });
  });

  it('answers both kinds off for a connector whose logging was never configured', async () => {
    // Act
    const response = await rawRequest(chime.emulator, {
      path: `/voice-connectors/${SEED_BRANCH_OFFICES_CONNECTOR_ID}/logging-configuration`,
    });

    // Assess
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({
      LoggingConfiguration: { EnableSIPLogs: false, EnableMediaMetricLogs: false },
    });
    expect(chime.emulator.getLoggingConfiguration(SEED_BRANCH_OFFICES_CONNECTOR_ID)).toBeUndefined();
  });

  it('stores a put, echoes it with 200, and answers it on the next read', async () => {
    // Act
    const output = await chime.client.send(
      new PutVoiceConnectorLoggingConfigurationCommand({
        VoiceConnectorId: SEED_BRANCH_OFFICES_CONNECTOR_ID,
        LoggingConfiguration: { EnableSIPLogs: true, EnableMediaMetricLogs: false },
      }),
    );
    const read = await chime.client.send(
      new GetVoiceConnectorLoggingConfigurationCommand({ VoiceConnectorId: SEED_BRANCH_OFFICES_CONNECTOR_ID }),
    );

    // Assess
    expect(output.$metadata.httpStatusCode).toBe(200);
    expect(output.LoggingConfiguration).toEqual({ EnableSIPLogs: true, EnableMediaMetricLogs: false });
    expect(read.LoggingConfiguration).toEqual({ EnableSIPLogs: true, EnableMediaMetricLogs: false });
    expect(chime.emulator.requestsFor('PutVoiceConnectorLoggingConfiguration')).toEqual([
      expect.objectContaining({
        method: 'PUT',
        path: `/voice-connectors/${SEED_BRANCH_OFFICES_CONNECTOR_ID}/logging-configuration`,
        body: { LoggingConfiguration: { EnableSIPLogs: true, EnableMediaMetricLogs: false } },
        status: 200,
      }),
    ]);
  });

  it('replaces the whole configuration: a flag left out is no longer set', async () => {
    // Act
    await chime.client.send(
      new PutVoiceConnectorLoggingConfigurationCommand({
        VoiceConnectorId: CONTACT_CENTER,
        LoggingConfiguration: { EnableSIPLogs: false },
      }),
    );

    // Assess
    expect(chime.emulator.getLoggingConfiguration(CONTACT_CENTER)).toEqual({ EnableSIPLogs: false });
  });

  it('refuses a put without LoggingConfiguration, or with a flag that is no boolean, as the model says', async () => {
    // Act
    const missing = await rejectionOf(
      chime.client.send(new PutVoiceConnectorLoggingConfigurationCommand(onContactCenter())),
    );
    const notBoolean = await rejectionOf(
      chime.client.send(
        new PutVoiceConnectorLoggingConfigurationCommand(
          onContactCenter({ LoggingConfiguration: { EnableSIPLogs: 'yes' } }),
        ),
      ),
    );

    // Assess
    expect(missing.name).toBe('BadRequestException');
    expect(missing.message).toBe(
      "1 validation error detected: Value at 'LoggingConfiguration' failed to satisfy constraint: Member must not be null",
    );
    expect(notBoolean.message).toBe(
      "1 validation error detected: Value at 'LoggingConfiguration.EnableSIPLogs' failed to satisfy constraint: Member must be a boolean",
    );
    expect(chime.emulator.getLoggingConfiguration(CONTACT_CENTER)).toEqual({
      EnableSIPLogs: true,
      EnableMediaMetricLogs: true,
    });
  });

  it('answers NotFoundException for a connector in another region', async () => {
    // Act
    const error = await rejectionOf(
      chime.client.send(
        new PutVoiceConnectorLoggingConfigurationCommand({
          VoiceConnectorId: SEED_LONDON_TRADING_CONNECTOR_ID,
          LoggingConfiguration: { EnableSIPLogs: true },
        }),
      ),
    );

    // Assess
    expect(error.name).toBe('NotFoundException');
  });
});
