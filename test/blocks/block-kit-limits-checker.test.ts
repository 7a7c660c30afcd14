import { describe, expect, it } from 'vitest';
import { expectWithinSlackLimits, slackLimitViolations, visibleText } from '../support/block-kit-limits';

const text = (value: string) => ({ type: 'mrkdwn', text: value });
const plain = (value: string) => ({ type: 'plain_text', text: value });

describe('slackLimitViolations', () => {
  it('accepts a small valid message', () => {
    // Prepare
    const message = { text: 'Hello', blocks: [{ type: 'section', text: text('Hello') }] };

    // Act & Assess
    expectWithinSlackLimits(message, 'message');
  });

  it.each(['NaN', 'undefined', 'null', '[object Object]'])('reports a visible text that shows %s', (leftover) => {
    // Prepare
    const message = {
      text: 'Credentials',
      blocks: [
        { type: 'section', text: text('Row 2') },
        { type: 'context', elements: [text(`Row ${leftover} removed`)] },
      ],
    };

    // Act
    const violations = slackLimitViolations(message, 'message');

    // Assess
    expect(violations).toEqual([`$.blocks[1].elements[0].text: shows "${leftover}" to a person`]);
  });

  it('does not mistake words that contain a leftover for one', () => {
    // Prepare
    const message = {
      text: 'Nullable',
      blocks: [{ type: 'section', text: text('Annull the NaNoWriMo undefinedness') }],
    };

    // Act & Assess
    expectWithinSlackLimits(message, 'message');
  });

  it('reports a message without a fallback text and with too many blocks', () => {
    // Prepare
    const message = { blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) };

    // Act
    const violations = slackLimitViolations(message, 'message');

    // Assess
    expect(violations).toEqual([
      'text: a message needs a plain-text fallback next to its blocks',
      'blocks.length: 51 > 50',
    ]);
  });

  it('reports section text, field count and field length over their limits', () => {
    // Prepare
    const message = {
      text: 'x',
      blocks: [
        { type: 'section', text: text('x'.repeat(3001)) },
        { type: 'section', fields: Array.from({ length: 11 }, () => text('y')) },
        { type: 'section', fields: [text('z'.repeat(2001))] },
      ],
    };

    // Act
    const violations = slackLimitViolations(message, 'message');

    // Assess
    expect(violations).toEqual([
      'blocks[0].text.text: 3001 > 3000',
      'blocks[1].fields.length: 11 > 10',
      'blocks[2].fields[0].text: 2001 > 2000',
    ]);
  });

  it('reports a message whose texts add up past the total budget', () => {
    // Prepare
    const blocks = Array.from({ length: 5 }, () => ({ type: 'section', text: text('x'.repeat(2500)) }));

    // Act
    const violations = slackLimitViolations({ text: 'x', blocks }, 'message');

    // Assess
    expect(violations).toEqual(['blocks (total text): 12500 > 10000']);
  });

  it('reports duplicate block ids, long ids, empty texts and a long header', () => {
    // Prepare
    const message = {
      text: 'x',
      blocks: [
        { type: 'section', block_id: 'same', text: text('a') },
        { type: 'section', block_id: 'same', text: text('') },
        { type: 'header', block_id: 'i'.repeat(256), text: plain('h'.repeat(151)) },
      ],
    };

    // Act
    const violations = slackLimitViolations(message, 'message');

    // Assess
    expect(violations).toEqual([
      'blocks[1].block_id: duplicate of blocks[0].block_id ("same")',
      'blocks[1].text.text: must not be empty',
      'blocks[2].block_id: 256 > 255',
      'blocks[2].text.text: 151 > 150',
    ]);
  });

  it('reports buttons, actions and options over their limits', () => {
    // Prepare
    const option = (value: string) => ({ text: plain(value), value });
    const message = {
      text: 'x',
      blocks: [
        {
          type: 'actions',
          elements: [
            { type: 'button', action_id: 'a', text: plain('b'.repeat(76)), value: 'v'.repeat(2001) },
            { type: 'button', action_id: 'a', text: plain('ok') },
            {
              type: 'static_select',
              action_id: 'c',
              options: Array.from({ length: 101 }, (_, index) => option(`${index}`)),
              initial_option: option('not listed'),
            },
            { type: 'static_select', action_id: 'd', options: [option('o'.repeat(76))] },
          ],
        },
        {
          type: 'actions',
          elements: Array.from({ length: 26 }, (_, index) => ({
            type: 'button',
            action_id: `b${index}`,
            text: plain('x'),
          })),
        },
      ],
    };

    // Act
    const violations = slackLimitViolations(message, 'message');

    // Assess
    expect(violations).toEqual([
      'blocks[0].elements[0].text.text: 76 > 75',
      'blocks[0].elements[0].value: 2001 > 2000',
      'blocks[0].elements[1].action_id: duplicate of elements[0] in the same block',
      'blocks[0].elements[2].options.length: 101 > 100',
      'blocks[0].elements[2].initial_option: is not one of the options',
      'blocks[0].elements[3].options[0].text.text: 76 > 75',
      'blocks[0].elements[3].options[0].value: 76 > 75',
      'blocks[1].elements.length: 26 > 25',
    ]);
  });

  it('reports a modal title, buttons and metadata over their limits, and a missing submit', () => {
    // Prepare
    const modal = {
      type: 'modal',
      callback_id: 'c'.repeat(256),
      title: plain('t'.repeat(25)),
      close: plain('c'.repeat(25)),
      private_metadata: 'm'.repeat(3001),
      blocks: [
        {
          type: 'input',
          label: plain('Name'),
          element: { type: 'plain_text_input', action_id: 'name', max_length: 3001 },
        },
      ],
    };

    // Act
    const violations = slackLimitViolations(modal, 'modal');

    // Assess
    expect(violations).toEqual([
      'title.text: 25 > 24',
      'close.text: 25 > 24',
      'submit: required once a modal has an input block',
      'private_metadata: 3001 > 3000',
      'callback_id: 256 > 255',
      'blocks[0].element.max_length: must be 1–3000',
    ]);
  });

  it('counts characters, not UTF-16 units, as Slack does', () => {
    // Prepare
    const message = { text: 'x', blocks: [{ type: 'header', text: plain('🚀'.repeat(150)) }] };

    // Act & Assess
    expectWithinSlackLimits(message, 'message');
  });
});

describe('visibleText', () => {
  it('collects the fallback and every text in the blocks', () => {
    // Prepare
    const message = { text: 'fallback', blocks: [{ type: 'section', text: text('body'), fields: [text('field')] }] };

    // Act
    const seen = visibleText(message);

    // Assess
    expect(seen.split('\n').sort()).toEqual(['body', 'fallback', 'field']);
  });
});
