import { describe, expect, it } from 'vitest';
import {
  characterCount,
  contextBlock,
  escapeMrkdwn,
  fieldSections,
  fitList,
  headerBlock,
  packLines,
  SlackLimit,
  sectionBlock,
  truncate,
  truncateMrkdwn,
} from '../../src/blocks/slack-limits';
import { composeMessage } from '../../src/blocks/slack-message';
import { expectWithinSlackLimits } from '../support/block-kit-limits';

describe('SlackLimit', () => {
  it.each<[keyof typeof SlackLimit, number]>([
    ['MessageBlocks', 50],
    ['ModalBlocks', 100],
    ['SectionText', 3000],
    ['SectionFields', 10],
    ['SectionFieldText', 2000],
    ['HeaderText', 150],
    ['ActionsElements', 25],
    ['InputLabel', 2000],
    ['InputHint', 2000],
    ['ButtonText', 75],
    ['ButtonValue', 2000],
    ['ButtonUrl', 3000],
    ['ConfirmTitle', 100],
    ['ConfirmText', 300],
    ['ConfirmButton', 30],
    ['OptionText', 75],
    ['OptionValue', 75],
    ['OptionDescription', 75],
    ['SelectOptions', 100],
    ['SelectOptionGroups', 100],
    ['Id', 255],
    ['ModalTitle', 24],
    ['ModalSubmit', 24],
    ['ModalClose', 24],
    ['PrivateMetadata', 3000],
    ['PlainTextInputLength', 3000],
    ['Placeholder', 150],
  ])('holds %s = %d, as in shared/notes/slack.md', (name, fromTheNotes) => {
    expect(SlackLimit[name]).toBe(fromTheNotes);
  });

  it('keeps the whole message text well below where Slack refuses it', () => {
    expect(SlackLimit.MessageTotalText).toBeLessThan(13_000);
  });
});

describe('truncate', () => {
  it('leaves text that fits untouched', () => {
    expect(truncate('us-east-1', 9)).toBe('us-east-1');
  });

  it('cuts long text to the limit, ending in an ellipsis', () => {
    // Act
    const cut = truncate('eu-central-1 is a region', 10);

    // Assess
    expect(cut).toBe('eu-centra…');
    expect(characterCount(cut)).toBe(10);
  });

  it('counts an emoji as one character and never splits it', () => {
    // Prepare
    const text = '🚀'.repeat(30);

    // Act
    const cut = truncate(text, 24);

    // Assess
    expect(characterCount(cut)).toBe(24);
    expect(cut).toBe(`${'🚀'.repeat(23)}…`);
  });
});

describe('truncateMrkdwn', () => {
  it('never leaves half an HTML entity', () => {
    // Prepare
    const escaped = escapeMrkdwn('a & b & c');

    // Act
    const cut = truncateMrkdwn(escaped, 6);

    // Assess
    expect(cut).toBe('a…');
  });

  it('never leaves an unclosed mention or date token', () => {
    expect(truncateMrkdwn('by <@U0123456789> at noon', 10)).toBe('by…');
  });
});

describe('escapeMrkdwn', () => {
  it('escapes the three characters Slack reads as markup', () => {
    expect(escapeMrkdwn('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });
});

describe('fitList', () => {
  it('joins every item when they fit', () => {
    expect(fitList(['US', 'CA'], { maxChars: 100 })).toEqual({ text: 'US, CA', shown: 2, omitted: 0 });
  });

  it('ends a list that does not fit with "… and N more", within the limit', () => {
    // Prepare
    const items = Array.from({ length: 1000 }, (_, index) => `item-${index}`);

    // Act
    const fitted = fitList(items, { maxChars: 200 });

    // Assess
    expect(characterCount(fitted.text)).toBeLessThanOrEqual(200);
    expect(fitted.text).toMatch(new RegExp(`… and ${fitted.omitted} more$`));
    expect(fitted.shown + fitted.omitted).toBe(1000);
    expect(fitted.shown).toBeGreaterThan(10);
  });

  it('says how many items there are when not even one fits', () => {
    expect(fitList(['x'.repeat(500)], { maxChars: 100 }).text).toBe('1 item, too long to show here');
  });
});

describe('packLines', () => {
  it('packs whole lines into chunks and reports the lines left out', () => {
    // Prepare
    const lines = Array.from({ length: 100 }, (_, index) => `line ${index} ${'x'.repeat(90)}`);

    // Act
    const packed = packLines(lines, { maxCharsPerChunk: 1000, maxChunks: 3, maxTotalChars: 10_000 });

    // Assess
    expect(packed.chunks).toHaveLength(3);
    for (const chunk of packed.chunks) expect(characterCount(chunk)).toBeLessThanOrEqual(1000);
    const kept = packed.chunks.join('\n').split('\n');
    expect(kept).toEqual(lines.slice(0, kept.length));
    expect(packed.omitted).toBe(100 - kept.length);
  });
});

describe('block helpers', () => {
  it('keep oversized text within the limits of each block', () => {
    // Prepare
    const huge = 'x'.repeat(5000);

    // Act
    const header = headerBlock(huge);
    const section = sectionBlock(huge);
    const fields = fieldSections(Array.from({ length: 23 }, () => huge));
    const context = contextBlock(Array.from({ length: 14 }, (_, index) => `part ${index}`));

    // Assess
    expect(characterCount(header.text.text)).toBe(150);
    expect(characterCount(section.text?.text ?? '')).toBe(3000);
    expect(fields.map((block) => block.fields?.length)).toEqual([10, 10, 3]);
    for (const block of fields) {
      for (const field of block.fields ?? []) expect(characterCount(field.text)).toBeLessThanOrEqual(2000);
    }
    expect(context.elements).toHaveLength(10);
    expect(context.elements.at(-1)).toMatchObject({ text: 'part 9 · part 10 · part 11 · part 12 · part 13' });
  });

  it('turn an empty value into a visible dash instead of an empty text Slack refuses', () => {
    // Act
    const message = composeMessage('fallback', [sectionBlock('  '), headerBlock('')]);

    // Assess
    expectWithinSlackLimits(message, 'message');
  });
});
