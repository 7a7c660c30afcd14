import { ActionId, BlockId } from '../../src/blocks/ids';
import { SHARE_IN_CHANNEL_VALUE } from '../../src/blocks/menu-modal';
import { CredentialsIds, credentialFieldBlock } from '../../src/operations/credentials/ids';
import { OriginationIds, routeFieldBlock } from '../../src/operations/origination/ids';
import { checkboxesState, selectedState, textState, type ViewStateValues } from './slack-payloads';

/**
 * `view.state.values` of the bot's modals as Slack sends them back on submission (or with a click
 * inside the modal): what a person entered, keyed by the modals' block and action ids.
 *
 * @example
 * viewSubmission({ view: form, values: originationFormValues({ '0': { host: 'sbc1.example.com', … } }) });
 */

/** One route row of the origination form, as typed. */
export interface RouteRow {
  host: string;
  port: string;
  protocol?: string;
  priority: string;
  weight: string;
}

/** The origination form, rows by their row key (`'0'`, `'1'`, …). */
export function originationFormValues(
  rows: Record<string, RouteRow>,
  options: { disabled?: 'true' | 'false'; justification?: string | null } = {},
): ViewStateValues {
  const values: ViewStateValues = {
    [OriginationIds.disabled]: selectedState(OriginationIds.disabled, 'radio_buttons', options.disabled ?? 'false'),
    [BlockId.Justification]: textState(
      ActionId.Justification,
      options.justification === undefined ? 'Move to the new SBC pair' : options.justification,
    ),
  };
  for (const [rowKey, row] of Object.entries(rows)) {
    values[routeFieldBlock(rowKey, 'host')] = textState(OriginationIds.routeHost, row.host);
    values[routeFieldBlock(rowKey, 'port')] = textState(OriginationIds.routePort, row.port);
    values[routeFieldBlock(rowKey, 'protocol')] = selectedState(
      OriginationIds.routeProtocol,
      'static_select',
      row.protocol,
    );
    values[routeFieldBlock(rowKey, 'priority')] = textState(OriginationIds.routePriority, row.priority);
    values[routeFieldBlock(rowKey, 'weight')] = textState(OriginationIds.routeWeight, row.weight);
  }
  return values;
}

/** One username/password row of the credentials form, as typed (`null`: left empty). */
export interface CredentialRow {
  username: string | null;
  password: string | null;
}

/** The credentials form, rows by their row key. */
export function credentialsFormValues(
  rows: Record<string, CredentialRow>,
  justification: string | null = 'Rotate after the PBX move',
): ViewStateValues {
  const values: ViewStateValues = { [BlockId.Justification]: textState(ActionId.Justification, justification) };
  for (const [rowKey, row] of Object.entries(rows)) {
    values[credentialFieldBlock(rowKey, 'username')] = textState(CredentialsIds.username, row.username);
    values[credentialFieldBlock(rowKey, 'password')] = textState(CredentialsIds.password, row.password);
  }
  return values;
}

/**
 * The `/chime` menu: `connector` is the chosen option's value (`<id>@<region>`), `operation` a
 * menu entry's value.
 */
export function menuFormValues(
  choice: {
    connector?: string;
    operation?: string;
    region?: string;
    proxySessionId?: string | null;
    share?: boolean;
  } = {},
): ViewStateValues {
  return {
    [BlockId.MenuConnector]: selectedState(ActionId.ConnectorSelect, 'external_select', choice.connector),
    [BlockId.MenuOperation]: selectedState(ActionId.OperationSelect, 'static_select', choice.operation),
    [BlockId.MenuRegion]: selectedState(ActionId.RegionSelect, 'static_select', choice.region ?? 'us-east-1'),
    [BlockId.MenuProxySession]: textState(ActionId.ProxySessionInput, choice.proxySessionId ?? null),
    [BlockId.MenuShare]: checkboxesState(ActionId.ShareCheckbox, choice.share ? [SHARE_IN_CHANNEL_VALUE] : []),
  };
}

/** The reject-reason modal. */
export function rejectReasonValues(reason: string | null): ViewStateValues {
  return { [BlockId.RejectReason]: textState(ActionId.RejectReason, reason) };
}
