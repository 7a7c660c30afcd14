import { z } from 'zod';
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

/**
 * The origination shapes are declared once, here, as zod schemas: the job payloads, the change
 * table's items and the change kind all derive from them. Bounds are the form's job (see the
 * origination change kind); these say only what a stored or queued value must look like.
 */
export const OriginationRouteSchema = z.object({
  host: z.string(),
  port: z.number().int(),
  protocol: z.enum(['TCP', 'UDP']),
  priority: z.number().int(),
  weight: z.number().int(),
});
export type OriginationRoute = z.infer<typeof OriginationRouteSchema>;
export type OriginationProtocol = OriginationRoute['protocol'];

export const OriginationSchema = z.object({ routes: z.array(OriginationRouteSchema), disabled: z.boolean() });
export type Origination = z.infer<typeof OriginationSchema>;

/** A SIP digest credential. The password must never be logged, stored in clear, or shown. */
export const TerminationCredentialSchema = z.object({ username: z.string(), password: z.string() });
export type TerminationCredential = z.infer<typeof TerminationCredentialSchema>;
