import { EMULATOR_ACCOUNT_ID, type EmulatorSeed } from '@chime-voice-ops/chime-emulator';

/** The ID of the fleet's `index`th connector: 22 lower-case letters and digits, as Chime's are. */
export function fleetConnectorId(index: number): string {
  return `fleet${String(index).padStart(5, '0')}${'x'.repeat(12)}`;
}

/**
 * A seed of `count` connectors in us-east-1, each with termination, origination, a username and
 * logging, for drift checks at scale (the e2e test and `npm run bench`).
 */
export function connectorFleet(count: number): EmulatorSeed {
  return {
    VoiceConnectors: Array.from({ length: count }, (_, index) => {
      const id = fleetConnectorId(index);
      const created = '2025-01-01T00:00:00.000Z';
      return {
        VoiceConnector: {
          VoiceConnectorId: id,
          AwsRegion: 'us-east-1',
          Name: `Fleet ${index}`,
          OutboundHostName: `${id}.voiceconnector.chime.aws`,
          RequireEncryption: true,
          CreatedTimestamp: created,
          UpdatedTimestamp: created,
          VoiceConnectorArn: `arn:aws:chime:us-east-1:${EMULATOR_ACCOUNT_ID}:vc/${id}`,
        },
        Termination: {
          CpsLimit: 5,
          CallingRegions: ['US'],
          CidrAllowedList: [`198.51.100.${index % 250}/32`],
          Disabled: false,
        },
        Origination: {
          Routes: [{ Host: `pbx${index}.fleet.example.com`, Port: 5060, Protocol: 'UDP', Priority: 1, Weight: 10 }],
          Disabled: false,
        },
        Credentials: [{ Username: `pbx-${index}`, Password: `fleet-${index}-secret` }],
        LoggingConfiguration: { EnableSIPLogs: true, EnableMediaMetricLogs: false },
      };
    }),
  };
}
