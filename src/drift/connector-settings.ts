import { z } from 'zod';
import { canonicalHash } from '../changes/snapshot';
import type { VoiceConnectorRef } from '../chime/voice-connector';
import { OriginationSchema } from '../chime/voice-connector';
import type { VoiceConnectors } from '../chime/voice-connectors';
import { getLoggingConfiguration } from '../operations/health/health-calls';
import { normaliseOrigination } from '../operations/origination/origination-change';
import { terminationSettings } from '../operations/termination-change/termination-change';
import { TerminationSettingsSchema } from '../operations/termination-change/termination-rules';

/**
 * What drift detection watches on a connector: the settings someone with console or CLI access
 * can change behind the bot's back. Passwords cannot be read back, so credentials are their
 * usernames only (a password changed on an existing username is invisible to every read).
 *
 * @example
 * {
 *   "origination": { "routes": [{ "host": "sbc1.example.com", "port": 5060, "protocol": "UDP", "priority": 1, "weight": 10 }], "disabled": false },
 *   "termination": { "cpsLimit": 10, "callingRegions": ["US"], "cidrAllowedList": ["198.51.100.0/27"], "disabled": false },
 *   "credentials": { "usernames": ["pbx-main"] },
 *   "logging": { "sipLogs": true, "mediaMetricLogs": false }
 * }
 */
export const ConnectorSettingsSchema = z.object({
  origination: OriginationSchema,
  termination: TerminationSettingsSchema,
  credentials: z.object({ usernames: z.array(z.string()) }),
  logging: z.object({ sipLogs: z.boolean(), mediaMetricLogs: z.boolean() }),
});
export type ConnectorSettings = z.infer<typeof ConnectorSettingsSchema>;

export const DRIFT_SECTIONS = ['origination', 'termination', 'credentials', 'logging'] as const;
export type DriftSection = (typeof DRIFT_SECTIONS)[number];

/** The Chime calls one full read makes: one per section. */
export const CHIME_CALLS_PER_READ = DRIFT_SECTIONS.length;

/** Reads one section; every call goes through `call`, which may pace it and retry it. */
export async function readSection<S extends DriftSection>(
  voiceConnectors: VoiceConnectors,
  ref: VoiceConnectorRef,
  section: S,
): Promise<ConnectorSettings[S]> {
  switch (section) {
    case 'origination':
      return (await voiceConnectors.getOrigination(ref)) as ConnectorSettings[S];
    case 'termination':
      return terminationSettings(await voiceConnectors.getTermination(ref)) as ConnectorSettings[S];
    case 'credentials':
      return { usernames: await voiceConnectors.listTerminationCredentialUsernames(ref) } as ConnectorSettings[S];
    default:
      return (await getLoggingConfiguration(voiceConnectors, ref)) as ConnectorSettings[S];
  }
}

/**
 * Every section, one Chime call each, in order; `call` wraps each read (the check paces and
 * retries them there).
 */
export async function readConnectorSettings(
  voiceConnectors: VoiceConnectors,
  ref: VoiceConnectorRef,
  call: <T>(section: DriftSection, read: () => Promise<T>) => Promise<T> = (_section, read) => read(),
): Promise<ConnectorSettings> {
  const settings: Partial<Record<DriftSection, unknown>> = {};
  for (const section of DRIFT_SECTIONS) {
    settings[section] = await call(section, () => readSection(voiceConnectors, ref, section));
  }
  return settings as ConnectorSettings;
}

/** A section as compared: what carries no meaning for Chime (order, case of hosts and countries) taken out. */
function comparable(section: DriftSection, settings: ConnectorSettings): unknown {
  switch (section) {
    case 'origination':
      return normaliseOrigination(settings.origination);
    case 'termination': {
      const termination = settings.termination;
      return {
        cpsLimit: termination.cpsLimit ?? null,
        defaultPhoneNumber: termination.defaultPhoneNumber ?? null,
        callingRegions: termination.callingRegions.map((code) => code.toUpperCase()).sort(),
        cidrAllowedList: [...termination.cidrAllowedList].sort(),
        disabled: termination.disabled,
      };
    }
    case 'credentials':
      return [...settings.credentials.usernames].sort();
    default:
      return settings.logging;
  }
}

export function sectionHash(section: DriftSection, settings: ConnectorSettings): string {
  return canonicalHash(comparable(section, settings));
}

/** The sections in which `current` differs from `baseline`, in {@link DRIFT_SECTIONS} order. */
export function differingSections(baseline: ConnectorSettings, current: ConnectorSettings): DriftSection[] {
  return DRIFT_SECTIONS.filter((section) => sectionHash(section, baseline) !== sectionHash(section, current));
}

/**
 * The identity of a drift: which sections differ and what they show now. The same drift found
 * again hashes the same (never alerted twice); a drift that changes further hashes differently.
 */
export function driftHash(current: ConnectorSettings, sections: readonly DriftSection[]): string {
  return canonicalHash(Object.fromEntries(sections.map((section) => [section, comparable(section, current)])));
}

/** Only the given sections of `settings`. */
export function pickSections(
  settings: ConnectorSettings,
  sections: readonly DriftSection[],
): Partial<ConnectorSettings> {
  return Object.fromEntries(sections.map((section) => [section, settings[section]])) as Partial<ConnectorSettings>;
}
