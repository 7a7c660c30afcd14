/**
 * The `callback_id`s, `action_id`s and `block_id`s that several operations share (the menu, the
 * change request's buttons, the common modals). Each operation declares its own in its folder;
 * `src/operations/registry.ts` collects them all and refuses a clash.
 */

export const CallbackId = {
  MenuModal: 'chime_menu',
  RejectReasonModal: 'chime_reject_reason',
  ApproveRisksModal: 'chime_approve_risks',
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
  Justification: 'justification',
  RejectReason: 'reject_reason',
  Approve: 'change_approve',
  /** Approve on a request with high risks: opens the modal that names them. */
  ApproveDespiteRisks: 'change_approve_risky',
  Reject: 'change_reject',
  Cancel: 'change_cancel',
  Revert: 'change_revert',
  /** A break-glass change's after-the-fact review. */
  MarkReviewed: 'change_mark_reviewed',
  /** The change form's Break glass checkbox (members of the policy's breakGlass list only). */
  BreakGlass: 'break_glass',
  /** A link button (opens a URL): Slack still sends block_actions, which are acknowledged and ignored. */
  OpenLink: 'open_link',
} as const;

export const BlockId = {
  MenuConnector: 'menu_connector',
  MenuOperation: 'menu_operation',
  MenuRegion: 'menu_region',
  MenuProxySession: 'menu_proxy_session',
  MenuShare: 'menu_share',
  Justification: 'justification',
  RejectReason: 'reject_reason',
  ChangeActions: 'change_actions',
  BreakGlass: 'break_glass',
} as const;

/** Every shared id, for the registry's clash check. */
export const SHARED_IDS = {
  callbackIds: Object.values(CallbackId),
  actionIds: Object.values(ActionId),
  blockIds: Object.values(BlockId),
};
