import type { KnownBlock } from '@slack/types';
import { codeList } from '../../blocks/code-list';
import { connectorHeading, connectorLabel } from '../../blocks/connector-heading';
import { countOf, enabledState, NOT_SET } from '../../blocks/slack-formatting';
import { escapeMrkdwn, fieldSections } from '../../blocks/slack-limits';
import { composeMessage, type SlackMessage } from '../../blocks/slack-message';
import type { Termination, VoiceConnectorRef } from '../../chime/voice-connector';

export interface TerminationCardModel {
  ref: VoiceConnectorRef;
  termination: Termination;
  connectorName?: string;
  /** Slack user id of the person who asked, for cards shared in a channel. */
  requestedBy?: string;
}

/**
 * The result of `/chime termination`: state, CPS limit, the company's default number (in full),
 * calling regions and allowed CIDRs. Long lists end in "… and N more".
 *
 * @example
 * terminationCard({
 *   ref: { voiceConnectorId: 'abcdef1234567890abcdef', region: 'us-east-1' },
 *   termination: { cpsLimit: 1, defaultPhoneNumber: '+14155550100', callingRegions: ['US'], cidrAllowedList: ['10.0.0.0/24'], disabled: false },
 * });
 */
export function terminationCard(model: TerminationCardModel): SlackMessage {
  const { termination } = model;
  const blocks: KnownBlock[] = [
    ...connectorHeading({ title: 'Termination', ...model }),
    ...fieldSections([
      `*Status*\n${enabledState(termination.disabled)}`,
      `*CPS limit*\n${termination.cpsLimit === undefined ? NOT_SET : String(termination.cpsLimit)}`,
      `*Default number*\n${termination.defaultPhoneNumber ? escapeMrkdwn(termination.defaultPhoneNumber) : NOT_SET}`,
    ]),
    codeList('Calling regions', termination.callingRegions, { noun: 'region' }),
    codeList('Allowed CIDRs', termination.cidrAllowedList, { noun: 'CIDR block' }),
  ];
  return composeMessage(terminationFallback(model), blocks);
}

function terminationFallback({ ref, termination, connectorName }: TerminationCardModel): string {
  const state = termination.disabled === undefined ? 'state not set' : termination.disabled ? 'disabled' : 'enabled';
  const parts = [
    state,
    `CPS limit ${termination.cpsLimit ?? 'not set'}`,
    `default number ${termination.defaultPhoneNumber ?? 'not set'}`,
    countOf(termination.callingRegions?.length ?? 0, 'calling region'),
    countOf(termination.cidrAllowedList?.length ?? 0, 'allowed CIDR'),
  ];
  return `Termination of voice connector ${connectorLabel(ref, connectorName)}: ${parts.join(', ')}`;
}
