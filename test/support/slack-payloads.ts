import type {
  BlockAction,
  BlockSuggestion,
  ButtonAction,
  SlashCommand,
  ViewOutput,
  ViewStateValue,
  ViewSubmitAction,
} from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { APPROVER, REQUESTER, TEAM } from './change-fixtures';

/**
 * Typed fixture factories for the payloads Slack sends (as Bolt's own tests build theirs): view
 * state entries, and whole slash commands, block actions, view submissions and block suggestions
 * for listener-level tests. Every shared Slack fixture lives here.
 *
 * @example
 * await harness.send(slashCommand({ text: 'termination abcdef1234567890abcdef' }));
 * await harness.send(messageButtonClick({ actionId: 'change_approve', value: 'CR-7K3M9Q2A', user: APPROVER_USER }));
 * await harness.send(viewSubmission({ view: originationModal(model), values: originationFormValues(rows) }));
 */

/** `view.state.values` as Slack sends it: block id → action id → element state. */
export type ViewStateValues = ViewOutput['state']['values'];

/** Someone who acts in Slack. */
export interface SlackPerson {
  id: string;
  /** The handle: `user_name` of a command, `user.username` and `user.name` of an interaction. */
  name: string;
  teamId: string;
}

export const SLACK_TEAM = { id: TEAM, domain: 'voice-ops' } as const;
export const APP_ID = 'A0CHIMEOPS';
export const BOT_ID = 'B0CHIMEOPS';
/** The channel people type commands in. */
export const OPS_CHANNEL = { id: 'C0OPS', name: 'voice-ops' } as const;
/** The channel change requests are posted in (`APPROVAL_CHANNEL` of the listener harness). */
export const APPROVALS_CHANNEL = { id: 'C0APPROVALS', name: 'voice-approvals' } as const;

export const REQUESTER_USER: SlackPerson = { id: REQUESTER, name: 'rita', teamId: TEAM };
export const APPROVER_USER: SlackPerson = { id: APPROVER, name: 'arne', teamId: TEAM };
/** In the workspace, in no list of the configuration. */
export const OUTSIDER_USER: SlackPerson = { id: 'U0OUTSIDER', name: 'olga', teamId: TEAM };

let sequence = 0;
/** A fresh number per payload, so trigger ids, view ids and action timestamps never repeat. */
function next(): number {
  sequence += 1;
  return sequence;
}

/** Slack's `action_ts`: seconds and microseconds since the epoch. */
function actionTimestamp(): string {
  const now = Date.now() + next();
  return `${Math.floor(now / 1000)}.${String((now % 1000) * 1000).padStart(6, '0')}`;
}

function triggerId(): string {
  return `${next()}.1234567890.abcdef0123456789`;
}

/** A response_url as Slack issues them: valid for 30 minutes, 5 posts. */
export function responseUrl(): string {
  return `https://hooks.slack.test/commands/${TEAM}/${next()}/response-url-secret`;
}

function interactionUser(person: SlackPerson) {
  return { id: person.id, username: person.name, name: person.name, team_id: person.teamId };
}

function interactionTeam(person: SlackPerson) {
  return { id: person.teamId, domain: SLACK_TEAM.domain };
}

/** A text input's state as Slack sends it; an empty optional input comes back as `null`. */
export function textState(actionId: string, value: string | null): Record<string, ViewStateValue> {
  return { [actionId]: { type: 'plain_text_input', value } };
}

/** A select's or radio group's state; `undefined` for nothing chosen (Slack sends `null`). */
export function selectedState(
  actionId: string,
  type: 'static_select' | 'external_select' | 'radio_buttons',
  value: string | undefined,
): Record<string, ViewStateValue> {
  return {
    [actionId]: {
      type,
      selected_option: value === undefined ? null : { text: { type: 'plain_text', text: value }, value },
    },
  };
}

/** A checkbox group's state: the values ticked, none as `[]`. */
export function checkboxesState(actionId: string, values: readonly string[]): Record<string, ViewStateValue> {
  return {
    [actionId]: {
      type: 'checkboxes',
      selected_options: values.map((value) => ({ text: { type: 'plain_text', text: value }, value })),
    },
  };
}

/**
 * `/chime <text>` as Slack posts it (the URL-encoded body, already parsed), typed in
 * {@link OPS_CHANNEL} by {@link REQUESTER_USER} unless told otherwise.
 */
export function slashCommand(
  options: {
    text?: string;
    command?: string;
    user?: SlackPerson;
    channel?: { id: string; name: string };
    responseUrl?: string;
  } = {},
): SlashCommand {
  const user = options.user ?? REQUESTER_USER;
  const channel = options.channel ?? OPS_CHANNEL;
  return {
    token: 'verification-token-unused',
    command: options.command ?? '/chime',
    text: options.text ?? '',
    response_url: options.responseUrl ?? responseUrl(),
    trigger_id: triggerId(),
    user_id: user.id,
    user_name: user.name,
    team_id: user.teamId,
    team_domain: SLACK_TEAM.domain,
    channel_id: channel.id,
    channel_name: channel.name,
    api_app_id: APP_ID,
    is_enterprise_install: 'false',
  };
}

interface ButtonClickOptions {
  actionId: string;
  /** The button's `value`; forged values are what a test of the listener's parse sends. */
  value?: string;
  blockId?: string;
  user?: SlackPerson;
  actionTs?: string;
}

function buttonAction(options: ButtonClickOptions): ButtonAction {
  return {
    type: 'button',
    action_id: options.actionId,
    block_id: options.blockId ?? 'actions',
    ...(options.value !== undefined ? { value: options.value } : {}),
    text: { type: 'plain_text', text: options.actionId },
    action_ts: options.actionTs ?? actionTimestamp(),
  };
}

/**
 * A click on a button of a message: in a channel (the approval message, in {@link APPROVALS_CHANNEL}
 * by {@link APPROVER_USER} unless told otherwise) or on an ephemeral one (the requester's
 * confirmation, which Slack sends without the message itself).
 */
export function messageButtonClick(
  options: ButtonClickOptions & {
    channel?: { id: string; name: string };
    messageTs?: string;
    ephemeral?: boolean;
    responseUrl?: string;
  },
): BlockAction<ButtonAction> {
  const user = options.user ?? APPROVER_USER;
  const channel = options.channel ?? APPROVALS_CHANNEL;
  const messageTs = options.messageTs ?? '1700000000.000100';
  return {
    type: 'block_actions',
    actions: [buttonAction(options)],
    team: interactionTeam(user),
    user: interactionUser(user),
    channel: { ...channel },
    ...(options.ephemeral ? {} : { message: { type: 'message', ts: messageTs, text: 'A change request' } }),
    container: { type: 'message', message_ts: messageTs, channel_id: channel.id, is_ephemeral: !!options.ephemeral },
    token: 'verification-token-unused',
    response_url: options.responseUrl ?? responseUrl(),
    trigger_id: triggerId(),
    api_app_id: APP_ID,
    is_enterprise_install: false,
  };
}

/**
 * A block action from a modal. Slack sends no `response_url`, channel or message with these (there
 * is no message to answer), which Bolt's `BlockAction` does not say: hence this narrower type.
 */
export type ModalBlockAction<A extends ButtonAction = ButtonAction> = Omit<
  BlockAction<A>,
  'response_url' | 'channel' | 'message'
> & { view: ViewOutput };

/** A click on a button inside a modal (a form's Add or Remove row) by {@link REQUESTER_USER} unless told otherwise, carrying the view as shown. */
export function modalButtonClick(options: ButtonClickOptions & { view: ViewOutput }): ModalBlockAction {
  const user = options.user ?? REQUESTER_USER;
  return {
    type: 'block_actions',
    actions: [buttonAction(options)],
    team: interactionTeam(user),
    user: interactionUser(user),
    view: options.view,
    container: { type: 'view', view_id: options.view.id },
    token: 'verification-token-unused',
    trigger_id: triggerId(),
    api_app_id: APP_ID,
    is_enterprise_install: false,
  };
}

/**
 * A modal as Slack hands it back in an interaction: the view the bot built, with the ids Slack
 * gave it and the values the person entered.
 */
export function viewOutput(
  view: ModalView,
  options: { id?: string; hash?: string; values?: ViewStateValues } = {},
): ViewOutput {
  const id = options.id ?? `V0VIEW${next()}`;
  return {
    id,
    team_id: TEAM,
    type: 'modal',
    callback_id: view.callback_id ?? '',
    private_metadata: view.private_metadata ?? '',
    title: { ...view.title },
    submit: view.submit ? { ...view.submit } : null,
    close: view.close ? { ...view.close } : null,
    blocks: structuredClone(view.blocks),
    state: { values: structuredClone(options.values ?? {}) },
    hash: options.hash ?? `${next()}.view-hash`,
    root_view_id: id,
    previous_view_id: null,
    app_id: APP_ID,
    app_installed_team_id: TEAM,
    bot_id: BOT_ID,
    clear_on_close: false,
    notify_on_close: false,
    external_id: '',
  };
}

/** The person presses a modal's submit button. */
export function viewSubmission(options: {
  view: ModalView | ViewOutput;
  values?: ViewStateValues;
  user?: SlackPerson;
}): ViewSubmitAction {
  const user = options.user ?? REQUESTER_USER;
  const view = isViewOutput(options.view)
    ? { ...options.view, state: { values: structuredClone(options.values ?? options.view.state.values) } }
    : viewOutput(options.view, { values: options.values });
  return {
    type: 'view_submission',
    team: interactionTeam(user),
    user: { id: user.id, name: user.name, team_id: user.teamId },
    view,
    api_app_id: APP_ID,
    token: 'verification-token-unused',
    trigger_id: triggerId(),
    is_enterprise_install: false,
    response_urls: [],
  };
}

/** The person types `value` into an external select of a modal; Slack asks for its options. */
export function blockSuggestion(options: {
  actionId: string;
  blockId: string;
  value: string;
  view: ViewOutput;
  user?: SlackPerson;
}): BlockSuggestion {
  const user = options.user ?? REQUESTER_USER;
  return {
    type: 'block_suggestion',
    action_id: options.actionId,
    block_id: options.blockId,
    value: options.value,
    api_app_id: APP_ID,
    team: interactionTeam(user),
    user: { id: user.id, name: user.name, team_id: user.teamId },
    token: 'verification-token-unused',
    container: { type: 'view', view_id: options.view.id },
    view: options.view,
    is_enterprise_install: false,
  };
}

function isViewOutput(view: ModalView | ViewOutput): view is ViewOutput {
  return 'id' in view && 'state' in view;
}
