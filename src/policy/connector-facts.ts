import { ChimeError, ChimeErrorCode } from '../chime/chime-errors';
import type { VoiceConnectorRef } from '../chime/voice-connector';
import type { VoiceConnectors } from '../chime/voice-connectors';
import type { ApprovalPolicy, PolicyRule } from './approval-policy';
import { readConnectorTags } from './connector-tags';
import { globMatches, policyNeeds } from './policy-rules';

/** A fact read from Chime, or why it could not be read. */
export type Learnt<T> = { value: T } | { unreadable: string; cause: unknown };

/** A connector's name and tags, each read only when some rule of the policy matches on it. */
export interface ConnectorFacts {
  region: string;
  /** `{ value: undefined }`: no connector with that ID in the region. */
  name?: Learnt<string | undefined>;
  tags?: Learnt<Readonly<Record<string, string>>>;
}

/**
 * Reads what the policy's rules may match on of a connector: its name (ListVoiceConnectors) and its
 * tags (GetVoiceConnector, ListTagsForResource), each only when some rule asks for it. A failed read
 * is kept as `unreadable`, never thrown: the caller decides whether that refuses or only warns.
 *
 * @example
 * const facts = await learnConnectorFacts(voiceConnectors, policy, { voiceConnectorId, region: 'us-east-1' });
 */
export async function learnConnectorFacts(
  voiceConnectors: VoiceConnectors,
  policy: ApprovalPolicy,
  ref: VoiceConnectorRef,
): Promise<ConnectorFacts> {
  const needs = policyNeeds(policy);
  const learn = <T>(read: () => Promise<T>): Promise<Learnt<T>> =>
    read().then(
      (value) => ({ value }),
      (error: unknown) => ({ unreadable: unreadableReason(error), cause: error }),
    );
  const [name, tags] = await Promise.all([
    needs.name
      ? learn(async () => {
          const connectors = await voiceConnectors.listVoiceConnectors(ref.region);
          return connectors.find((found) => found.voiceConnectorId === ref.voiceConnectorId)?.name;
        })
      : undefined,
    needs.tags ? learn(() => readConnectorTags(voiceConnectors, ref)) : undefined,
  ]);
  return {
    region: ref.region,
    ...(name !== undefined ? { name } : {}),
    ...(tags !== undefined ? { tags } : {}),
  };
}

/**
 * Whether a rule's connector keys (IDs, name globs, tags; its kinds and risks aside) match the
 * connector: `unknown` when a fact it needs could not be read.
 */
export function ruleMatchesConnector(
  rule: PolicyRule,
  voiceConnectorId: string,
  facts: ConnectorFacts | undefined,
): boolean | 'unknown' {
  const match = rule.match;
  if (match === undefined) return true;
  if (match.connectors !== undefined && !match.connectors.includes(voiceConnectorId)) return false;
  let unknown = false;
  if (match.connectorNames !== undefined) {
    const name = facts?.name;
    if (name === undefined || 'unreadable' in name) unknown = true;
    else {
      const known = name.value;
      if (known === undefined || !match.connectorNames.some((glob) => globMatches(glob, known))) return false;
    }
  }
  if (match.tags !== undefined) {
    const tags = facts?.tags;
    if (tags === undefined || 'unreadable' in tags) unknown = true;
    else if (Object.entries(match.tags).some(([key, value]) => tags.value[key] !== value)) return false;
  }
  return unknown ? 'unknown' : true;
}

/**
 * The rules that can decide some change to this connector, in order, up to the first that matches
 * every change to it (no kinds, no risk): later ones never decide. `unknown` when a fact a rule
 * needs could not be read (the caller fails closed).
 */
export function rulesForConnector(
  policy: ApprovalPolicy,
  voiceConnectorId: string,
  facts: ConnectorFacts | undefined,
): PolicyRule[] | 'unknown' {
  const rules: PolicyRule[] = [];
  for (const rule of policy.rules) {
    const matches = ruleMatchesConnector(rule, voiceConnectorId, facts);
    if (matches === 'unknown') return 'unknown';
    if (!matches) continue;
    rules.push(rule);
    if (rule.match?.kinds === undefined && rule.match?.risk === undefined) break;
  }
  return rules;
}

function unreadableReason(error: unknown): string {
  if (!(error instanceof ChimeError)) return 'an unexpected error';
  switch (error.code) {
    case ChimeErrorCode.NotFound:
      return 'no such connector in this region';
    case ChimeErrorCode.AccessDenied:
      return 'access denied';
    case ChimeErrorCode.Throttled:
      return 'Chime throttled the request';
    default:
      return 'Chime did not answer';
  }
}
