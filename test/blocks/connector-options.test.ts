import { describe, expect, it } from 'vitest';
import { connectorOptions, parseConnectorOptionValue } from '../../src/blocks/connector-options';
import type { VoiceConnectorSummary } from '../../src/chime/voice-connector';
import { slackLimitViolations } from '../support/block-kit-limits';

const connectors: VoiceConnectorSummary[] = [
  { voiceConnectorId: 'bbbbbbbbbbbbbbbbbbbbb1', name: 'Support line', region: 'us-east-1' },
  { voiceConnectorId: 'aaaaaaaaaaaaaaaaaaaaa1', name: 'Main trunk', region: 'us-east-1' },
  { voiceConnectorId: 'cccccccccccccccccccc01', region: 'eu-west-2' },
];

/** The options as a static select would hold them, so the shared checker applies Slack's option limits. */
function asSelect(options: ReturnType<typeof connectorOptions>) {
  return {
    text: 'x',
    blocks: [{ type: 'actions', elements: [{ type: 'static_select', action_id: 'a', options }] }],
  };
}

describe('connectorOptions', () => {
  it('lists every connector as "name · id · region", by name, when nothing is typed', () => {
    // Act
    const options = connectorOptions(connectors, '');

    // Assess
    expect(options.map((option) => option.text.text)).toEqual([
      'Main trunk · aaaaaaaaaaaaaaaaaaaaa1 · us-east-1',
      'Support line · bbbbbbbbbbbbbbbbbbbbb1 · us-east-1',
      'cccccccccccccccccccc01 · eu-west-2',
    ]);
    expect(options[0]?.value).toBe('aaaaaaaaaaaaaaaaaaaaa1@us-east-1');
  });

  it('filters by name or id, ignoring case', () => {
    expect(connectorOptions(connectors, 'MAIN').map((option) => option.value)).toEqual([
      'aaaaaaaaaaaaaaaaaaaaa1@us-east-1',
    ]);
    expect(connectorOptions(connectors, 'CCCC').map((option) => option.value)).toEqual([
      'cccccccccccccccccccc01@eu-west-2',
    ]);
    expect(connectorOptions(connectors, 'nothing like it')).toEqual([]);
  });

  it('returns at most 100 options, each within Slack’s 75 characters, even for long names', () => {
    // Prepare
    const many = Array.from({ length: 250 }, (_, index) => ({
      voiceConnectorId: `0b1c2d3e-4f50-4a6b-8c7d-${String(index).padStart(12, '0')}`,
      name: `${'Very long connector name '.repeat(10)}${index}`,
      region: 'ap-southeast-2' as const,
    }));

    // Act
    const options = connectorOptions(many, 'very long');

    // Assess
    expect(options).toHaveLength(100);
    expect(slackLimitViolations(asSelect(options), 'message')).toEqual([]);
    expect(options[0]?.text.text).toMatch(/… · 0b1c2d3e-4f50-4a6b-8c7d-\d{12} · ap-southeast-2$/);
  });
});

describe('parseConnectorOptionValue', () => {
  it('reads back the connector and region of an option', () => {
    expect(parseConnectorOptionValue('aaaaaaaaaaaaaaaaaaaaa1@us-east-1')).toEqual({
      voiceConnectorId: 'aaaaaaaaaaaaaaaaaaaaa1',
      region: 'us-east-1',
    });
  });

  it('refuses forged or malformed values', () => {
    for (const value of [
      undefined,
      '',
      'aaaaaaaaaaaaaaaaaaaaa1',
      'aaaaaaaaaaaaaaaaaaaaa1@mars-1',
      '../etc@us-east-1',
      'a@b@c',
    ]) {
      expect(parseConnectorOptionValue(value), String(value)).toBeUndefined();
    }
  });
});
