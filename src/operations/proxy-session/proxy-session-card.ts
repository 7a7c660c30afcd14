import type { KnownBlock } from '@slack/types';
import { LIST_SECTION_BUDGET } from '../../blocks/code-list';
import { connectorHeading, connectorLabel } from '../../blocks/connector-heading';
import { maskPhoneNumber } from '../../blocks/phone-numbers';
import { proxyDeprecationBlock } from '../../blocks/proxy-deprecation';
import { countOf, inlineCode, minutes, NOT_SET, slackDate } from '../../blocks/slack-formatting';
import { escapeMrkdwn, fieldSections, fitList, sectionBlock } from '../../blocks/slack-limits';
import { composeMessage, type SlackMessage } from '../../blocks/slack-message';
import type {
  ProxySession,
  ProxySessionParticipant,
  ProxySessionStatus,
  VoiceConnectorRef,
} from '../../chime/voice-connector';

export interface ProxySessionCardModel {
  ref: VoiceConnectorRef;
  session: ProxySession;
  /** The id that was asked for, shown when AWS's answer lacks it. */
  proxySessionId?: string;
  connectorName?: string;
  /** Slack user id of the person who asked, for cards shared in a channel. */
  requestedBy?: string;
}

/** A session's status as the cards show it (the proxy settings card lists open sessions with it too). */
export const PROXY_SESSION_STATUS_LABEL: Record<ProxySessionStatus, string> = {
  Open: '🟢 Open',
  InProgress: '🔄 In progress',
  Closed: '⚫ Closed',
};

const NUMBER_SELECTION_LABEL = { PreferSticky: 'Prefer sticky', AvoidSticky: 'Avoid sticky' } as const;
const GEO_MATCH_LEVEL_LABEL = { Country: 'Country', AreaCode: 'Area code' } as const;

/**
 * The result of `/chime session`: status, capabilities, expiry, timestamps, geo match, number
 * selection and participants. Participants' numbers belong to end customers and are masked to
 * their last four digits; the proxy numbers are the company's own and shown in full.
 *
 * @example
 * proxySessionCard({
 *   ref: { voiceConnectorId: 'abcdef1234567890abcdef', region: 'us-east-1' },
 *   session: { proxySessionId: 'a1b2c3', status: 'Open', capabilities: ['Voice'],
 *     participants: [{ phoneNumber: '+14155550123', proxyPhoneNumber: '+14155550100' }] },
 * });
 */
export function proxySessionCard(model: ProxySessionCardModel): SlackMessage {
  const { session } = model;
  const sessionId = session.proxySessionId ?? model.proxySessionId;
  const name = session.name?.trim();
  const blocks: KnownBlock[] = [
    ...connectorHeading({
      title: 'Proxy session',
      subject: name || sessionId || 'unknown',
      leading: [`Session ${sessionId ? inlineCode(sessionId) : NOT_SET}`],
      ...model,
    }),
    proxyDeprecationBlock(),
    ...fieldSections([
      `*Status*\n${session.status ? PROXY_SESSION_STATUS_LABEL[session.status] : NOT_SET}`,
      `*Name*\n${name ? escapeMrkdwn(name) : NOT_SET}`,
      `*Capabilities*\n${session.capabilities?.length ? session.capabilities.join(', ') : NOT_SET}`,
      `*Expiry*\n${session.expiryMinutes === undefined ? NOT_SET : minutes(session.expiryMinutes)}`,
      `*Number selection*\n${session.numberSelectionBehavior ? NUMBER_SELECTION_LABEL[session.numberSelectionBehavior] : NOT_SET}`,
      `*Geo match level*\n${session.geoMatchLevel ? GEO_MATCH_LEVEL_LABEL[session.geoMatchLevel] : NOT_SET}`,
      `*Geo match*\n${geoMatchParams(session)}`,
    ]),
    ...fieldSections([
      `*Created*\n${slackDate(session.createdTimestamp)}`,
      `*Updated*\n${slackDate(session.updatedTimestamp)}`,
      `*Ended*\n${slackDate(session.endedTimestamp)}`,
    ]),
    participantsSection(session.participants),
  ];
  return composeMessage(proxySessionFallback(model, sessionId), blocks);
}

function geoMatchParams({ geoMatchParams: params }: ProxySession): string {
  if (params === undefined) return NOT_SET;
  return `Country ${inlineCode(params.country)}, area code ${inlineCode(params.areaCode)}`;
}

function participantsSection(participants: ProxySessionParticipant[] | undefined) {
  if (participants === undefined) return sectionBlock(`*Participants*\n${NOT_SET}`);
  if (participants.length === 0) return sectionBlock('*Participants*\n_none_');
  const heading = `*Participants* (${countOf(participants.length, 'participant')})`;
  const lines = participants.map((participant) => {
    const customer = participant.phoneNumber ? inlineCode(maskPhoneNumber(participant.phoneNumber)) : NOT_SET;
    const proxy = participant.proxyPhoneNumber ? inlineCode(participant.proxyPhoneNumber) : NOT_SET;
    return `• ${customer} via proxy number ${proxy}`;
  });
  const budget = LIST_SECTION_BUDGET - heading.length - 1;
  return sectionBlock(`${heading}\n${fitList(lines, { maxChars: budget, separator: '\n' }).text}`);
}

function proxySessionFallback(model: ProxySessionCardModel, sessionId: string | undefined): string {
  const { session } = model;
  const parts = [
    `status ${session.status ?? 'not set'}`,
    countOf(session.participants?.length ?? 0, 'participant'),
    `expiry ${session.expiryMinutes === undefined ? 'not set' : minutes(session.expiryMinutes)}`,
  ];
  return `Proxy session ${sessionId ?? '(no id)'} of voice connector ${connectorLabel(model.ref, model.connectorName)} (deprecated by AWS): ${parts.join(', ')}`;
}
