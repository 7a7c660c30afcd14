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

function render(blocks: unknown[], extra: Partial<BlockRenderContext> = {}): string {
  return renderBlocks(blocks, contextFor(blocks, extra)).toString();
}

const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });

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

    expect(html).toContain('✅ Applied');
    expect(html).toContain(':x: kept');
    expect(html).toContain('🔁 Retry');
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

    expect(html).toContain('<h2 class="bk-header">Termination · dx4h</h2>');
    expect(html).toContain('<strong>Status</strong>');
    expect(html).toContain('<div class="bk-field"><strong>CPS limit</strong><br>10</div>');
    expect(html).toContain('<hr class="bk-divider">');
    expect(html).toContain('@bob');
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
    expect(html).toContain('<template class="bk-confirm">');
    expect(html).toContain('Approve?');
    expect(html).toContain('>No</button>');
    expect(html).toContain('data-url="https://example.com/"');
  });

  it('shows a placeholder naming any block or element it cannot draw, never nothing', () => {
    const html = render([
      { type: 'rich_text', elements: [] },
      { type: 'actions', elements: [{ type: 'workflow_button', action_id: 'w', text: plain('Run') }] },
      { type: 'section', text: mrkdwn('x'), accessory: { type: 'multi_users_select', action_id: 'm' } },
      'not a block',
    ]);

    expect(html).toContain('Unsupported block: <code>rich_text</code>');
    expect(html).toContain('Unsupported element: <code>workflow_button</code>');
    expect(html).toContain('Unsupported element: <code>multi_users_select</code>');
    expect(html).toContain('Unsupported block: <code>(not an object)</code>');
  });

  it('fills inputs with what the person entered, else the initial values, and shows inline errors', () => {
    const blocks = [
      {
        type: 'input',
        block_id: 'route_0_port',
        label: plain('Route 1 · Port'),
        hint: plain('0–65535'),
        element: { type: 'plain_text_input', action_id: 'route_port', initial_value: '5060' },
      },
      {
        type: 'input',
        block_id: 'route_0_protocol',
        label: plain('Route 1 · Protocol'),
        element: {
          type: 'static_select',
          action_id: 'route_protocol',
          options: [
            { text: plain('TCP'), value: 'TCP' },
            { text: plain('UDP'), value: 'UDP' },
          ],
          initial_option: { text: plain('UDP'), value: 'UDP' },
        },
      },
      {
        type: 'input',
        block_id: 'justification',
        label: plain('Justification'),
        optional: true,
        element: { type: 'plain_text_input', action_id: 'justification', multiline: true },
      },
    ];
    const state = viewStateValues({
      // Safe: the blocks above are valid Block Kit.
      blocks: blocks as never,
      enteredValues: { route_0_port: { route_port: { type: 'plain_text_input', value: '99999' } } },
    });

    const html = render(blocks, { state, errors: { route_0_port: 'Port must be 0–65535' } });

    expect(html).toContain('value="99999"');
    expect(html).toContain('<option value="UDP" selected>UDP</option>');
    expect(html).toContain('<textarea class="bk-text bk-multiline"');
    expect(html).toContain('(optional)');
    expect(html).toContain('<div class="bk-input has-error" data-block-id="route_0_port">');
    expect(html).toContain('<div class="bk-error" role="alert">Port must be 0–65535</div>');
    expect(html).toContain('<div class="bk-hint">0–65535</div>');
  });

  it('draws radio buttons, checkboxes and an external select with its current choice', () => {
    const blocks = [
      {
        type: 'input',
        block_id: 'origination_disabled',
        label: plain('Disabled'),
        element: {
          type: 'radio_buttons',
          action_id: 'origination_disabled',
          options: [
            { text: plain('Enabled'), value: 'false' },
            { text: plain('Disabled'), value: 'true', description: plain('Inbound calls stop') },
          ],
          initial_option: { text: plain('Enabled'), value: 'false' },
        },
      },
      {
        type: 'input',
        block_id: 'menu_share',
        label: plain('Share'),
        element: {
          type: 'checkboxes',
          action_id: 'share',
          options: [{ text: mrkdwn('*Post* in channel'), value: 'share' }],
        },
      },
      {
        type: 'input',
        block_id: 'menu_connector',
        label: plain('Voice connector'),
        element: {
          type: 'external_select',
          action_id: 'connector_select',
          min_query_length: 2,
          initial_option: { text: plain('Contact Center'), value: 'dx4h' },
        },
      },
    ];

    const html = render(blocks);

    expect(html).toContain(
      '<input type="radio" name="t-origination_disabled-origination_disabled" value="false" checked>',
    );
    expect(html).toContain('Inbound calls stop');
    expect(html).toContain('<input type="checkbox" name="t-menu_share-share" value="share">');
    expect(html).toContain('<strong>Post</strong> in channel');
    expect(html).toContain('data-min-query="2" data-selected-value="dx4h" data-selected-text="Contact Center"');
    expect(html).toContain('data-dispatch="0"');
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
