import type { EmulatorSeed, SeedTerminationHealth, SeedVoiceConnector } from './emulator-seed';
import type { StoredVoiceConnectorDescription } from './emulator-state';
import type { ModelValue } from './model-shapes';

/**
 * The emulator's default account: three connectors in two regions, with fixed IDs that docs and
 * tests cite. Phone numbers are from the ranges kept for fiction (NANP 555-01xx, Ofcom 020 7946 0xxx);
 * addresses are documentation ranges (RFC 5737) and `example.com` hosts.
 */

/**
 * us-east-1: termination, two origination routes to SBCs, proxy settings and three proxy sessions;
 * a PBX pinging every 30 seconds from inside the allow list; SIP and media-metric logs on.
 */
export const SEED_CONTACT_CENTER_CONNECTOR_ID = 'dx4h2k8m1p7q3r9s5t0v6w';
/** us-east-1: termination disabled, origination disabled; last ping hours old; logging never configured. */
export const SEED_BRANCH_OFFICES_CONNECTOR_ID = 'b7n3c9x1z5l2j8g4f6d0aa';
/**
 * eu-west-2: termination and one origination route, no proxy; pings every minute from an address
 * outside its allow list; SIP logs on, media-metric logs off.
 */
export const SEED_LONDON_TRADING_CONNECTOR_ID = 'e2r8t4y6u0i3o9p1a5s7dk';

export const SEED_CONTACT_CENTER_REGION = 'us-east-1';
export const SEED_BRANCH_OFFICES_REGION = 'us-east-1';
export const SEED_LONDON_TRADING_REGION = 'eu-west-2';

/** An open session on the contact-center connector. */
export const SEED_OPEN_PROXY_SESSION_ID = '6b1f3c2e-8a4d-4f7b-9c1e-2d5a7b9c0e14';
/** A session in progress on the contact-center connector. */
export const SEED_IN_PROGRESS_PROXY_SESSION_ID = '0c9e7a5b-3d1f-4e2a-8b6c-4f8d2a0e6c31';
/** A closed session on the contact-center connector. */
export const SEED_CLOSED_PROXY_SESSION_ID = 'a4d2f6b8-1c3e-4a5f-9d7b-8e0c2f4a6b53';

/**
 * Where each seeded connector's last SIP OPTIONS ping came from. The contact center's PBX pings every
 * {@link SEED_CONTACT_CENTER_PING_INTERVAL_SECONDS} seconds from inside its allow list; the branch
 * offices' PBX went quiet {@link SEED_BRANCH_OFFICES_PING_AGE_SECONDS} seconds before the seed was
 * loaded; London's SBC pings from an address just outside its allow list (`203.0.113.128/26`), as
 * after a renumbering nobody told the allow list about.
 */
export const SEED_CONTACT_CENTER_PING_SOURCE = '198.51.100.10:5061';
export const SEED_CONTACT_CENTER_PING_INTERVAL_SECONDS = 30;
export const SEED_BRANCH_OFFICES_PING_SOURCE = '192.0.2.66:5060';
export const SEED_BRANCH_OFFICES_PING_AGE_SECONDS = 3 * 3600 + 17 * 60;
export const SEED_LONDON_TRADING_PING_SOURCE = '203.0.113.200:5061';
export const SEED_LONDON_TRADING_PING_INTERVAL_SECONDS = 60;

/** The proxy number the emulator gives participants (the company's own). */
export const EMULATOR_PROXY_PHONE_NUMBER = '+12065550150';

/** The emulator's one AWS account: the connectors' ARNs, CloudTrail's `recipientAccountId`, synthetic users. */
export const EMULATOR_ACCOUNT_ID = '123456789012';

type SeedRegion = typeof SEED_CONTACT_CENTER_REGION | typeof SEED_LONDON_TRADING_REGION;
type SeedProxySession = NonNullable<SeedVoiceConnector['ProxySessions']>[number];

/** A seeded connector as the table below writes it; {@link seededConnector} spells it out in the seed's wire shapes. */
interface SeededConnector {
  voiceConnector: StoredVoiceConnectorDescription;
  termination: Omit<ModelValue<'Termination'>, 'Disabled'>;
  routes: ModelValue<'OriginationRoute'>[];
  /** Termination and origination are both on, or (the branch offices) both off. */
  enabled: boolean;
  proxy?: ModelValue<'Proxy'>;
  proxySessions?: SeedProxySession[];
  /** Username to password. */
  credentials: Record<string, string>;
  terminationHealth: SeedTerminationHealth;
  loggingConfiguration?: ModelValue<'LoggingConfiguration'>;
  /** Tag key to value. */
  tags: Record<string, string>;
}

function describe(
  id: string,
  region: SeedRegion,
  name: string,
  createdTimestamp: string,
): StoredVoiceConnectorDescription {
  return {
    VoiceConnectorId: id,
    AwsRegion: region,
    Name: name,
    OutboundHostName: `${id}.voiceconnector.chime.aws`,
    RequireEncryption: true,
    CreatedTimestamp: createdTimestamp,
    UpdatedTimestamp: createdTimestamp,
    VoiceConnectorArn: `arn:aws:chime:${region}:${EMULATOR_ACCOUNT_ID}:vc/${id}`,
    NetworkType: 'IPV4_ONLY' as const,
  };
}

/** A session's participants, each given {@link EMULATOR_PROXY_PHONE_NUMBER} as its proxy number. */
function proxied(...phoneNumbers: string[]): ModelValue<'Participant'>[] {
  return phoneNumbers.map((PhoneNumber) => ({ PhoneNumber, ProxyPhoneNumber: EMULATOR_PROXY_PHONE_NUMBER }));
}

function seededConnector(connector: SeededConnector): SeedVoiceConnector {
  const { enabled, proxy, proxySessions, loggingConfiguration } = connector;
  return {
    VoiceConnector: connector.voiceConnector,
    Termination: { ...connector.termination, Disabled: !enabled },
    Origination: { Routes: connector.routes, Disabled: !enabled },
    ...(proxy === undefined ? {} : { Proxy: proxy }),
    ...(proxySessions === undefined ? {} : { ProxySessions: proxySessions }),
    Credentials: Object.entries(connector.credentials).map(([Username, Password]) => ({ Username, Password })),
    TerminationHealth: connector.terminationHealth,
    ...(loggingConfiguration === undefined ? {} : { LoggingConfiguration: loggingConfiguration }),
    Tags: Object.entries(connector.tags).map(([Key, Value]) => ({ Key, Value })),
  };
}

const SEEDED_CONNECTORS: SeededConnector[] = [
  {
    voiceConnector: describe(
      SEED_CONTACT_CENTER_CONNECTOR_ID,
      SEED_CONTACT_CENTER_REGION,
      'Contact Center US East',
      '2024-03-04T09:15:00.000Z',
    ),
    termination: {
      CpsLimit: 10,
      DefaultPhoneNumber: '+12065550100',
      CallingRegions: ['US', 'CA'],
      CidrAllowedList: ['198.51.100.0/27', '203.0.113.16/28'],
    },
    routes: [
      { Host: 'sbc1.contact-center.example.com', Port: 5061, Protocol: 'TCP', Priority: 1, Weight: 50 },
      { Host: 'sbc2.contact-center.example.com', Port: 5061, Protocol: 'TCP', Priority: 1, Weight: 50 },
    ],
    enabled: true,
    proxy: {
      DefaultSessionExpiryMinutes: 60,
      Disabled: false,
      FallBackPhoneNumber: '+12065550199',
      PhoneNumberCountries: ['US'],
    },
    proxySessions: [
      {
        ProxySessionId: SEED_OPEN_PROXY_SESSION_ID,
        Name: 'Order 1042',
        Status: 'Open',
        ExpiryMinutes: 60,
        Capabilities: ['Voice', 'SMS'],
        CreatedTimestamp: '2024-05-01T12:34:56.789Z',
        UpdatedTimestamp: '2024-05-01T12:34:56.789Z',
        Participants: proxied('+12065550123', '+14255550111'),
        NumberSelectionBehavior: 'PreferSticky',
        GeoMatchLevel: 'Country',
        GeoMatchParams: { Country: 'US', AreaCode: '' },
      },
      {
        ProxySessionId: SEED_IN_PROGRESS_PROXY_SESSION_ID,
        Name: 'Delivery 2291',
        Status: 'InProgress',
        ExpiryMinutes: 30,
        Capabilities: ['Voice'],
        CreatedTimestamp: '2024-05-02T08:00:00.000Z',
        UpdatedTimestamp: '2024-05-02T08:05:12.000Z',
        Participants: proxied('+12065550142', '+13125550187'),
        NumberSelectionBehavior: 'AvoidSticky',
        GeoMatchLevel: 'AreaCode',
        GeoMatchParams: { Country: 'US', AreaCode: '206' },
      },
      {
        ProxySessionId: SEED_CLOSED_PROXY_SESSION_ID,
        Name: 'Return 0007',
        Status: 'Closed',
        ExpiryMinutes: 15,
        Capabilities: ['SMS'],
        CreatedTimestamp: '2024-04-20T16:45:00.000Z',
        UpdatedTimestamp: '2024-04-20T17:00:00.000Z',
        EndedTimestamp: '2024-04-20T17:00:00.000Z',
        Participants: proxied('+16175550164', '+12065550176'),
        NumberSelectionBehavior: 'PreferSticky',
      },
    ],
    credentials: { 'sbc-primary': 'seed-only-primary-9f2c', 'sbc-backup': 'seed-only-backup-4d7e' },
    terminationHealth: {
      Source: SEED_CONTACT_CENTER_PING_SOURCE,
      EverySeconds: SEED_CONTACT_CENTER_PING_INTERVAL_SECONDS,
    },
    loggingConfiguration: { EnableSIPLogs: true, EnableMediaMetricLogs: true },
    tags: { Environment: 'prod', Team: 'contact-centre' },
  },
  {
    voiceConnector: describe(
      SEED_BRANCH_OFFICES_CONNECTOR_ID,
      SEED_BRANCH_OFFICES_REGION,
      'Branch Offices US East',
      '2024-03-11T14:02:30.000Z',
    ),
    termination: {
      CpsLimit: 1,
      DefaultPhoneNumber: '+13125550100',
      CallingRegions: ['US'],
      CidrAllowedList: ['192.0.2.64/29'],
    },
    routes: [{ Host: '192.0.2.70', Port: 5060, Protocol: 'UDP', Priority: 1, Weight: 100 }],
    enabled: false,
    credentials: { 'branch-pbx': 'seed-only-branch-1a8b' },
    terminationHealth: { Source: SEED_BRANCH_OFFICES_PING_SOURCE, SecondsAgo: SEED_BRANCH_OFFICES_PING_AGE_SECONDS },
    tags: { Environment: 'branch' },
  },
  {
    voiceConnector: describe(
      SEED_LONDON_TRADING_CONNECTOR_ID,
      SEED_LONDON_TRADING_REGION,
      'London Trading Floor',
      '2024-02-19T08:30:00.000Z',
    ),
    termination: {
      CpsLimit: 5,
      DefaultPhoneNumber: '+442079460123',
      CallingRegions: ['GB', 'IE'],
      CidrAllowedList: ['203.0.113.128/26'],
    },
    routes: [{ Host: 'sbc.london-trading.example.com', Port: 5061, Protocol: 'TCP', Priority: 1, Weight: 100 }],
    enabled: true,
    credentials: { 'london-sbc': 'seed-only-london-6c3f' },
    terminationHealth: {
      Source: SEED_LONDON_TRADING_PING_SOURCE,
      EverySeconds: SEED_LONDON_TRADING_PING_INTERVAL_SECONDS,
    },
    loggingConfiguration: { EnableSIPLogs: true, EnableMediaMetricLogs: false },
    tags: { Environment: 'prod', Team: 'trading' },
  },
];

export const DEFAULT_SEED: EmulatorSeed = { VoiceConnectors: SEEDED_CONNECTORS.map(seededConnector) };
