import type { PlainTextOption } from '@slack/types';
import { isChimeRegion } from '../chime/regions';
import type { VoiceConnectorRef, VoiceConnectorSummary } from '../chime/voice-connector';
import { plainText, SlackLimit, truncate } from './slack-limits';

/** The service model's `VoiceConnectorId`, matched as a whole string as AWS does. */
const VOICE_CONNECTOR_ID = /^(?:[a-z0-9]{21,22}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const VALUE_SEPARATOR = '@';
/** Slack lists at most 100 options for an external select. */
const MAX_OPTIONS = SlackLimit.SelectOptions;

/**
 * The options of the connector typeahead (`block_suggestion`): connectors whose name or id contains
 * the query, case-insensitively, sorted by name, at most 100. Each reads "name · id · region" and its
 * value is `id@region` (read it back with {@link parseConnectorOptionValue}).
 *
 * @example
 * connectorOptions([{ voiceConnectorId: 'abcdef1234567890abcdef', name: 'Main trunk', region: 'us-east-1' }], 'main');
 * // [{ text: { type: 'plain_text', text: 'Main trunk · abcdef1234567890abcdef · us-east-1' }, value: 'abcdef1234567890abcdef@us-east-1' }]
 */
export function connectorOptions(connectors: readonly VoiceConnectorSummary[], query: string): PlainTextOption[] {
  const needle = query.trim().toLowerCase();
  return connectors
    .filter(
      (connector) =>
        needle === '' ||
        connector.voiceConnectorId.toLowerCase().includes(needle) ||
        (connector.name ?? '').toLowerCase().includes(needle),
    )
    .sort((a, b) => compareStrings(sortKey(a), sortKey(b)))
    .slice(0, MAX_OPTIONS)
    .map((connector) => ({
      text: plainText(optionLabel(connector), SlackLimit.OptionText),
      value: `${connector.voiceConnectorId}${VALUE_SEPARATOR}${connector.region}`,
    }));
}

/**
 * Reads a connector option's value back from a submission. Values return from the client and can be
 * forged: anything but a valid connector id and a Chime region gives `undefined`.
 *
 * @example
 * parseConnectorOptionValue('abcdef1234567890abcdef@us-east-1'); // { voiceConnectorId: 'abcdef1234567890abcdef', region: 'us-east-1' }
 */
export function parseConnectorOptionValue(value: string | undefined): VoiceConnectorRef | undefined {
  if (value === undefined) return undefined;
  const [voiceConnectorId, region, ...rest] = value.split(VALUE_SEPARATOR);
  if (rest.length > 0 || voiceConnectorId === undefined || region === undefined) return undefined;
  if (!VOICE_CONNECTOR_ID.test(voiceConnectorId) || !isChimeRegion(region)) return undefined;
  return { voiceConnectorId, region };
}

function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Named connectors first, by name; then the unnamed, by id. */
function sortKey(connector: VoiceConnectorSummary): string {
  const name = connector.name?.trim().toLowerCase();
  return name ? `0${name}\u0000${connector.voiceConnectorId}` : `1${connector.voiceConnectorId}`;
}

/** The id and region are what tell connectors apart, so a long name gives way to them. */
function optionLabel(connector: VoiceConnectorSummary): string {
  const tail = `${connector.voiceConnectorId} · ${connector.region}`;
  const name = connector.name?.trim();
  if (!name) return tail;
  const room = SlackLimit.OptionText - tail.length - ' · '.length;
  return `${truncate(name, Math.max(room, 1))} · ${tail}`;
}
