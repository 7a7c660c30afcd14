import type { KnownBlock } from '@slack/types';
import type { VoiceConnectorRef } from '../chime/voice-connector';
import { inlineCode, userMention } from './slack-formatting';
import { contextBlock, escapeMrkdwn, headerBlock } from './slack-limits';

export interface ConnectorHeadingModel {
  /** What the card shows, e.g. `Termination`. */
  title: string;
  /** Named in the header after the title; the connector's name or id when absent. */
  subject?: string;
  ref: VoiceConnectorRef;
  connectorName?: string;
  /** Slack user id of the person who asked, named on cards posted in a channel. */
  requestedBy?: string;
  /** More context, as finished mrkdwn, shown before the connector (e.g. the proxy session id). */
  leading?: string[];
}

/**
 * The top of every read card: a header naming the connector, and a context line with its id,
 * region and who asked.
 *
 * @example
 * connectorHeading({ title: 'Termination', ref: { voiceConnectorId: 'abcdef1234567890abcdef', region: 'us-east-1' } });
 */
export function connectorHeading(model: ConnectorHeadingModel): KnownBlock[] {
  const { ref } = model;
  const name = model.connectorName?.trim();
  const context = [
    ...(model.leading ?? []),
    `Voice connector ${inlineCode(ref.voiceConnectorId)}${name ? ` (${escapeMrkdwn(name)})` : ''}`,
    `Region ${inlineCode(ref.region)}`,
    ...(model.requestedBy === undefined ? [] : [`Requested by ${userMention(model.requestedBy)}`]),
  ];
  return [
    headerBlock(`${model.title} · ${model.subject || name || ref.voiceConnectorId}`),
    contextBlock([context.join(' · ')]),
  ];
}

/** The plain-text name of a connector for fallback texts. */
export function connectorLabel(ref: VoiceConnectorRef, connectorName?: string): string {
  const name = connectorName?.trim();
  return `${name ? `${name} (${ref.voiceConnectorId})` : ref.voiceConnectorId} in ${ref.region}`;
}
