import { describe, expect, it } from 'vitest';
import { headerBlock, sectionBlock } from '../../src/blocks/slack-limits';
import { composeMessage } from '../../src/blocks/slack-message';
import { expectWithinSlackLimits, visibleText } from '../support/block-kit-limits';

describe('composeMessage', () => {
  it('keeps a message that fits as it is', () => {
    // Prepare
    const blocks = [headerBlock('Termination'), sectionBlock('*CPS limit*\n1')];

    // Act
    const message = composeMessage('Termination: CPS limit 1', blocks);

    // Assess
    expect(message).toEqual({ text: 'Termination: CPS limit 1', blocks });
  });

  it('drops trailing blocks with a note when there are more than 50', () => {
    // Prepare
    const blocks = Array.from({ length: 70 }, (_, index) => sectionBlock(`row ${index}`));

    // Act
    const message = composeMessage('Rows', blocks);

    // Assess
    expectWithinSlackLimits(message, 'message');
    expect(message.blocks).toHaveLength(50);
    expect(visibleText(message)).toContain('row 48');
    expect(visibleText(message)).toContain('left out to stay within Slack’s limits');
  });

  it('drops trailing blocks when their text together is too long for Slack', () => {
    // Prepare
    const blocks = Array.from({ length: 10 }, (_, index) => sectionBlock(`${index} ${'x'.repeat(2900)}`));

    // Act
    const message = composeMessage('Long', blocks);

    // Assess
    expectWithinSlackLimits(message, 'message');
    expect(message.blocks.length).toBeLessThan(10);
  });

  it('escapes the fallback text and never leaves it empty', () => {
    expect(composeMessage('<!channel> & co', []).text).toBe('&lt;!channel&gt; &amp; co');
    expect(composeMessage('  ', []).text).not.toBe('');
  });
});
