import type { AnyBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { checkMessageBlocks, checkModalView, problemLines } from '../../src/slack/block-kit-validation';

const plain = (text: string) => ({ type: 'plain_text', text });
const option = (value: string, text = value) => ({ text: plain(text), value });
const actions = (...elements: unknown[]) => ({ type: 'actions', block_id: 'row', elements });

function refusalLines(blocks: unknown[]): string[] {
  const verdict = checkMessageBlocks(blocks);
  return verdict.ok ? [] : problemLines(verdict.problems);
}

describe('Block Kit checks the stand-in applies', () => {
  it.each([
    [
      'a section with more than 10 fields',
      [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }],
      '[ERROR] no more than 10 items allowed [json-pointer:/blocks/0/fields]',
    ],
    [
      'a field over 2000 characters',
      [{ type: 'section', fields: [{ type: 'mrkdwn', text: 'f'.repeat(2001) }] }],
      '[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/fields/0/text]',
    ],
    [
      'a header over 150 characters',
      [{ type: 'header', text: plain('h'.repeat(151)) }],
      '[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]',
    ],
    [
      'an actions block with 26 elements',
      [
        actions(
          ...Array.from({ length: 26 }, (_, index) => ({ type: 'button', action_id: `b${index}`, text: plain('b') })),
        ),
      ],
      '[ERROR] no more than 25 items allowed [json-pointer:/blocks/0/elements]',
    ],
    [
      'a button value over 2000 characters',
      [actions({ type: 'button', action_id: 'b', text: plain('b'), value: 'v'.repeat(2001) })],
      '[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]',
    ],
    [
      'a confirm title over 100 characters',
      [
        actions({
          type: 'button',
          action_id: 'b',
          text: plain('b'),
          confirm: { title: plain('t'.repeat(101)), text: plain('sure?'), confirm: plain('Yes'), deny: plain('No') },
        }),
      ],
      '[ERROR] must be less than 101 characters [json-pointer:/blocks/0/elements/0/confirm/title/text]',
    ],
    [
      'a static select with 101 options',
      [
        actions({
          type: 'static_select',
          action_id: 's',
          options: Array.from({ length: 101 }, (_, index) => option(`o${index}`)),
        }),
      ],
      '[ERROR] no more than 100 items allowed [json-pointer:/blocks/0/elements/0/options]',
    ],
    [
      'an option value over 75 characters',
      [actions({ type: 'static_select', action_id: 's', options: [option('v'.repeat(76), 'label')] })],
      '[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/options/0/value]',
    ],
    [
      'an initial option that is not offered',
      [actions({ type: 'static_select', action_id: 's', options: [option('a')], initial_option: option('b') })],
      '[ERROR] must match one of the provided options [json-pointer:/blocks/0/elements/0/initial_option]',
    ],
    [
      'a block_id over 255 characters',
      [{ type: 'divider', block_id: 'd'.repeat(256) }],
      '[ERROR] must be less than 256 characters [json-pointer:/blocks/0/block_id]',
    ],
    [
      'two elements with one action_id in a block',
      [
        actions(
          { type: 'button', action_id: 'same', text: plain('a') },
          { type: 'button', action_id: 'same', text: plain('b') },
        ),
      ],
      '[ERROR] duplicate action_id: same [json-pointer:/blocks/0/elements/1/action_id]',
    ],
    [
      'a plain_text_input max_length over 3000',
      [
        {
          type: 'input',
          label: plain('Password'),
          element: { type: 'plain_text_input', action_id: 'p', max_length: 3001 },
        },
      ],
      '[ERROR] must be between 1 and 3000 [json-pointer:/blocks/0/element/max_length]',
    ],
    [
      'a block type Slack does not know',
      [{ type: 'carousel_of_doom' }],
      '[ERROR] unsupported type: carousel_of_doom [json-pointer:/blocks/0/type]',
    ],
  ])('refuses %s', (_case, blocks, line) => {
    // Act
    const lines = refusalLines(blocks);

    // Assess
    expect(lines).toContain(line);
  });

  it('accepts a message at the limits', () => {
    // Prepare
    const blocks = [
      { type: 'header', text: plain('h'.repeat(150)) },
      { type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(3000) } },
      actions(
        ...Array.from({ length: 25 }, (_, index) => ({
          type: 'button',
          action_id: `b${index}`,
          text: plain('b'.repeat(75)),
        })),
      ),
    ];

    // Act
    const verdict = checkMessageBlocks(blocks);

    // Assess
    expect(verdict.ok).toBe(true);
  });

  it('accepts a modal with an input and a submit button of 24 characters', () => {
    // Prepare
    const view = {
      type: 'modal',
      title: plain('t'.repeat(24)),
      submit: plain('s'.repeat(24)),
      private_metadata: 'm'.repeat(3000),
      blocks: [
        { type: 'input', label: plain('Why'), element: { type: 'plain_text_input', action_id: 'why' } },
      ] as AnyBlock[],
    };

    // Act
    const verdict = checkModalView(view);

    // Assess
    expect(verdict.ok).toBe(true);
  });
});
