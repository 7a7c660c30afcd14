import { z } from 'zod';
import type { JsonValue } from '../../audit/audit-entry';
import type { ChangeKind } from '../../changes/change-kind';
import type { Risk } from '../../changes/change-risk';
import { canonicalHash } from '../../changes/snapshot';
import { type Origination, type OriginationRoute, OriginationSchema } from '../../chime/voice-connector';
import { diffOrigination } from './origination-diff';

/** What an origination change keeps of the connector, and what it proposes: the whole origination. */
export const OriginationChangeSchema = z.object({ kind: z.literal('origination'), origination: OriginationSchema });
export type OriginationChange = z.infer<typeof OriginationChangeSchema>;

/**
 * Origination routes as a change kind: PutVoiceConnectorOrigination replaces the whole route list
 * and the Disabled setting. Route order carries no meaning for Chime (priority and weight do), so
 * routes are compared as a set; hosts case-insensitively, as DNS names are.
 */
export const originationChange: ChangeKind<OriginationChange, OriginationChange, Origination> = {
  name: 'origination',
  noun: 'origination',
  chimeActions: ['GetVoiceConnectorOrigination', 'PutVoiceConnectorOrigination'],
  readAction: 'read.origination',
  schemas: { snapshot: OriginationChangeSchema, proposal: OriginationChangeSchema, after: OriginationSchema },

  async read(voiceConnectors, ref) {
    return { kind: 'origination', origination: await voiceConnectors.getOrigination(ref) };
  },
  hash: (snapshot) => originationHash(snapshot.origination),
  nothingToChange: (before, proposal) =>
    sameOrigination(before.origination, proposal.origination)
      ? 'Nothing to change: the routes and the Disabled setting are the same as now.'
      : undefined,
  apply: (voiceConnectors, ref, { proposal }) => voiceConnectors.putOrigination(ref, proposal.origination),
  appliedIn: (current, _before, proposal) => sameOrigination(current.origination, proposal.origination),
  assessRisks: async (_voiceConnectors, _ref, before, proposal) =>
    originationRisks(before.origination, proposal.origination),

  auditSnapshot: (snapshot) => auditOrigination(snapshot.origination),
  auditProposal: (_before, proposal) => auditOrigination(proposal.origination),
  auditOutcome: (_before, proposal, after) => auditOrigination(after ?? proposal.origination),
  revertProposal(auditedBefore) {
    const parsed = z.object({ origination: OriginationSchema }).safeParse(auditedBefore);
    return parsed.success ? { kind: 'origination', origination: parsed.data.origination } : undefined;
  },
};

/**
 * The guardrails of an origination change: turning origination off refuses every inbound call
 * (high); a route removed takes an SBC out of the rotation (warning).
 */
export function originationRisks(before: Origination, after: Origination): Risk[] {
  const diff = diffOrigination(before, after);
  const risks: Risk[] = [];
  if (diff.disabled?.to === true) {
    risks.push({
      code: 'inbound-outage',
      level: 'high',
      summary: 'Origination would be disabled: all inbound calls are refused.',
    });
  }
  if (diff.removed.length > 0) {
    const hosts = diff.removed.map((route) => `${route.host}:${route.port}`).join(', ');
    risks.push({
      code: 'route-removed',
      level: 'warning',
      summary: `${diff.removed.length === 1 ? 'A route would be removed' : `${diff.removed.length} routes would be removed`} (${hosts}): inbound calls no longer reach ${diff.removed.length === 1 ? 'it' : 'them'}.`,
    });
  }
  return risks;
}

export function normaliseOrigination(origination: Origination): Origination {
  const routes = origination.routes
    .map((route) => ({ ...route, host: route.host.trim().toLowerCase() }))
    .sort(compareRoutes);
  return { routes, disabled: origination.disabled };
}

function compareRoutes(a: OriginationRoute, b: OriginationRoute): number {
  return (
    a.priority - b.priority ||
    a.weight - b.weight ||
    a.host.localeCompare(b.host) ||
    a.port - b.port ||
    a.protocol.localeCompare(b.protocol)
  );
}

export function originationHash(origination: Origination): string {
  return canonicalHash(normaliseOrigination(origination));
}

export function sameOrigination(a: Origination, b: Origination): boolean {
  return originationHash(a) === originationHash(b);
}

function auditOrigination(origination: Origination): JsonValue {
  return { origination } as unknown as JsonValue;
}
