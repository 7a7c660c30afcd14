import { z } from 'zod';
import type { JsonValue } from '../../audit/audit-entry';
import type { ChangeKind } from '../../changes/change-kind';
import { canonicalHash } from '../../changes/snapshot';
import type { Termination } from '../../chime/voice-connector';
import { getTerminationHealth } from '../health/health-calls';
import { putTermination } from './put-termination';
import { terminationRisks } from './termination-risks';
import { type TerminationSettings, TerminationSettingsSchema } from './termination-rules';

/** What a termination change keeps of the connector and proposes: the whole termination setting. */
export const TerminationChangeSchema = z.object({
  kind: z.literal('termination'),
  termination: TerminationSettingsSchema,
});
export type TerminationChange = z.infer<typeof TerminationChangeSchema>;

/**
 * Termination as a change kind: PutVoiceConnectorTermination replaces the whole setting (who may
 * send calls, where they may call, how fast, the caller ID, and whether outbound calling works at
 * all), so the Put carries every field. Calling regions and CIDR blocks are compared as sets.
 */
export const terminationChange: ChangeKind<TerminationChange, TerminationChange, TerminationSettings> = {
  name: 'termination',
  noun: 'termination',
  chimeActions: ['GetVoiceConnectorTermination', 'GetVoiceConnectorTerminationHealth', 'PutVoiceConnectorTermination'],
  readAction: 'read.termination',
  schemas: { snapshot: TerminationChangeSchema, proposal: TerminationChangeSchema, after: TerminationSettingsSchema },

  async read(voiceConnectors, ref) {
    return { kind: 'termination', termination: terminationSettings(await voiceConnectors.getTermination(ref)) };
  },
  hash: (snapshot) => terminationHash(snapshot.termination),
  nothingToChange: (before, proposal) =>
    terminationHash(before.termination) === terminationHash(proposal.termination)
      ? 'Nothing to change: the termination settings are the same as now.'
      : undefined,
  async apply(voiceConnectors, ref, { proposal }) {
    return terminationSettings(await putTermination(voiceConnectors, ref, proposal.termination));
  },
  appliedIn: (current, _before, proposal) =>
    terminationHash(current.termination) === terminationHash(proposal.termination),
  async assessRisks(voiceConnectors, ref, before, proposal) {
    // A ping that cannot be read is no ping: the lock-out check needs one to say anything.
    const health = await getTerminationHealth(voiceConnectors, ref).catch(() => undefined);
    return terminationRisks(before.termination, proposal.termination, health);
  },

  auditSnapshot: (snapshot) => auditTermination(snapshot.termination),
  auditProposal: (_before, proposal) => auditTermination(proposal.termination),
  auditOutcome: (_before, proposal, after) => auditTermination(after ?? proposal.termination),
  revertProposal(auditedBefore) {
    const parsed = z.object({ termination: TerminationSettingsSchema }).safeParse(auditedBefore);
    return parsed.success ? { kind: 'termination', termination: parsed.data.termination } : undefined;
  },
};

/** What Chime returned, as the change compares it: absent lists are empty, absent Disabled is off. */
export function terminationSettings(termination: Termination): TerminationSettings {
  return {
    ...(termination.cpsLimit !== undefined ? { cpsLimit: termination.cpsLimit } : {}),
    ...(termination.defaultPhoneNumber ? { defaultPhoneNumber: termination.defaultPhoneNumber } : {}),
    callingRegions: termination.callingRegions ?? [],
    cidrAllowedList: termination.cidrAllowedList ?? [],
    disabled: termination.disabled ?? false,
  };
}

export function terminationHash(settings: TerminationSettings): string {
  return canonicalHash({
    cpsLimit: settings.cpsLimit ?? null,
    defaultPhoneNumber: settings.defaultPhoneNumber ?? null,
    callingRegions: settings.callingRegions.map((code) => code.toUpperCase()).sort(),
    cidrAllowedList: [...settings.cidrAllowedList].sort(),
    disabled: settings.disabled,
  });
}

function auditTermination(termination: TerminationSettings): JsonValue {
  return { termination } as unknown as JsonValue;
}
