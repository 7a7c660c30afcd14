import type { KnownBlock } from '@slack/types';
import { codeList, LIST_SECTION_BUDGET } from '../../blocks/code-list';
import { connectorHeading, connectorLabel } from '../../blocks/connector-heading';
import { maskPhoneNumber } from '../../blocks/phone-numbers';
import { proxyDeprecationBlock } from '../../blocks/proxy-deprecation';
import { countOf, enabledState, inlineCode, minutes, NOT_SET } from '../../blocks/slack-formatting';
import { characterCount, escapeMrkdwn, fieldSections, sectionBlock, truncateMrkdwn } from '../../blocks/slack-limits';
import { composeMessage, type SlackMessage } from '../../blocks/slack-message';
import { isProxySessionId } from '../../chime/model-schemas';
import type { ChimeRegion } from '../../chime/regions';
import type { ProxySession, ProxySettings, VoiceConnectorRef } from '../../chime/voice-connector';
import { PROXY_SESSION_STATUS_LABEL } from '../proxy-session/proxy-session-card';
import { OPEN_SESSIONS_SHOWN, type OpenProxySessions } from './proxy-sessions-calls';

/** Why the open sessions could not be listed, in words fit for the card (never AWS's own message). */
export type SessionsListFailure = 'access-denied' | 'throttled' | 'unavailable' | 'unexpected';

/** The open sessions as read, or why they could not be; the rest of the card shows either way. */
export type OpenSessionsPart = { ok: true; value: OpenProxySessions } | { ok: false; reason: SessionsListFailure };

export interface ProxyCardModel {
  ref: VoiceConnectorRef;
  proxy: ProxySettings;
  openSessions: OpenSessionsPart;
  /** The slash command as configured (`SLACK_COMMAND`), for the line that looks a session up. */
  command: string;
  /** The region a command reads without `--region` (`AWS_REGION`): another needs the flag. */
  defaultRegion: ChimeRegion;
  connectorName?: string;
  /** Slack user id of the person who asked, for cards shared in a channel. */
  requestedBy?: string;
}

const FAILURE_TEXT: Record<SessionsListFailure, string> = {
  'access-denied': `the bot’s AWS role does not allow ${inlineCode('chime:ListProxySessions')}.`,
  throttled: 'AWS is throttling requests; try again in a moment.',
  unavailable: 'AWS could not answer; try again in a moment.',
  unexpected: 'an unexpected error; the bot logged it.',
};

/** A session's name is shown up to this many characters; its ID always whole (it is what is looked up). */
const NAME_SHOWN = 60;
/** Participants named per session (AWS's sessions have two); more are counted. */
const PARTICIPANTS_SHOWN = 2;

/**
 * The result of `/chime proxy`: state, default session expiry, the company's fallback number (in
 * full), the countries proxy numbers come from, and the open sessions (newest first, at most
 * {@link OPEN_SESSIONS_SHOWN}) with their IDs and the command that looks one up, with a note that
 * AWS deprecated proxy sessions. Participants' numbers are masked as on the session card.
 *
 * @example
 * proxyCard({
 *   ref: { voiceConnectorId: 'abcdef1234567890abcdef', region: 'us-east-1' },
 *   proxy: { defaultSessionExpiryMinutes: 60, fallBackPhoneNumber: '+14155550100', phoneNumberCountries: ['US'], disabled: false },
 *   openSessions: { ok: true, value: { sessions: [{ proxySessionId: 'a1b2c3', status: 'Open' }], more: false } },
 *   command: '/chime',
 *   defaultRegion: 'us-east-1',
 * });
 */
export function proxyCard(model: ProxyCardModel): SlackMessage {
  const { proxy } = model;
  const expiry = proxy.defaultSessionExpiryMinutes;
  const blocks: KnownBlock[] = [
    ...connectorHeading({ title: 'Proxy', ...model }),
    proxyDeprecationBlock(),
    ...fieldSections([
      `*Status*\n${enabledState(proxy.disabled)}`,
      `*Default session expiry*\n${expiry === undefined ? NOT_SET : minutes(expiry)}`,
      `*Fallback number*\n${proxy.fallBackPhoneNumber ? escapeMrkdwn(proxy.fallBackPhoneNumber) : NOT_SET}`,
    ]),
    codeList('Phone number countries', proxy.phoneNumberCountries, { noun: 'country', plural: 'countries' }),
    sectionBlock(openSessionsText(model)),
  ];
  return composeMessage(proxyFallback(model), blocks);
}

function openSessionsText(model: ProxyCardModel): string {
  const title = '*Open proxy sessions*';
  const part = model.openSessions;
  if (!part.ok) return `${title}\n⚠️ _Could not be listed:_ ${FAILURE_TEXT[part.reason]}`;
  const { sessions, more } = part.value;
  if (sessions.length === 0 && !more) return `${title}\nNo open proxy sessions.`;

  const lookUp = lookUpLine(model, sessions.slice(0, OPEN_SESSIONS_SHOWN));
  const count = more ? `more than ${sessions.length}` : String(sessions.length);
  const heading = `${title} (${count}, newest first)`;
  // The look-up line and the "and more" line are kept whatever the sessions take.
  const budget = LIST_SECTION_BUDGET - characterCount(heading) - 1;
  const lines: string[] = [];
  let used = 0;
  for (const session of sessions.slice(0, OPEN_SESSIONS_SHOWN)) {
    const line = sessionLine(session);
    const length = characterCount(line) + 1;
    if (used + length > budget) break;
    lines.push(line);
    used += length;
  }
  const hidden = sessions.length - lines.length;
  if (more) lines.push('_… and more_');
  else if (hidden > 0) lines.push(`_… and ${hidden} more_`);
  return [heading, ...lines, ...(lookUp === undefined ? [] : [lookUp])].join('\n');
}

/** `• `6b1f…` Order 1042 · 🟢 Open · `+•••••••0123`, `+•••••••0111`` */
function sessionLine(session: ProxySession): string {
  const id = session.proxySessionId === undefined ? '_no ID_' : inlineCode(session.proxySessionId);
  const name = session.name?.trim();
  const parts = [
    `• ${id}${name ? ` ${truncateMrkdwn(escapeMrkdwn(name), NAME_SHOWN)}` : ''}`,
    session.status === undefined ? '_status not set_' : PROXY_SESSION_STATUS_LABEL[session.status],
  ];
  const participants = session.participants ?? [];
  if (participants.length > 0) {
    const shown = participants
      .slice(0, PARTICIPANTS_SHOWN)
      .map((participant) => (participant.phoneNumber ? inlineCode(maskPhoneNumber(participant.phoneNumber)) : NOT_SET));
    const extra = participants.length - shown.length;
    parts.push(`${shown.join(', ')}${extra > 0 ? ` and ${extra} more` : ''}`);
  }
  return parts.join(' · ');
}

/**
 * "Look one up: `/chime session <connector> <id>`" with the first session whose ID can be typed as
 * one word of the command (with `--region` when the connector is not in the default region).
 */
function lookUpLine(model: ProxyCardModel, sessions: readonly ProxySession[]): string | undefined {
  const id = sessions
    .map((session) => session.proxySessionId)
    .find((value) => value !== undefined && isTypeable(value));
  if (id === undefined) return undefined;
  const region = model.ref.region === model.defaultRegion ? '' : ` --region ${model.ref.region}`;
  return `Look one up: ${inlineCode(`${model.command} session ${model.ref.voiceConnectorId} ${id}${region}`)}`;
}

/** An ID the command grammar reads back as the same ID: one word, not an option, nothing inline code alters. */
function isTypeable(id: string): boolean {
  return isProxySessionId(id) && /^[^\s`]+$/.test(id) && !id.startsWith('--');
}

function proxyFallback({ ref, proxy, connectorName, openSessions }: ProxyCardModel): string {
  const state = proxy.disabled === undefined ? 'state not set' : proxy.disabled ? 'disabled' : 'enabled';
  const expiry = proxy.defaultSessionExpiryMinutes;
  const parts = [
    state,
    `default session expiry ${expiry === undefined ? 'not set' : minutes(expiry)}`,
    `fallback number ${proxy.fallBackPhoneNumber ?? 'not set'}`,
    countOf(proxy.phoneNumberCountries?.length ?? 0, 'country', 'countries'),
    openSessions.ok
      ? `${openSessions.value.more ? 'more than ' : ''}${countOf(openSessions.value.sessions.length, 'open session')}`
      : 'open sessions not listed',
  ];
  return `Proxy of voice connector ${connectorLabel(ref, connectorName)} (deprecated by AWS): ${parts.join(', ')}`;
}
