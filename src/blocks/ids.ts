/**
 * Every `callback_id`, `action_id` and `block_id` the bot sends to Slack, in one place, so that
 * builders and listeners cannot drift apart.
 */

export const CallbackId = {
  MenuModal: 'chime_menu',
  OriginationModal: 'chime_origination',
  CredentialsModal: 'chime_credentials',
  RejectReasonModal: 'chime_reject_reason',
  LoadingModal: 'chime_loading',
  ResultModal: 'chime_result',
} as const;

export const ActionId = {
  /** external_select over the ListVoiceConnectors cache. */
  ConnectorSelect: 'connector_select',
  OperationSelect: 'operation_select',
  RegionSelect: 'region_select',
  ProxySessionInput: 'proxy_session_input',
  ShareCheckbox: 'share_checkbox',
  OriginationAddRoute: 'origination_add_route',
  OriginationRemoveRoute: 'origination_remove_route',
  RouteHost: 'route_host',
  RoutePort: 'route_port',
  RouteProtocol: 'route_protocol',
  RoutePriority: 'route_priority',
  RouteWeight: 'route_weight',
  OriginationDisabled: 'origination_disabled',
  Justification: 'justification',
  CredentialUsername: 'credential_username',
  CredentialPassword: 'credential_password',
  CredentialsAddPair: 'credentials_add_pair',
  CredentialsRemovePair: 'credentials_remove_pair',
  RejectReason: 'reject_reason',
  Approve: 'change_approve',
  Reject: 'change_reject',
  Cancel: 'change_cancel',
  Revert: 'change_revert',
  /** A link button (opens a URL): Slack still sends block_actions, which are acknowledged and ignored. */
  OpenLink: 'open_link',
} as const;

export const BlockId = {
  MenuConnector: 'menu_connector',
  MenuOperation: 'menu_operation',
  MenuRegion: 'menu_region',
  MenuProxySession: 'menu_proxy_session',
  MenuShare: 'menu_share',
  OriginationDisabled: 'origination_disabled',
  Justification: 'justification',
  RejectReason: 'reject_reason',
  ChangeActions: 'change_actions',
  CredentialsExisting: 'credentials_existing',
  /** Per-row input blocks: `route_<rowKey>_<field>` / `credential_<rowKey>_<field>`. */
  routeField: (rowKey: string, field: 'host' | 'port' | 'protocol' | 'priority' | 'weight') =>
    `route_${rowKey}_${field}`,
  routeActions: (rowKey: string) => `route_${rowKey}_actions`,
  credentialField: (rowKey: string, field: 'username' | 'password') => `credential_${rowKey}_${field}`,
} as const;
