import type { AnyBlock, PlainTextElement } from '@slack/types';
import {
  isStatefulElement,
  type JsonObject,
  type OptionObject,
  optionObject,
  optionObjects,
  placedElements,
} from './block-elements';

/** One element's value as Slack reports it in `view.state.values[blockId][actionId]`. */
export interface ViewStateValue {
  type: string;
  value?: string | null;
  selected_option?: OptionObject | null;
  selected_options?: OptionObject[];
  selected_user?: string | null;
  selected_users?: string[];
  selected_conversation?: string | null;
  selected_conversations?: string[];
  selected_channel?: string | null;
  selected_channels?: string[];
  selected_date?: string | null;
  selected_time?: string | null;
  selected_date_time?: number | null;
  rich_text_value?: unknown;
}

export type ViewStateValues = Record<string, Record<string, ViewStateValue>>;

/** A modal as the stand-in keeps it: what the bot sent, plus what the person did with it. */
export interface ModalViewRecord {
  id: string;
  teamId: string;
  /** The person the modal is open for. */
  userId: string;
  callbackId: string;
  externalId?: string;
  hash: string;
  title: PlainTextElement;
  submit?: PlainTextElement;
  close?: PlainTextElement;
  blocks: AnyBlock[];
  privateMetadata: string;
  notifyOnClose: boolean;
  clearOnClose: boolean;
  rootViewId: string;
  previousViewId: string | null;
  /**
   * What the person typed or picked, by `block_id` then `action_id`. Initial values are not copied
   * here: {@link viewStateValues} adds them when a payload is built.
   */
  enteredValues: ViewStateValues;
  /** Inline errors from the bot's last `response_action: 'errors'`, by `block_id`. */
  errors: Record<string, string>;
}

/** The modal fields of a `view` argument, once validation has accepted it. */
export interface ModalViewInput {
  type: 'modal';
  title: PlainTextElement;
  submit?: PlainTextElement;
  close?: PlainTextElement;
  blocks: AnyBlock[];
  private_metadata?: string;
  callback_id?: string;
  external_id?: string;
  notify_on_close?: boolean;
  clear_on_close?: boolean;
}

/**
 * Where `view.state` keeps what a person picked in a people, conversation or channel menu or a
 * date or time picker (one ID or several), and the element field that sets it at first.
 */
export const PICKED_VALUE_FIELDS: Readonly<
  Record<string, { field: keyof ViewStateValue; initial: string; many: boolean }>
> = {
  users_select: { field: 'selected_user', initial: 'initial_user', many: false },
  multi_users_select: { field: 'selected_users', initial: 'initial_users', many: true },
  conversations_select: { field: 'selected_conversation', initial: 'initial_conversation', many: false },
  multi_conversations_select: { field: 'selected_conversations', initial: 'initial_conversations', many: true },
  channels_select: { field: 'selected_channel', initial: 'initial_channel', many: false },
  multi_channels_select: { field: 'selected_channels', initial: 'initial_channels', many: true },
  datepicker: { field: 'selected_date', initial: 'initial_date', many: false },
  timepicker: { field: 'selected_time', initial: 'initial_time', many: false },
};

function initialStateOf(element: JsonObject, elementType: string): ViewStateValue {
  const stringOrNull = (value: unknown) => (typeof value === 'string' ? value : null);
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((item) => typeof item === 'string') : []);
  const picked = PICKED_VALUE_FIELDS[elementType];
  if (picked !== undefined) {
    const initial = element[picked.initial];
    return { type: elementType, [picked.field]: picked.many ? strings(initial) : stringOrNull(initial) };
  }
  switch (elementType) {
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type: elementType, selected_option: optionObject(element.initial_option) };
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return { type: elementType, selected_options: optionObjects(element.initial_options) };
    case 'datetimepicker':
      return {
        type: elementType,
        selected_date_time: typeof element.initial_date_time === 'number' ? element.initial_date_time : null,
      };
    case 'rich_text_input':
      return { type: elementType, rich_text_value: element.initial_value ?? null };
    default:
      return { type: elementType, value: stringOrNull(element.initial_value) };
  }
}

/**
 * The `state.values` Slack would send for this view: each stateful element's entered value, or its
 * initial value when the person has not touched it.
 */
export function viewStateValues(view: Pick<ModalViewRecord, 'blocks' | 'enteredValues'>): ViewStateValues {
  const values: ViewStateValues = {};
  for (const placed of placedElements(view.blocks)) {
    if (!isStatefulElement(placed.elementType)) continue;
    const entered = view.enteredValues[placed.blockId]?.[placed.actionId];
    const blockValues = values[placed.blockId] ?? {};
    blockValues[placed.actionId] = entered ?? initialStateOf(placed.element, placed.elementType);
    values[placed.blockId] = blockValues;
  }
  return values;
}

/**
 * What Slack keeps across `views.update`: an entered value survives when the new view still has an
 * element of the same type under the same `block_id` and `action_id`, whatever `initial_value`
 * the new view carries. Everything else is dropped.
 */
export function preserveEnteredValues(entered: ViewStateValues, newBlocks: readonly AnyBlock[]): ViewStateValues {
  const kept: ViewStateValues = {};
  for (const placed of placedElements(newBlocks)) {
    const value = entered[placed.blockId]?.[placed.actionId];
    if (value === undefined || value.type !== placed.elementType) continue;
    kept[placed.blockId] = { ...kept[placed.blockId], [placed.actionId]: value };
  }
  return kept;
}

/** Who the view belongs to, as Slack names it in the view object. */
export interface ViewOwner {
  appId: string;
  botId: string;
}

/** The view object exactly as Slack shows it to the app: in API answers and in interaction payloads. */
export function toViewPayload(view: ModalViewRecord, owner: ViewOwner): JsonObject {
  return {
    id: view.id,
    team_id: view.teamId,
    type: 'modal',
    blocks: structuredClone(view.blocks),
    private_metadata: view.privateMetadata,
    callback_id: view.callbackId,
    state: { values: viewStateValues(view) },
    hash: view.hash,
    title: view.title,
    clear_on_close: view.clearOnClose,
    notify_on_close: view.notifyOnClose,
    close: view.close ?? null,
    submit: view.submit ?? null,
    previous_view_id: view.previousViewId,
    root_view_id: view.rootViewId,
    app_id: owner.appId,
    external_id: view.externalId ?? '',
    app_installed_team_id: view.teamId,
    bot_id: owner.botId,
  };
}
