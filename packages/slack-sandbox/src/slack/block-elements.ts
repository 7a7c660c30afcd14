import type { AnyBlock } from '@slack/types';

/** Block Kit JSON as it arrives from the bot: checked field by field rather than trusted. */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An interactive element together with the block that holds it, as Slack reports it in payloads. */
export interface PlacedElement {
  blockIndex: number;
  blockId: string;
  blockType: string;
  element: JsonObject;
  elementType: string;
  actionId: string;
  /** The input block's label text, when the element sits in an input block. */
  label?: string;
}

/** The select menus: static and external options, people, conversations and channels, single or multiple. */
export const SELECT_MENU_TYPES = [
  'static_select',
  'external_select',
  'users_select',
  'conversations_select',
  'channels_select',
  'multi_static_select',
  'multi_external_select',
  'multi_users_select',
  'multi_conversations_select',
  'multi_channels_select',
] as const;

/** The one-line (or multiline) text fields. */
export const TEXT_INPUT_TYPES = ['plain_text_input', 'email_text_input', 'url_text_input', 'number_input'] as const;

export const DATE_AND_TIME_PICKER_TYPES = ['datepicker', 'timepicker', 'datetimepicker'] as const;

export const CHOICE_LIST_TYPES = ['radio_buttons', 'checkboxes'] as const;

/** Elements whose current value Slack reports in `view.state.values`. Buttons and overflow menus have none. */
const STATEFUL_ELEMENT_TYPES: ReadonlySet<string> = new Set([
  ...TEXT_INPUT_TYPES,
  'rich_text_input',
  ...SELECT_MENU_TYPES,
  ...CHOICE_LIST_TYPES,
  ...DATE_AND_TIME_PICKER_TYPES,
]);

export function isStatefulElement(elementType: string): boolean {
  return STATEFUL_ELEMENT_TYPES.has(elementType);
}

function stringField(object: JsonObject, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' ? value : undefined;
}

export function textOf(textObject: unknown): string | undefined {
  return isJsonObject(textObject) ? stringField(textObject, 'text') : undefined;
}

/**
 * Every interactive element in `blocks`, in reading order: actions-block elements, section
 * accessories and input-block elements.
 */
export function placedElements(blocks: readonly AnyBlock[]): PlacedElement[] {
  const placed: PlacedElement[] = [];
  blocks.forEach((block, blockIndex) => {
    const blockObject = block as unknown as JsonObject;
    const blockId = stringField(blockObject, 'block_id') ?? '';
    const candidates: { element: unknown; label?: string }[] = [];
    if (block.type === 'actions' && Array.isArray(blockObject.elements)) {
      for (const element of blockObject.elements) candidates.push({ element });
    } else if (block.type === 'section') {
      candidates.push({ element: blockObject.accessory });
    } else if (block.type === 'input') {
      candidates.push({ element: blockObject.element, label: textOf(blockObject.label) });
    }
    for (const { element, label } of candidates) {
      if (!isJsonObject(element)) continue;
      const elementType = stringField(element, 'type');
      if (elementType === undefined || elementType === 'image') continue;
      placed.push({
        blockIndex,
        blockId,
        blockType: block.type,
        element,
        elementType,
        actionId: stringField(element, 'action_id') ?? '',
        ...(label !== undefined ? { label } : {}),
      });
    }
  });
  return placed;
}

/**
 * Slack fills in a `block_id` and an `action_id` where the app left them out, and reports those in
 * every payload. Generated ids differ from call to call, so a block without an explicit id never
 * keeps what the user typed across `views.update`.
 */
export function withGeneratedIds(blocks: readonly AnyBlock[], nextId: () => string): AnyBlock[] {
  return blocks.map((block) => {
    const copy = structuredClone(block) as unknown as JsonObject;
    if (typeof copy.block_id !== 'string' || copy.block_id === '') copy.block_id = nextId();
    const fill = (element: unknown) => {
      if (!isJsonObject(element) || element.type === 'image') return;
      if (typeof element.action_id !== 'string' || element.action_id === '') element.action_id = nextId();
    };
    if (copy.type === 'actions' && Array.isArray(copy.elements)) copy.elements.forEach(fill);
    if (copy.type === 'section') fill(copy.accessory);
    if (copy.type === 'input') fill(copy.element);
    // Safe: only ids were added to a block that had already passed validation as a block.
    return copy as unknown as AnyBlock;
  });
}

/** An option as Slack echoes it back in `selected_option(s)`. */
export interface OptionObject {
  text: { type: 'plain_text' | 'mrkdwn'; text: string; emoji?: boolean };
  value: string;
  description?: { type: 'plain_text' | 'mrkdwn'; text: string };
}

function isOptionObject(value: unknown): value is OptionObject {
  return isJsonObject(value) && typeof value.value === 'string' && textOf(value.text) !== undefined;
}

/** The options an element offers, flattening option groups. */
export function optionsOf(element: JsonObject): OptionObject[] {
  const direct = Array.isArray(element.options) ? element.options.filter(isOptionObject) : [];
  const grouped = Array.isArray(element.option_groups)
    ? element.option_groups.flatMap((group) =>
        isJsonObject(group) && Array.isArray(group.options) ? group.options.filter(isOptionObject) : [],
      )
    : [];
  return [...direct, ...grouped];
}

export function optionObject(value: unknown): OptionObject | null {
  return isOptionObject(value) ? value : null;
}

export function optionObjects(value: unknown): OptionObject[] {
  return Array.isArray(value) ? value.filter(isOptionObject) : [];
}
