import { describe, expect, it } from 'vitest';
import { type BlockRenderContext, renderBlocks } from '../../src/console/block-kit-html';
import { viewStateValues } from '../../src/slack/modal-view';

function contextFor(blocks: unknown[], extra: Partial<BlockRenderContext> = {}): BlockRenderContext {
  return {
    userName: (id) => (id === 'U0APPROVER' ? 'bob' : undefined),
    channelName: () => undefined,
    userGroupHandle: () => undefined,
    timeZone: 'UTC',
    now: Date.parse('2026-04-07T12:00:00Z'),
    messageLink: () => undefined,
    // Safe: the tests hand over Block Kit JSON as Slack would, unchecked, which is what the renderer must cope with.
    state: viewStateValues({ blocks: blocks as never, enteredValues: {} }),
    errors: {},
    idPrefix: 't',
    people: [{ id: 'U0APPROVER', name: 'bob' }],
    conversations: [{ id: 'C0OPS', name: 'voice-ops' }],
    ...extra,
  };
}

/** Asserts that the rendered HTML contains each snippet, one assertion a snippet. */
function expectContains(html: string, snippets: readonly string[]): void {
  for (const snippet of snippets) expect(html).toContain(snippet);
}

function render(blocks: unknown[], extra: Partial<BlockRenderContext> = {}): string {
  return renderBlocks(blocks, contextFor(blocks, extra)).toString();
}

const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const option = (text: string, value = text) => ({ text: plain(text), value });
/** An input block; `more` adds its optional fields (hint, optional). */
const input = (
  blockId: string,
  label: string,
  element: Record<string, unknown>,
  more: Record<string, unknown> = {},
) => ({
  type: 'input',
  block_id: blockId,
  label: plain(label),
  ...more,
  element,
});

describe('renderBlocks', () => {
  it('draws emoji shortcodes in plain text and button labels, unless emoji is false', () => {
    const html = render([
      { type: 'header', text: plain(':white_check_mark: Applied') },
      { type: 'section', text: { type: 'plain_text', text: ':x: kept', emoji: false } },
      {
        type: 'actions',
        elements: [{ type: 'button', action_id: 'retry', text: plain(':repeat: Retry') }],
      },
    ]);

    expectContains(html, ['✅ Applied', ':x: kept', '🔁 Retry']);
  });

  it('draws headers, sections with fields, dividers and context', () => {
    const html = render([
      { type: 'header', text: plain('Termination · dx4h') },
      { type: 'section', text: mrkdwn('*Status*'), fields: [mrkdwn('*CPS limit*\n10'), mrkdwn('*Default*\n+1206')] },
      { type: 'divider' },
      {
        type: 'context',
        elements: [mrkdwn('Asked by <@U0APPROVER>'), { type: 'image', image_url: 'https://x/y.png', alt_text: 'logo' }],
      },
    ]);

    expectContains(html, [
      '<h2 class="bk-header">Termination · dx4h</h2>',
      '<strong>Status</strong>',
      '<div class="bk-field"><strong>CPS limit</strong><br>10</div>',
      '<hr class="bk-divider">',
      '@bob',
    ]);
    // Images are never fetched: the page shows what they are instead.
    expect(html).toContain('🖼 logo');
    expect(html).not.toContain('<img');
  });

  it('gives buttons their ids, style and confirmation dialog', () => {
    const html = render([
      {
        type: 'actions',
        block_id: 'change_actions',
        elements: [
          {
            type: 'button',
            action_id: 'change_approve',
            text: plain('Approve'),
            style: 'primary',
            confirm: {
              title: plain('Approve?'),
              text: plain('Applied at once.'),
              confirm: plain('Yes'),
              deny: plain('No'),
            },
          },
          { type: 'button', action_id: 'change_reject', text: plain('Reject'), style: 'danger' },
          { type: 'button', action_id: 'open_link', text: plain('Open'), url: 'https://example.com/' },
        ],
      },
    ]);

    expect(html).toMatch(
      /class="bk-button bk-primary" data-kind="button" data-block-id="change_actions" data-action-id="change_approve"/,
    );
    expect(html).toMatch(/class="bk-button bk-danger"[^>]*data-action-id="change_reject"/);
    expectContains(html, [
      '<template class="bk-confirm">',
      'Approve?',
      '>No</button>',
      'data-url="https://example.com/"',
    ]);
  });

  it('shows a placeholder naming any block or element it cannot draw, never nothing', () => {
    const html = render([
      { type: 'rich_text', elements: [] },
      { type: 'actions', elements: [{ type: 'workflow_button', action_id: 'w', text: plain('Run') }] },
      { type: 'section', text: mrkdwn('x'), accessory: { type: 'multi_users_select', action_id: 'm' } },
      'not a block',
    ]);

    expectContains(html, [
      'Unsupported block: <code>rich_text</code>',
      'Unsupported element: <code>workflow_button</code>',
      'Unsupported element: <code>multi_users_select</code>',
      'Unsupported block: <code>(not an object)</code>',
    ]);
  });

  it('fills inputs with what the person entered, else the initial values, and shows inline errors', () => {
    const blocks = [
      input(
        'route_0_port',
        'Route 1 · Port',
        { type: 'plain_text_input', action_id: 'route_port', initial_value: '5060' },
        { hint: plain('0–65535') },
      ),
      input('route_0_protocol', 'Route 1 · Protocol', {
        type: 'static_select',
        action_id: 'route_protocol',
        options: [option('TCP'), option('UDP')],
        initial_option: option('UDP'),
      }),
      input(
        'justification',
        'Justification',
        { type: 'plain_text_input', action_id: 'justification', multiline: true },
        { optional: true },
      ),
    ];
    const state = viewStateValues({
      // Safe: the blocks above are valid Block Kit.
      blocks: blocks as never,
      enteredValues: { route_0_port: { route_port: { type: 'plain_text_input', value: '99999' } } },
    });

    const html = render(blocks, { state, errors: { route_0_port: 'Port must be 0–65535' } });

    expectContains(html, [
      'value="99999"',
      '<option value="UDP" selected>UDP</option>',
      '<textarea class="bk-text bk-multiline"',
      '(optional)',
      '<div class="bk-input has-error" data-block-id="route_0_port">',
      '<div class="bk-error" role="alert">Port must be 0–65535</div>',
      '<div class="bk-hint">0–65535</div>',
    ]);
  });

  it('draws radio buttons, checkboxes and an external select with its current choice', () => {
    const blocks = [
      input('origination_disabled', 'Disabled', {
        type: 'radio_buttons',
        action_id: 'origination_disabled',
        options: [
          option('Enabled', 'false'),
          { ...option('Disabled', 'true'), description: plain('Inbound calls stop') },
        ],
        initial_option: option('Enabled', 'false'),
      }),
      input('menu_share', 'Share', {
        type: 'checkboxes',
        action_id: 'share',
        options: [{ text: mrkdwn('*Post* in channel'), value: 'share' }],
      }),
      input('menu_connector', 'Voice connector', {
        type: 'external_select',
        action_id: 'connector_select',
        min_query_length: 2,
        initial_option: option('Contact Center', 'dx4h'),
      }),
    ];

    const html = render(blocks);

    expect(html).toContain(
      '<input type="radio" name="t-origination_disabled-origination_disabled" value="false" checked>',
    );
    expectContains(html, [
      'Inbound calls stop',
      '<input type="checkbox" name="t-menu_share-share" value="share">',
      '<strong>Post</strong> in channel',
      'data-min-query="2" data-selected-value="dx4h" data-selected-text="Contact Center"',
      'data-dispatch="0"',
    ]);
  });

  it('cannot be made to inject markup or attributes through any text or id', () => {
    const hostile = '"><script>alert(1)</script><b onclick="x';
    const html = render([
      { type: 'header', text: plain(hostile) },
      { type: 'section', block_id: hostile, text: plain(hostile) },
      {
        type: 'actions',
        block_id: hostile,
        elements: [{ type: 'button', action_id: hostile, value: hostile, text: plain(hostile), url: hostile }],
      },
      {
        type: 'input',
        block_id: hostile,
        label: plain(hostile),
        element: { type: 'plain_text_input', action_id: hostile, initial_value: hostile, placeholder: plain(hostile) },
      },
      { type: hostile },
    ]);

    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b ');
    expect(html).not.toMatch(/"\s*onclick=/);
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
  });
});
