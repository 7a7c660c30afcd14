import type { ChimeRegion } from './regions';

/**
 * The domain model of the Chime SDK Voice shapes this bot reads and changes, in our own words
 * (camelCase), independent of the AWS SDK's types. The adapter in `chime-voice-connectors.ts`
 * maps the wire shapes (validated by `model-schemas.ts`) to these.
 */

/** Which connector, in which region. Every Chime call is addressed this way. */
export interface VoiceConnectorRef {
  voiceConnectorId: string;
  region: ChimeRegion;
}

export interface VoiceConnectorSummary {
  voiceConnectorId: string;
  name?: string;
  region: ChimeRegion;
  outboundHostName?: string;
  requireEncryption?: boolean;
}

export interface Termination {
  cpsLimit?: number;
  /** The company's own number: shown in full. */
  defaultPhoneNumber?: string;
  callingRegions?: string[];
  cidrAllowedList?: string[];
  disabled?: boolean;
}

export interface ProxySettings {
  defaultSessionExpiryMinutes?: number;
  disabled?: boolean;
  /** The company's own number: shown in full. */
  fallBackPhoneNumber?: string;
  phoneNumberCountries?: string[];
}

export type ProxySessionStatus = 'Open' | 'InProgress' | 'Closed';
export type Capability = 'Voice' | 'SMS';

export interface ProxySessionParticipant {
  /** An end customer's number: masked wherever it is shown or recorded. */
  phoneNumber?: string;
  /** The proxy number (the company's own). */
  proxyPhoneNumber?: string;
}

export interface ProxySession {
  voiceConnectorId?: string;
  proxySessionId?: string;
  name?: string;
  status?: ProxySessionStatus;
  expiryMinutes?: number;
  capabilities?: Capability[];
  createdTimestamp?: Date;
  updatedTimestamp?: Date;
  endedTimestamp?: Date;
  participants?: ProxySessionParticipant[];
  numberSelectionBehavior?: 'PreferSticky' | 'AvoidSticky';
  geoMatchLevel?: 'Country' | 'AreaCode';
  geoMatchParams?: { country: string; areaCode: string };
}

export type OriginationProtocol = 'TCP' | 'UDP';

export interface OriginationRoute {
  host: string;
  port: number;
  protocol: OriginationProtocol;
  priority: number;
  weight: number;
}

export interface Origination {
  routes: OriginationRoute[];
  disabled: boolean;
}

/** A SIP digest credential. The password must never be logged, stored in clear, or shown. */
export interface TerminationCredential {
  username: string;
  password: string;
}
