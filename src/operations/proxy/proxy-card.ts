import type { KnownBlock } from '@slack/types';
import { codeList } from '../../blocks/code-list';
import { connectorHeading, connectorLabel } from '../../blocks/connector-heading';
import { proxyDeprecationBlock } from '../../blocks/proxy-deprecation';
import { countOf, enabledState, minutes, NOT_SET } from '../../blocks/slack-formatting';
import { escapeMrkdwn, fieldSections } from '../../blocks/slack-limits';
import { composeMessage, type SlackMessage } from '../../blocks/slack-message';
import type { ProxySettings, VoiceConnectorRef } from '../../chime/voice-connector';

export interface ProxyCardModel {
  ref: VoiceConnectorRef;
  proxy: ProxySettings;
  connectorName?: string;
  /** Slack user id of the person who asked, for cards shared in a channel. */
  requestedBy?: string;
}

/**
 * The result of `/chime proxy`: state, default session expiry, the company's fallback number (in
 * full) and the countries proxy numbers come from, with a note that AWS deprecated proxy sessions.
 *
 * @example
 * proxyCard({
 *   ref: { voiceConnectorId: 'abcdef1234567890abcdef', region: 'us-east-1' },
 *   proxy: { defaultSessionExpiryMinutes: 60, fallBackPhoneNumber: '+14155550100', phoneNumberCountries: ['US'], disabled: false },
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
  ];
  return composeMessage(proxyFallback(model), blocks);
}

function proxyFallback({ ref, proxy, connectorName }: ProxyCardModel): string {
  const state = proxy.disabled === undefined ? 'state not set' : proxy.disabled ? 'disabled' : 'enabled';
  const expiry = proxy.defaultSessionExpiryMinutes;
  const parts = [
    state,
    `default session expiry ${expiry === undefined ? 'not set' : minutes(expiry)}`,
    `fallback number ${proxy.fallBackPhoneNumber ?? 'not set'}`,
    countOf(proxy.phoneNumberCountries?.length ?? 0, 'country', 'countries'),
  ];
  return `Proxy of voice connector ${connectorLabel(ref, connectorName)} (deprecated by AWS): ${parts.join(', ')}`;
}
