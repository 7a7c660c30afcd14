import type { RiskLevel } from '../changes/change-risk';
import type { ApprovalPolicy, PolicyRule } from './approval-policy';

/** What a rule can match on: the connector (its name and tags only when some rule asks for them), the kind, the risk. */
export interface RuleSubject {
  voiceConnectorId: string;
  /** Undefined when no rule names connectors by name, or the name could not be learnt. */
  connectorName?: string;
  tags?: Readonly<Record<string, string>>;
  kind: string;
  /** The request's highest risk level. */
  risk: RiskLevel;
}

export interface RuleMatch {
  rule: PolicyRule;
  /** 0-based position in the policy. */
  index: number;
  /** Why it matched, in plain words: "connector abc… is listed; kind origination; risk high". */
  why: string;
}

/** Whether some rule needs the connector's name (or its tags) to be matched. */
export function policyNeeds(policy: ApprovalPolicy): { name: boolean; tags: boolean } {
  return {
    name: policy.rules.some((rule) => rule.match?.connectorNames !== undefined),
    tags: policy.rules.some((rule) => rule.match?.tags !== undefined),
  };
}

/**
 * The first rule that matches decides. Every key of a rule's `match` must match; a rule without
 * `match` matches everything. `undefined` when no rule matches: the change cannot be requested.
 *
 * @example
 * firstMatchingRule(policy, { voiceConnectorId: 'abcdefghijklmnopqrstu', kind: 'origination', risk: 'low' });
 */
export function firstMatchingRule(policy: ApprovalPolicy, subject: RuleSubject): RuleMatch | undefined {
  for (const [index, rule] of policy.rules.entries()) {
    const reasons = matchReasons(rule, subject);
    if (reasons !== undefined) {
      return { rule, index, why: reasons.length === 0 ? 'it matches every change' : reasons.join('; ') };
    }
  }
  return undefined;
}

/** The reasons a rule matches, or `undefined` when one of its keys does not. */
function matchReasons(rule: PolicyRule, subject: RuleSubject): string[] | undefined {
  const match = rule.match;
  if (match === undefined) return [];
  const reasons: string[] = [];
  if (match.connectors !== undefined) {
    if (!match.connectors.includes(subject.voiceConnectorId)) return undefined;
    reasons.push(`connector ${subject.voiceConnectorId} is listed`);
  }
  if (match.connectorNames !== undefined) {
    const name = subject.connectorName;
    const pattern = name === undefined ? undefined : match.connectorNames.find((glob) => globMatches(glob, name));
    if (pattern === undefined) return undefined;
    reasons.push(`the connector's name ${name} matches ${pattern}`);
  }
  if (match.tags !== undefined) {
    for (const [key, value] of Object.entries(match.tags)) {
      if (subject.tags?.[key] !== value) return undefined;
    }
    reasons.push(
      `the connector is tagged ${Object.entries(match.tags)
        .map(([key, value]) => `${key}=${value}`)
        .join(', ')}`,
    );
  }
  if (match.kinds !== undefined) {
    if (!match.kinds.includes(subject.kind)) return undefined;
    reasons.push(`it is a ${subject.kind} change`);
  }
  if (match.risk !== undefined) {
    if (!match.risk.includes(subject.risk)) return undefined;
    reasons.push(`its highest risk is ${subject.risk}`);
  }
  return reasons;
}

/** `*` any run of characters, `?` one character; everything else literal, whole name, case-sensitive. */
export function globMatches(glob: string, name: string): boolean {
  const pattern = glob
    .split('')
    .map((character) =>
      character === '*' ? '.*' : character === '?' ? '.' : character.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${pattern}$`, 's').test(name);
}

/** A rule's `match` in plain words, for `/chime policy`. */
export function describeMatch(rule: PolicyRule, kindNoun: (kind: string) => string = (kind) => kind): string {
  const match = rule.match;
  if (match === undefined) return 'every change';
  const parts: string[] = [];
  const kinds = match.kinds?.map(kindNoun);
  parts.push(kinds === undefined ? 'changes' : `${orList(kinds)} changes`);
  if (match.connectors !== undefined) parts.push(`to connector ${orList(match.connectors)}`);
  if (match.connectorNames !== undefined) parts.push(`to a connector named like ${orList(match.connectorNames)}`);
  if (match.tags !== undefined) {
    parts.push(
      `to a connector tagged ${Object.entries(match.tags)
        .map(([key, value]) => `${key}=${value}`)
        .join(' and ')}`,
    );
  }
  if (match.risk !== undefined) parts.push(`whose highest risk is ${orList(match.risk)}`);
  return parts.join(' ');
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
