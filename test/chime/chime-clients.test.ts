import {
  GetVoiceConnectorTerminationCommand,
  PutVoiceConnectorOriginationCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import {
  type ChimeEmulator,
  SEED_CONTACT_CENTER_CONNECTOR_ID,
  SEED_LONDON_TRADING_CONNECTOR_ID,
  startChimeEmulator,
} from '@chime-voice-ops/chime-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ChimeClients } from '../../src/chime/chime-clients';
import { rejectionOf } from '../support/unit-rejection';

const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

let emulator: ChimeEmulator;
const created: ChimeClients[] = [];

function newClients(options: ConstructorParameters<typeof ChimeClients>[0] = {}): ChimeClients {
  const clients = new ChimeClients({ credentials: CREDENTIALS, ...options });
  created.push(clients);
  return clients;
}

beforeAll(async () => {
  emulator = await startChimeEmulator();
});

afterEach(() => {
  for (const clients of created.splice(0)) clients.destroy();
  vi.unstubAllEnvs();
  emulator.reset();
});

afterAll(async () => {
  await emulator.close();
});

describe('ChimeClients', () => {
  it('creates one read and one write client per region, and reuses them', () => {
    // Prepare
    const clients = newClients();

    // Act
    const first = clients.readClient('us-east-1');
    const again = clients.readClient('us-east-1');
    const london = clients.readClient('eu-west-2');
    const writer = clients.writeClient('us-east-1');

    // Assess
    expect(again).toBe(first);
    expect(london).not.toBe(first);
    expect(writer).not.toBe(first);
    expect(clients.writeClient('us-east-1')).toBe(writer);
  });

  it('reaches the endpoint in AWS_ENDPOINT_URL_CHIME_SDK_VOICE with no code of ours', async () => {
    // Prepare
    vi.stubEnv('AWS_ENDPOINT_URL_CHIME_SDK_VOICE', emulator.url);
    const clients = newClients();

    // Act
    const output = await clients
      .readClient('us-east-1')
      .send(new GetVoiceConnectorTerminationCommand({ VoiceConnectorId: SEED_CONTACT_CENTER_CONNECTOR_ID }));

    // Assess
    expect(output.Termination?.CpsLimit).toBe(10);
    expect(emulator.requests).toHaveLength(1);
  });

  it("signs each region's requests for that region", async () => {
    // Prepare
    vi.stubEnv('AWS_ENDPOINT_URL_CHIME_SDK_VOICE', emulator.url);
    const clients = newClients();

    // Act
    await clients
      .readClient('eu-west-2')
      .send(new GetVoiceConnectorTerminationCommand({ VoiceConnectorId: SEED_LONDON_TRADING_CONNECTOR_ID }));

    // Assess
    expect(emulator.requests[0]?.region).toBe('eu-west-2');
  });

  it('retries a failing read up to three attempts in all', async () => {
    // Prepare
    vi.stubEnv('AWS_ENDPOINT_URL_CHIME_SDK_VOICE', emulator.url);
    emulator.failOperation('GetVoiceConnectorTermination', { errorName: 'ServiceUnavailableException' });
    const clients = newClients();

    // Act
    const error = await rejectionOf(
      clients
        .readClient('us-east-1')
        .send(new GetVoiceConnectorTerminationCommand({ VoiceConnectorId: SEED_CONTACT_CENTER_CONNECTOR_ID })),
    );

    // Assess
    expect(error.name).toBe('ServiceUnavailableException');
    expect(emulator.requestsFor('GetVoiceConnectorTermination')).toHaveLength(3);
  });

  it('sends a write once, even when it fails with a retryable error', async () => {
    // Prepare
    vi.stubEnv('AWS_ENDPOINT_URL_CHIME_SDK_VOICE', emulator.url);
    emulator.failOperation('PutVoiceConnectorOrigination', { errorName: 'ServiceUnavailableException' });
    const clients = newClients();

    // Act
    const error = await rejectionOf(
      clients.writeClient('us-east-1').send(
        new PutVoiceConnectorOriginationCommand({
          VoiceConnectorId: SEED_CONTACT_CENTER_CONNECTOR_ID,
          Origination: { Disabled: true },
        }),
      ),
    );

    // Assess
    expect(error.name).toBe('ServiceUnavailableException');
    expect(emulator.requestsFor('PutVoiceConnectorOrigination')).toHaveLength(1);
  });

  it('gives up on a request that takes longer than the request timeout', async () => {
    // Prepare
    vi.stubEnv('AWS_ENDPOINT_URL_CHIME_SDK_VOICE', emulator.url);
    emulator.setLatency('*', 3_000);
    const clients = newClients({ requestTimeoutMs: 100, readMaxAttempts: 1 });

    // Act
    const error = await rejectionOf(
      clients
        .readClient('us-east-1')
        .send(new GetVoiceConnectorTerminationCommand({ VoiceConnectorId: SEED_CONTACT_CENTER_CONNECTOR_ID })),
    );

    // Assess
    expect(error.name).toBe('TimeoutError');
  });
});
