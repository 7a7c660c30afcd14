import { describe, expect, it } from 'vitest';
import { helpMessage } from '../../src/blocks/help-message';
import { CHIME_REGIONS } from '../../src/chime/regions';
import { REGISTRY } from '../../src/operations/registry';
import { expectWithinSlackLimits, visibleText } from '../support/block-kit-limits';

describe('helpMessage', () => {
  it('shows the usage of every command, with examples', () => {
    // Act
    const message = helpMessage(REGISTRY.help);

    // Assess
    const seen = visibleText(message);
    for (const usage of [
      '`/chime`',
      '`/chime help`',
      '`/chime termination &lt;voice-connector-id&gt;`',
      '`/chime proxy &lt;voice-connector-id&gt;`',
      '`/chime session &lt;voice-connector-id&gt; &lt;proxy-session-id&gt;`',
      '`/chime origination &lt;voice-connector-id&gt;`',
      '`/chime credentials &lt;voice-connector-id&gt;`',
      '`/chime audit [&lt;voice-connector-id&gt;] [--limit N] [--user @user] [--unreviewed]`',
      '`/chime audit verify &lt;voice-connector-id&gt;`',
    ]) {
      expect(seen).toContain(usage);
    }
    expect(seen.match(/Example: `\/chime /g)?.length).toBeGreaterThanOrEqual(7);
    expectWithinSlackLimits(message, 'message');
  });

  it('explains --region with all ten regions and the default, and --share', () => {
    // Act
    const seen = visibleText(helpMessage({ ...REGISTRY.help, defaultRegion: 'eu-central-1' }));

    // Assess
    expect(seen).toContain('--region &lt;region&gt;');
    expect(seen).toContain('default `eu-central-1`');
    for (const region of CHIME_REGIONS) expect(seen).toContain(`\`${region}\``);
    expect(seen).toContain('--share');
  });

  it('says that the proxy commands are deprecated by AWS', () => {
    // Act
    const seen = visibleText(helpMessage(REGISTRY.help));

    // Assess
    expect(seen).toContain('which AWS has deprecated');
    expect(seen.match(/Deprecated by AWS/g)).toHaveLength(2);
  });

  it('uses the configured slash command name throughout', () => {
    // Act
    const message = helpMessage({ ...REGISTRY.help, command: '/voice' });

    // Assess
    const seen = visibleText(message);
    expect(seen).toContain('`/voice termination &lt;voice-connector-id&gt;`');
    expect(seen).not.toContain('/chime');
    expect(message.text).toContain('/voice termination');
  });

  it('puts a short error line on top, escaped', () => {
    // Act
    const message = helpMessage({ ...REGISTRY.help, error: 'Unknown subcommand “<terminate>”.' });

    // Assess
    const first = message.blocks[0];
    expect(first).toMatchObject({ type: 'section', text: { text: '❌ Unknown subcommand “&lt;terminate&gt;”.' } });
    expect(message.text.startsWith('Unknown subcommand')).toBe(true);
    expectWithinSlackLimits(message, 'message');
  });
});
