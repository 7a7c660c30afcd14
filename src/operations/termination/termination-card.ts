import type { KnownBlock } from '@slack/types';
import { codeList } from '../../blocks/code-list';
import { connectorHeading, connectorLabel } from '../../blocks/connector-heading';
import { countOf, enabledState, NOT_SET } from '../../blocks/slack-formatting';
import { escapeMrkdwn, fieldSections, plainText, sectionBlock } from '../../blocks/slack-limits';
import { composeMessage, type SlackMessage } from '../../blocks/slack-message';
import type { Termination, VoiceConnectorRef } from '../../chime/voice-connector';
import type { TerminationHealthPing } from '../health/health-calls';
import { pingLine } from '../health/health-card';
import { TerminationChangeIds } from '../termination-change/ids';

export interface TerminationCardModel {
  ref: VoiceConnectorRef;
  termination: Termination;
  connectorName?: string;
  /** Slack user id of the person who asked, for cards shared in a channel. */
  requestedBy?: string;
  /** The health line: the last OPTIONS ping, or `unreadable` when GetVoiceConnectorTerminationHealth failed. */
  health?: { ping: TerminationHealthPing | undefined | 'unreadable'; now: number; staleAfterMs: number };
  /** Offer the "Request a change" button (it opens the termination change form). */
  offerChange?: boolean;
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
  const { health } = model;
  if (health !== undefined) {
    const line =
      health.ping === 'unreadable'
        ? '❌ _The last health ping could not be read._'
        : pingLine(health.ping, health.now, health.staleAfterMs);
    blocks.push(sectionBlock(`*Last OPTIONS ping*\n${line}`));
  }
  if (model.offerChange) {
    blocks.push({
      type: 'actions',
      block_id: TerminationChangeIds.requestBlock,
      elements: [
        {
          type: 'button',
          action_id: TerminationChangeIds.requestChange,
          text: plainText('Request a change'),
          value: `${model.ref.voiceConnectorId}|${model.ref.region}`,
        },
      ],
    });
  }
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
