import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateVoiceConnectorCommand,
  GetVoiceConnectorOriginationCommand,
  GetVoiceConnectorTerminationHealthCommand,
  ListVoiceConnectorTerminationCredentialsCommand,
  PutVoiceConnectorLoggingConfigurationCommand,
  PutVoiceConnectorOriginationCommand,
  PutVoiceConnectorTerminationCredentialsCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ChimeEmulator, type ChimeEmulatorOptions, startChimeEmulator } from '../src/chime-emulator';
import { SEED_BRANCH_OFFICES_CONNECTOR_ID } from '../src/seed';
import { STATE_FILE_FORMAT } from '../src/state-file';
import { chimeClientFor } from './chime-test-client';
import { CONTACT_CENTER } from './support/seed-fixtures';

let directory: string;
let stateFile: string;
const running: ChimeEmulator[] = [];

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'chime-emulator-state-'));
  stateFile = join(directory, 'data', 'chime-emulator.json');
});

afterEach(async () => {
  for (const emulator of running.splice(0)) await emulator.close();
  rmSync(directory, { recursive: true, force: true });
});

async function start(options: ChimeEmulatorOptions = {}): Promise<ChimeEmulator> {
  const emulator = await startChimeEmulator({ stateFile, ...options });
  running.push(emulator);
  return emulator;
}

async function restart(emulator: ChimeEmulator, options: ChimeEmulatorOptions = {}): Promise<ChimeEmulator> {
  await emulator.close();
  running.splice(running.indexOf(emulator), 1);
  return start(options);
}

function savedFile(): { format: string; state: { VoiceConnectors: unknown[] }; changes: unknown[] } {
  return JSON.parse(readFileSync(stateFile, 'utf8'));
}

describe('the state file', () => {
  it('keeps connectors, credentials, pings, logging and the change record across a restart', async () => {
    // Prepare
    const first = await start();
    const client = chimeClientFor(first);
    await client.send(
      new PutVoiceConnectorOriginationCommand({ VoiceConnectorId: CONTACT_CENTER, Origination: { Disabled: true } }),
    );
    await client.send(
      new PutVoiceConnectorTerminationCredentialsCommand({
        VoiceConnectorId: CONTACT_CENTER,
        Credentials: [{ Username: 'sbc-restart', Password: 'kept-across-restarts-3e8b' }],
      }),
    );
    await client.send(
      new PutVoiceConnectorLoggingConfigurationCommand({
        VoiceConnectorId: CONTACT_CENTER,
        LoggingConfiguration: { EnableSIPLogs: false, EnableMediaMetricLogs: false },
      }),
    );
    const created = await client.send(new CreateVoiceConnectorCommand({ Name: 'Survivor', RequireEncryption: true }));
    const createdId = created.VoiceConnector?.VoiceConnectorId ?? '';
    first.setTerminationHealth(createdId, { Source: '192.0.2.44:5060', Timestamp: '2026-11-30T23:59:59.000Z' });
    const branchPing = first.getTerminationHealth(SEED_BRANCH_OFFICES_CONNECTOR_ID);
    client.destroy();

    // Act
    const second = await restart(first);
    const after = chimeClientFor(second);
    const origination = await after.send(new GetVoiceConnectorOriginationCommand({ VoiceConnectorId: CONTACT_CENTER }));
    const usernames = await after.send(
      new ListVoiceConnectorTerminationCredentialsCommand({ VoiceConnectorId: CONTACT_CENTER }),
    );
    const ping = await after.send(new GetVoiceConnectorTerminationHealthCommand({ VoiceConnectorId: createdId }));
    const trail = new CloudTrailClient({
      region: 'us-east-1',
      endpoint: second.url,
      credentials: { accessKeyId: 'reader', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    const events = await trail.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'chime.amazonaws.com' }],
      }),
    );
    after.destroy();
    trail.destroy();

    // Assess
    expect(origination.Origination).toEqual({ Disabled: true });
    expect(usernames.Usernames).toEqual(['sbc-primary', 'sbc-backup', 'sbc-restart']);
    expect(second.hasCredential(CONTACT_CENTER, 'sbc-restart', 'kept-across-restarts-3e8b')).toBe(true);
    expect(second.getLoggingConfiguration(CONTACT_CENTER)).toEqual({
      EnableSIPLogs: false,
      EnableMediaMetricLogs: false,
    });
    expect(second.getVoiceConnector(createdId)?.Name).toBe('Survivor');
    expect(ping.TerminationHealth).toEqual({
      Timestamp: new Date('2026-11-30T23:59:59.000Z'),
      Source: '192.0.2.44:5060',
    });
    expect(second.getTerminationHealth(SEED_BRANCH_OFFICES_CONNECTOR_ID)).toEqual(branchPing);
    expect(events.Events?.map((event) => event.EventName)).toEqual([
      'CreateVoiceConnector',
      'PutVoiceConnectorLoggingConfiguration',
      'PutVoiceConnectorTerminationCredentials',
      'PutVoiceConnectorOrigination',
    ]);
    expect(second.recordedChanges).toHaveLength(4);
  });

  it('writes the seed at start when there is no file yet, creating its directory, readable by its owner only', async () => {
    // Act
    await start();

    // Assess
    const saved = savedFile();
    expect(saved.format).toBe(STATE_FILE_FORMAT);
    expect(saved.state.VoiceConnectors).toHaveLength(3);
    expect(saved.changes).toEqual([]);
    expect(statSync(stateFile).mode & 0o777).toBe(0o600);
  });

  it('rewrites the file after every change, before the caller is answered, leaving no temporary file', async () => {
    // Prepare
    const emulator = await start();
    const client = chimeClientFor(emulator);

    // Act
    await client.send(
      new PutVoiceConnectorOriginationCommand({ VoiceConnectorId: CONTACT_CENTER, Origination: { Disabled: true } }),
    );
    const afterPut = savedFile();
    emulator.setTerminationHealth(CONTACT_CENTER, undefined);
    const afterPing = savedFile();
    client.destroy();

    // Assess
    expect(afterPut.changes).toHaveLength(1);
    expect(JSON.stringify(afterPut.state)).toContain('"Origination":{"Disabled":true}');
    expect(JSON.stringify(afterPing.state)).not.toContain('198.51.100.10:5061');
    expect(readdirSync(join(directory, 'data'))).toEqual(['chime-emulator.json']);
  });

  it('does not write for a read', async () => {
    // Prepare
    const emulator = await start();
    const client = chimeClientFor(emulator);
    const before = readFileSync(stateFile, 'utf8');

    // Act
    await client.send(new GetVoiceConnectorOriginationCommand({ VoiceConnectorId: CONTACT_CENTER }));
    client.destroy();

    // Assess
    expect(readFileSync(stateFile, 'utf8')).toBe(before);
  });

  it('starts from the file rather than the seed, and goes back to the seed on reset', async () => {
    // Prepare
    const first = await start({ seed: 'none' });
    first.seed('default');
    const second = await restart(first, { seed: 'none' });

    // Act
    const fromFile = second.listVoiceConnectorIds();
    second.reset();
    const afterReset = second.listVoiceConnectorIds();

    // Assess
    expect(fromFile).toHaveLength(3);
    expect(afterReset).toEqual([]);
    expect(savedFile().state.VoiceConnectors).toEqual([]);
  });

  it('refuses to start from a file it did not write, and leaves that file alone', async () => {
    // Prepare
    await start();
    await running.splice(0)[0]?.close();
    writeFileSync(
      stateFile,
      JSON.stringify({ format: STATE_FILE_FORMAT, version: 1, state: { VoiceConnectors: 'x' } }),
    );
    const damaged = readFileSync(stateFile, 'utf8');

    // Act
    const attempt = startChimeEmulator({ stateFile });

    // Assess
    await expect(attempt).rejects.toThrow(`The emulator's state file ${stateFile} is not one it wrote:`);
    expect(readFileSync(stateFile, 'utf8')).toBe(damaged);
  });

  it('refuses a file that is not JSON', async () => {
    // Prepare
    writeFileSync(join(directory, 'broken.json'), '{"format":');

    // Act
    const attempt = startChimeEmulator({ stateFile: join(directory, 'broken.json') });

    // Assess
    await expect(attempt).rejects.toThrow(/is not JSON/);
  });
});
