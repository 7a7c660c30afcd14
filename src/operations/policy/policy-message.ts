import type { KnownBlock } from '@slack/types';
import { inlineCode, principalMention, slackDate, userMention } from '../../blocks/slack-formatting';
import { escapeMrkdwn, headerBlock, sectionBlock, truncateMrkdwn } from '../../blocks/slack-limits';
import { composeMessage, type SlackMessage } from '../../blocks/slack-message';
import type { ApprovalPolicy, FreezeWindow, PolicyRule } from '../../policy/approval-policy';
import type { Freeze } from '../../policy/change-freeze';
import { type ConnectorFacts, ruleMatchesConnector } from '../../policy/connector-facts';
import { describeMatch } from '../../policy/policy-rules';

/** Rules shown, one section each; a policy with more is cut with a note (a message holds 50 blocks). */
const MAX_RULES = 30;

export interface PolicyMessageModel {
  /** Undefined without a policy: `APPROVERS` and one approval. */
  policy?: ApprovalPolicy;
  source?: string;
  approvers: { userIds: readonly string[]; groupIds: readonly string[] };
  /** Only the rules that can apply to this connector. */
  voiceConnectorId?: string;
  /** What was learnt of that connector for rules that match on its name or tags. */
  connector?: ConnectorFacts;
  freezeNow?: Freeze;
  /** The kinds' nouns, for "origination or credentials changes". */
  kindNoun?: (kind: string) => string;
}

/**
 * `/chime policy [<voice-connector-id>]`: the effective approval rules in plain words, in the
 * order they are tried, then the freezes and the break-glass list.
 *
 * @example
 * policyMessage({ policy, source: 'policy.yml', approvers, voiceConnectorId: 'abcdef1234567890abcdef' });
 */
export function policyMessage(model: PolicyMessageModel): SlackMessage {
  const { policy } = model;
  const scope = model.voiceConnectorId !== undefined ? ` for ${inlineCode(model.voiceConnectorId)}` : '';
  if (policy === undefined) {
    const who = [...model.approvers.userIds, ...model.approvers.groupIds].map(principalMention).join(', ');
    return composeMessage('Approval policy: one approval from APPROVERS', [
      headerBlock('Approval policy'),
      sectionBlock(
        truncateMrkdwn(
          `No approval policy is configured${scope}: every change needs *one approval* from ${who || 'nobody yet (APPROVERS is empty, so changes are off)'}, never the requester's own. There are no freezes and no break-glass.`,
          2900,
        ),
      ),
    ]);
  }
  const rules = policy.rules
    .map((rule, index) => ({ rule, index }))
    .filter(
      ({ rule }) => model.voiceConnectorId === undefined || canApplyTo(rule, model.voiceConnectorId, model.connector),
    );
  const blocks: KnownBlock[] = [
    headerBlock('Approval policy'),
    sectionBlock(
      truncateMrkdwn(
        `The rules${scope}, in the order they are tried: the *first* that matches a change decides. The requester never counts, nobody counts twice.${model.source ? ` (From ${inlineCode(model.source)}.)` : ''}`,
        2900,
      ),
    ),
  ];
  if (model.voiceConnectorId !== undefined && model.connector !== undefined) {
    blocks.push(sectionBlock(truncateMrkdwn(connectorText(model.voiceConnectorId, model.connector), 2900)));
  }
  for (const { rule, index } of rules.slice(0, MAX_RULES)) {
    blocks.push(sectionBlock(truncateMrkdwn(ruleText(rule, index, model.kindNoun), 2900)));
  }
  if (rules.length > MAX_RULES) blocks.push(sectionBlock(`…and ${rules.length - MAX_RULES} more rules.`));
  if (rules.length === 0 || rules.every(({ rule }) => rule.match !== undefined)) {
    blocks.push(sectionBlock('⚠️ A change no rule matches cannot be requested.'));
  }
  blocks.push(sectionBlock(truncateMrkdwn(freezeText(policy, model.freezeNow), 2900)));
  const breakGlass = policy.breakGlass;
  blocks.push(
    sectionBlock(
      breakGlass === undefined
        ? '*Break-glass:* nobody may skip approval.'
        : `*Break-glass:* ${breakGlass.members.map(userMention).join(', ')} may apply a change at once with \`--break-glass\`; an approver must review it within ${breakGlass.reviewWithinHours} hours.`,
    ),
  );
  return composeMessage(`Approval policy: ${rules.length} rules`, blocks);
}

/** Whether the rule may decide a change to the connector: what is unknown of it does not rule a rule out. */
function canApplyTo(rule: PolicyRule, voiceConnectorId: string, connector: ConnectorFacts | undefined): boolean {
  return ruleMatchesConnector(rule, voiceConnectorId, connector) !== false;
}

/** "`abc…` is named *prod-cc* and tagged `Environment=prod`." or why that could not be learnt. */
function connectorText(voiceConnectorId: string, connector: ConnectorFacts): string {
  const facts: string[] = [];
  const unknown: string[] = [];
  if (connector.name !== undefined) {
    if ('unreadable' in connector.name) unknown.push(`its name (${connector.name.unreadable})`);
    else if (connector.name.value === undefined) facts.push(`is not among the connectors of ${connector.region}`);
    else facts.push(`is named *${escapeMrkdwn(connector.name.value)}*`);
  }
  if (connector.tags !== undefined) {
    if ('unreadable' in connector.tags) unknown.push(`its tags (${connector.tags.unreadable})`);
    else {
      const tags = Object.entries(connector.tags.value).map(([key, value]) => inlineCode(`${key}=${value}`));
      facts.push(tags.length === 0 ? 'has no tags' : `is tagged ${tags.join(', ')}`);
    }
  }
  const lines: string[] = [];
  if (facts.length > 0) lines.push(`${inlineCode(voiceConnectorId)} ${facts.join(' and ')}.`);
  if (unknown.length > 0) {
    lines.push(
      `⚠️ Could not read ${unknown.join(' or ')} of ${inlineCode(voiceConnectorId)} in ${connector.region}: the rules that match on them are shown as ones that might apply, and a change request for it cannot be filed until they can be read.`,
    );
  }
  return lines.join('\n');
}

function ruleText(rule: PolicyRule, index: number, kindNoun?: (kind: string) => string): string {
  const approvals = rule.approvals === 1 ? '*one approval*' : `*${rule.approvals} approvals* from different people`;
  const from = rule.approvers.map(principalMention).join(', ');
  const required =
    (rule.requireFrom ?? []).length > 0
      ? `, at least one from ${(rule.requireFrom ?? []).map(principalMention).join(' and one from ')}`
      : '';
  const ttl = rule.ttlMinutes !== undefined ? ` Approvable for ${rule.ttlMinutes} minutes.` : '';
  return `*${index + 1}. ${escapeMrkdwn(rule.name)}*: ${escapeMrkdwn(describeMatch(rule, kindNoun))} ${rule.match === undefined ? 'needs' : 'need'} ${approvals} from ${from}${required}.${ttl}`;
}

function freezeText(policy: ApprovalPolicy, now: Freeze | undefined): string {
  const lines = (policy.freezes ?? []).map((freeze) => `• ${escapeMrkdwn(describeFreeze(freeze))}`);
  if (policy.changeCalendar !== undefined) {
    lines.push(`• the SSM Change Calendar ${inlineCode(policy.changeCalendar)} while it is CLOSED`);
  }
  if (lines.length === 0) return '*Freezes:* none.';
  const effect =
    policy.duringFreeze === 'refuse'
      ? 'approved changes are refused'
      : 'approved changes wait and are applied after the freeze';
  const state =
    now === undefined
      ? 'No freeze is in effect now.'
      : `🧊 *${escapeMrkdwn(now.name)}* is in effect now${now.until !== undefined ? ` until ${slackDate(new Date(now.until))}` : ''}.`;
  return `*Freezes* (during one, ${effect}):\n${lines.join('\n')}\n${state}`;
}

function describeFreeze(freeze: FreezeWindow): string {
  if ('start' in freeze) return `${freeze.name}: ${freeze.start} to ${freeze.end} (${freeze.timeZone})`;
  const { days, from, to, timeZone } = freeze.weekly;
  return `${freeze.name}: every ${days.join(', ')} from ${from} to ${to} (${timeZone})`;
}
