import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { changeFormHeader, changeFormModal, justificationInput } from '../../blocks/change-form';
import { contextBlock, plainText, SlackLimit, sectionBlock } from '../../blocks/slack-limits';
import type { OriginationRoute, VoiceConnectorRef } from '../../chime/voice-connector';
import { type ChangeFormMetadata, encodeChangeFormMetadata } from '../change-requests/change-form-metadata';
import { OriginationIds, routeActionsBlock, routeFieldBlock } from './ids';
import { MAX_ORIGINATION_ROUTES, type RouteInput } from './origination-rules';

export interface OriginationModalModel {
  ref: VoiceConnectorRef;
  metadata: ChangeFormMetadata;
  /**
   * Initial values per row key, for rows filled from the snapshot. Rows without one start blank
   * (defaults); rows already on screen keep what the person typed, because Slack preserves input
   * values across `views.update` for unchanged block and action ids.
   */
  initialRoutes: Record<string, RouteInput>;
  disabled: boolean;
  /** An open request for this connector that a new one would collide with. */
  openRequestId?: string;
  /** Filled in when this form reverts an applied change. */
  justification?: string;
}

const PROTOCOL_OPTIONS: PlainTextOption[] = [
  { text: plainText('UDP'), value: 'UDP' },
  { text: plainText('TCP'), value: 'TCP' },
];
const DISABLED_OPTIONS: PlainTextOption[] = [
  { text: plainText('No: route inbound calls to these hosts'), value: 'false' },
  { text: plainText('Yes: refuse all inbound calls'), value: 'true' },
];
const NEW_ROUTE: RouteInput = { host: '', port: '5060', protocol: 'UDP', priority: '1', weight: '1' };

/** A route as the form's initial values. */
export function routeInput(route: OriginationRoute): RouteInput {
  return {
    host: route.host,
    port: String(route.port),
    protocol: route.protocol,
    priority: String(route.priority),
    weight: String(route.weight),
  };
}

/**
 * The origination change form: one row of inputs per route (Host, Port, Protocol, Priority,
 * Weight, labelled "Route N · …"), add and remove buttons, the Disabled choice and a required
 * justification. At most {@link MAX_ORIGINATION_ROUTES} routes: 6 blocks a route keep it well
 * under Slack's 100-block modal limit.
 *
 * @example
 * originationModal({ ref, metadata, initialRoutes: { '0': route }, disabled: false });
 */
export function originationModal(model: OriginationModalModel): ModalView {
  const { ref, metadata } = model;
  const blocks: KnownBlock[] = changeFormHeader(ref, model.openRequestId, [
    contextBlock([
      'The routes below replace the whole route list. Nothing changes until someone in the approvers list approves.',
    ]),
  ]);

  metadata.rows.forEach((rowKey, index) => {
    const number = index + 1;
    const initial = model.initialRoutes[rowKey];
    const values = initial ?? NEW_ROUTE;
    blocks.push({
      type: 'section',
      block_id: routeActionsBlock(rowKey),
      text: { type: 'mrkdwn', text: `*Route ${number}*` },
      accessory: {
        type: 'button',
        action_id: OriginationIds.removeRoute,
        text: plainText('Remove'),
        value: rowKey,
      },
    });
    blocks.push(
      textInput(rowKey, 'host', OriginationIds.routeHost, `Route ${number} · Host`, values.host, {
        placeholder: 'sbc1.example.com or 203.0.113.10',
      }),
      textInput(rowKey, 'port', OriginationIds.routePort, `Route ${number} · Port`, values.port, {
        hint: '0–65535 (SIP usually 5060, or 5061 for TLS)',
      }),
      {
        type: 'input',
        block_id: routeFieldBlock(rowKey, 'protocol'),
        label: plainText(`Route ${number} · Protocol`),
        element: {
          type: 'static_select',
          action_id: OriginationIds.routeProtocol,
          options: PROTOCOL_OPTIONS,
          initial_option: PROTOCOL_OPTIONS.find((option) => option.value === values.protocol),
        },
      },
      textInput(rowKey, 'priority', OriginationIds.routePriority, `Route ${number} · Priority`, values.priority, {
        hint: '1–100; lower numbers are tried first',
      }),
      textInput(rowKey, 'weight', OriginationIds.routeWeight, `Route ${number} · Weight`, values.weight, {
        hint: '1–100; shares calls among routes of equal priority',
      }),
    );
  });

  if (metadata.rows.length === 0) blocks.push(sectionBlock('_No routes: choose Disabled below, or add a route._'));
  if (metadata.rows.length < MAX_ORIGINATION_ROUTES) {
    blocks.push({
      type: 'actions',
      block_id: OriginationIds.addBlock,
      elements: [{ type: 'button', action_id: OriginationIds.addRoute, text: plainText('Add route'), value: 'add' }],
    });
  } else {
    blocks.push(contextBlock([`A voice connector has at most ${MAX_ORIGINATION_ROUTES} origination routes.`]));
  }

  blocks.push(
    { type: 'divider' },
    {
      type: 'input',
      block_id: OriginationIds.disabled,
      label: plainText('Disabled'),
      element: {
        type: 'radio_buttons',
        action_id: OriginationIds.disabled,
        options: DISABLED_OPTIONS,
        initial_option: DISABLED_OPTIONS[model.disabled ? 1 : 0],
      },
    },
    justificationInput(model.justification),
  );

  return changeFormModal({
    callbackId: OriginationIds.callback,
    title: 'Origination change',
    privateMetadata: encodeChangeFormMetadata(metadata),
    blocks,
  });
}

function textInput(
  rowKey: string,
  field: 'host' | 'port' | 'priority' | 'weight',
  actionId: string,
  label: string,
  initialValue: string,
  options: { placeholder?: string; hint?: string },
): KnownBlock {
  return {
    type: 'input',
    block_id: routeFieldBlock(rowKey, field),
    label: plainText(label),
    ...(options.hint ? { hint: plainText(options.hint) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: actionId,
      ...(initialValue !== '' ? { initial_value: initialValue } : {}),
      ...(options.placeholder ? { placeholder: plainText(options.placeholder, SlackLimit.Placeholder) } : {}),
      max_length: field === 'host' ? 253 : 5,
    },
  };
}
