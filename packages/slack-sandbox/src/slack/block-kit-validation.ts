import type { AnyBlock } from '@slack/types';
import {
  CHOICE_LIST_TYPES,
  DATE_AND_TIME_PICKER_TYPES,
  isJsonObject,
  type JsonObject,
  SELECT_MENU_TYPES,
  TEXT_INPUT_TYPES,
} from './block-elements';
import type { ModalViewInput } from './modal-view';

/**
 * What Slack refuses in Block Kit, checked the way the Web API checks it, so the bot meets the
 * refusal in tests instead of in front of a user. Limits follow `notes/slack.md`.
 */

export const MESSAGE_BLOCK_LIMIT = 50;
export const MODAL_BLOCK_LIMIT = 100;
/** `msg_blocks_too_long` has been seen near this many characters of text across a message's blocks. */
export const MESSAGE_BLOCKS_TEXT_LIMIT = 13_000;
/** Bytes of view JSON beyond which Slack answers `view_too_large`. */
export const VIEW_SIZE_LIMIT_BYTES = 250_000;

/** One refused field, located by a JSON pointer into the request, as Slack reports it. */
export interface BlockKitProblem {
  pointer: string;
  message: string;
}

/** Slack's `response_metadata.messages` lines: `[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]`. */
export function problemLines(problems: readonly BlockKitProblem[]): string[] {
  return problems.map((problem) => `[ERROR] ${problem.message} [json-pointer:${problem.pointer}]`);
}

/** Slack's `errors` array: the same lines without the `[ERROR]` prefix. */
export function problemErrors(problems: readonly BlockKitProblem[]): string[] {
  return problems.map((problem) => `${problem.message} [json-pointer:${problem.pointer}]`);
}

type Problems = BlockKitProblem[];

function tooLong(max: number): string {
  return `must be less than ${max + 1} characters`;
}

function checkString(problems: Problems, value: unknown, pointer: string, max: number, required = false): void {
  if (value === undefined) {
    if (required) problems.push({ pointer, message: 'missing required field' });
    return;
  }
  if (typeof value !== 'string') problems.push({ pointer, message: 'must provide a string' });
  else if (value.length > max) problems.push({ pointer, message: tooLong(max) });
}

function checkBoolean(problems: Problems, value: unknown, pointer: string): void {
  if (value !== undefined && typeof value !== 'boolean') problems.push({ pointer, message: 'must provide a boolean' });
}

interface TextRules {
  max: number;
  min?: number;
  plainOnly?: boolean;
  required?: boolean;
}

function checkText(problems: Problems, value: unknown, pointer: string, rules: TextRules): void {
  if (value === undefined) {
    if (rules.required) problems.push({ pointer, message: 'missing required field' });
    return;
  }
  if (!isJsonObject(value)) {
    problems.push({ pointer, message: 'must provide an object' });
    return;
  }
  const allowed = rules.plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
  if (typeof value.type !== 'string' || !allowed.includes(value.type)) {
    problems.push({ pointer: `${pointer}/type`, message: `must be ${allowed.join(' or ')}` });
  }
  if (typeof value.text !== 'string') {
    problems.push({ pointer: `${pointer}/text`, message: 'must provide a string' });
    return;
  }
  const min = rules.min ?? 1;
  if (value.text.length < min)
    problems.push({ pointer: `${pointer}/text`, message: `must be more than ${min - 1} characters` });
  if (value.text.length > rules.max) problems.push({ pointer: `${pointer}/text`, message: tooLong(rules.max) });
}

function checkArray(
  problems: Problems,
  value: unknown,
  pointer: string,
  limits: { min: number; max: number; required?: boolean },
): unknown[] {
  if (value === undefined) {
    if (limits.required) problems.push({ pointer, message: 'missing required field' });
    return [];
  }
  if (!Array.isArray(value)) {
    problems.push({ pointer, message: 'must provide an array' });
    return [];
  }
  if (value.length < limits.min) problems.push({ pointer, message: `must provide at least ${limits.min} items` });
  if (value.length > limits.max) problems.push({ pointer, message: `no more than ${limits.max} items allowed` });
  return value;
}

function checkOption(problems: Problems, option: unknown, pointer: string, plainOnly: boolean): void {
  if (!isJsonObject(option)) {
    problems.push({ pointer, message: 'must provide an object' });
    return;
  }
  checkText(problems, option.text, `${pointer}/text`, { max: 75, plainOnly, required: true });
  checkString(problems, option.value, `${pointer}/value`, 75, true);
  checkText(problems, option.description, `${pointer}/description`, { max: 75, plainOnly });
  checkString(problems, option.url, `${pointer}/url`, 3000);
}

function checkConfirm(problems: Problems, confirm: unknown, pointer: string): void {
  if (confirm === undefined) return;
  if (!isJsonObject(confirm)) {
    problems.push({ pointer, message: 'must provide an object' });
    return;
  }
  checkText(problems, confirm.title, `${pointer}/title`, { max: 100, plainOnly: true, required: true });
  checkText(problems, confirm.text, `${pointer}/text`, { max: 300, required: true });
  checkText(problems, confirm.confirm, `${pointer}/confirm`, { max: 30, plainOnly: true, required: true });
  checkText(problems, confirm.deny, `${pointer}/deny`, { max: 30, plainOnly: true, required: true });
}

function checkPlaceholder(problems: Problems, element: JsonObject, pointer: string): void {
  checkText(problems, element.placeholder, `${pointer}/placeholder`, { max: 150, plainOnly: true });
}

function checkStaticOptions(problems: Problems, element: JsonObject, pointer: string): void {
  const hasOptions = element.options !== undefined;
  const hasGroups = element.option_groups !== undefined;
  if (hasOptions === hasGroups) {
    problems.push({ pointer, message: 'must provide exactly one of options or option_groups' });
  }
  const options = checkArray(problems, element.options, `${pointer}/options`, { min: 1, max: 100 });
  options.forEach((option, index) => {
    checkOption(problems, option, `${pointer}/options/${index}`, true);
  });
  const groups = checkArray(problems, element.option_groups, `${pointer}/option_groups`, { min: 1, max: 100 });
  groups.forEach((group, groupIndex) => {
    const groupPointer = `${pointer}/option_groups/${groupIndex}`;
    if (!isJsonObject(group)) {
      problems.push({ pointer: groupPointer, message: 'must provide an object' });
      return;
    }
    checkText(problems, group.label, `${groupPointer}/label`, { max: 75, plainOnly: true, required: true });
    const groupOptions = checkArray(problems, group.options, `${groupPointer}/options`, {
      min: 1,
      max: 100,
      required: true,
    });
    groupOptions.forEach((option, index) => {
      checkOption(problems, option, `${groupPointer}/options/${index}`, true);
    });
  });
}

/** Slack refuses an `initial_option(s)` that is not one of the element's own options. */
function checkInitialOptionsOffered(problems: Problems, element: JsonObject, pointer: string): void {
  const offered = new Set<string>();
  const collect = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const option of list) if (isJsonObject(option) && typeof option.value === 'string') offered.add(option.value);
  };
  collect(element.options);
  if (Array.isArray(element.option_groups)) {
    for (const group of element.option_groups) if (isJsonObject(group)) collect(group.options);
  }
  const initial = [
    ...(element.initial_option !== undefined ? [{ option: element.initial_option, key: 'initial_option' }] : []),
    ...(Array.isArray(element.initial_options)
      ? element.initial_options.map((option, index) => ({ option, key: `initial_options/${index}` }))
      : []),
  ];
  for (const { option, key } of initial) {
    const value = isJsonObject(option) ? option.value : undefined;
    if (typeof value !== 'string' || !offered.has(value)) {
      problems.push({ pointer: `${pointer}/${key}`, message: 'must match one of the provided options' });
    }
  }
}

type ElementPlace = 'actions' | 'accessory' | 'input';

const ELEMENTS_BY_PLACE: Record<ElementPlace, ReadonlySet<string>> = {
  actions: new Set([
    'button',
    ...SELECT_MENU_TYPES,
    'overflow',
    ...DATE_AND_TIME_PICKER_TYPES,
    ...CHOICE_LIST_TYPES,
    'workflow_button',
    'rich_text_input',
  ]),
  // No datetimepicker beside a section's text.
  accessory: new Set([
    'button',
    'image',
    ...SELECT_MENU_TYPES,
    'overflow',
    'datepicker',
    'timepicker',
    ...CHOICE_LIST_TYPES,
    'workflow_button',
  ]),
  input: new Set([
    ...TEXT_INPUT_TYPES,
    'rich_text_input',
    ...SELECT_MENU_TYPES,
    ...DATE_AND_TIME_PICKER_TYPES,
    ...CHOICE_LIST_TYPES,
    'file_input',
  ]),
};

function checkElement(problems: Problems, element: unknown, pointer: string, place: ElementPlace): void {
  if (!isJsonObject(element)) {
    problems.push({ pointer, message: 'must provide an object' });
    return;
  }
  const type = element.type;
  if (typeof type !== 'string' || !ELEMENTS_BY_PLACE[place].has(type)) {
    problems.push({ pointer: `${pointer}/type`, message: `unsupported type: ${String(type)}` });
    return;
  }
  if (type === 'image') {
    checkString(problems, element.image_url, `${pointer}/image_url`, 3000);
    checkString(problems, element.alt_text, `${pointer}/alt_text`, 2000, true);
    return;
  }
  checkString(problems, element.action_id, `${pointer}/action_id`, 255);
  checkConfirm(problems, element.confirm, `${pointer}/confirm`);
  switch (type) {
    case 'button':
      checkText(problems, element.text, `${pointer}/text`, { max: 75, plainOnly: true, required: true });
      checkString(problems, element.value, `${pointer}/value`, 2000);
      checkString(problems, element.url, `${pointer}/url`, 3000);
      if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') {
        problems.push({ pointer: `${pointer}/style`, message: 'must be primary or danger' });
      }
      break;
    case 'static_select':
    case 'multi_static_select':
      checkPlaceholder(problems, element, pointer);
      checkStaticOptions(problems, element, pointer);
      checkInitialOptionsOffered(problems, element, pointer);
      break;
    case 'external_select':
    case 'multi_external_select':
      checkPlaceholder(problems, element, pointer);
      if (element.initial_option !== undefined)
        checkOption(problems, element.initial_option, `${pointer}/initial_option`, true);
      if (
        element.min_query_length !== undefined &&
        (typeof element.min_query_length !== 'number' || element.min_query_length < 0)
      ) {
        problems.push({ pointer: `${pointer}/min_query_length`, message: 'must be a number of at least 0' });
      }
      break;
    case 'overflow': {
      const options = checkArray(problems, element.options, `${pointer}/options`, { min: 1, max: 5, required: true });
      options.forEach((option, index) => {
        checkOption(problems, option, `${pointer}/options/${index}`, true);
      });
      break;
    }
    case 'radio_buttons':
    case 'checkboxes': {
      const options = checkArray(problems, element.options, `${pointer}/options`, { min: 1, max: 10, required: true });
      options.forEach((option, index) => {
        checkOption(problems, option, `${pointer}/options/${index}`, false);
      });
      checkInitialOptionsOffered(problems, element, pointer);
      break;
    }
    case 'plain_text_input': {
      checkPlaceholder(problems, element, pointer);
      checkString(problems, element.initial_value, `${pointer}/initial_value`, 3000);
      checkBoolean(problems, element.multiline, `${pointer}/multiline`);
      const { min_length: minLength, max_length: maxLength } = element;
      if (minLength !== undefined && (typeof minLength !== 'number' || minLength < 0 || minLength > 3000)) {
        problems.push({ pointer: `${pointer}/min_length`, message: 'must be between 0 and 3000' });
      }
      if (maxLength !== undefined && (typeof maxLength !== 'number' || maxLength < 1 || maxLength > 3000)) {
        problems.push({ pointer: `${pointer}/max_length`, message: 'must be between 1 and 3000' });
      }
      if (typeof minLength === 'number' && typeof maxLength === 'number' && minLength > maxLength) {
        problems.push({ pointer: `${pointer}/min_length`, message: 'must not be greater than max_length' });
      }
      break;
    }
    case 'number_input':
      checkPlaceholder(problems, element, pointer);
      if (typeof element.is_decimal_allowed !== 'boolean') {
        problems.push({ pointer: `${pointer}/is_decimal_allowed`, message: 'missing required field' });
      }
      break;
    default:
      checkPlaceholder(problems, element, pointer);
  }
}

const ACCEPTED_WITHOUT_CHECKS = new Set(['divider', 'rich_text', 'file', 'video', 'table']);

function checkBlock(problems: Problems, block: unknown, pointer: string): void {
  if (!isJsonObject(block)) {
    problems.push({ pointer, message: 'must provide an object' });
    return;
  }
  checkString(problems, block.block_id, `${pointer}/block_id`, 255);
  switch (block.type) {
    case 'section':
      if (block.text === undefined && block.fields === undefined) {
        problems.push({ pointer, message: 'must provide either text or fields' });
      }
      checkText(problems, block.text, `${pointer}/text`, { max: 3000 });
      checkArray(problems, block.fields, `${pointer}/fields`, { min: 1, max: 10 }).forEach((field, index) => {
        checkText(problems, field, `${pointer}/fields/${index}`, { max: 2000 });
      });
      if (block.accessory !== undefined) checkElement(problems, block.accessory, `${pointer}/accessory`, 'accessory');
      break;
    case 'header':
      checkText(problems, block.text, `${pointer}/text`, { max: 150, plainOnly: true, required: true });
      break;
    case 'context':
      checkArray(problems, block.elements, `${pointer}/elements`, { min: 1, max: 10, required: true }).forEach(
        (element, index) => {
          const elementPointer = `${pointer}/elements/${index}`;
          if (isJsonObject(element) && element.type === 'image') {
            checkString(problems, element.alt_text, `${elementPointer}/alt_text`, 2000, true);
          } else {
            checkText(problems, element, elementPointer, { max: 3000 });
          }
        },
      );
      break;
    case 'actions': {
      const elements = checkArray(problems, block.elements, `${pointer}/elements`, { min: 1, max: 25, required: true });
      const actionIds = new Set<string>();
      elements.forEach((element, index) => {
        checkElement(problems, element, `${pointer}/elements/${index}`, 'actions');
        const actionId = isJsonObject(element) ? element.action_id : undefined;
        if (typeof actionId !== 'string') return;
        if (actionIds.has(actionId)) {
          problems.push({
            pointer: `${pointer}/elements/${index}/action_id`,
            message: `duplicate action_id: ${actionId}`,
          });
        }
        actionIds.add(actionId);
      });
      break;
    }
    case 'input':
      checkText(problems, block.label, `${pointer}/label`, { max: 2000, plainOnly: true, required: true });
      checkText(problems, block.hint, `${pointer}/hint`, { max: 2000, plainOnly: true });
      checkBoolean(problems, block.optional, `${pointer}/optional`);
      checkBoolean(problems, block.dispatch_action, `${pointer}/dispatch_action`);
      if (block.element === undefined)
        problems.push({ pointer: `${pointer}/element`, message: 'missing required field' });
      else checkElement(problems, block.element, `${pointer}/element`, 'input');
      break;
    case 'image':
      checkString(problems, block.image_url, `${pointer}/image_url`, 3000);
      checkString(problems, block.alt_text, `${pointer}/alt_text`, 2000, true);
      checkText(problems, block.title, `${pointer}/title`, { max: 2000, plainOnly: true });
      break;
    case 'markdown':
      checkString(problems, block.text, `${pointer}/text`, 12_000, true);
      break;
    default:
      if (typeof block.type !== 'string' || !ACCEPTED_WITHOUT_CHECKS.has(block.type)) {
        problems.push({ pointer: `${pointer}/type`, message: `unsupported type: ${String(block.type)}` });
      }
  }
}

function checkBlockList(problems: Problems, blocks: unknown, pointer: string, maxBlocks: number): void {
  const list = checkArray(problems, blocks, pointer, { min: 0, max: maxBlocks, required: true });
  const blockIds = new Set<string>();
  list.forEach((block, index) => {
    checkBlock(problems, block, `${pointer}/${index}`);
    const blockId = isJsonObject(block) ? block.block_id : undefined;
    if (typeof blockId !== 'string') return;
    if (blockIds.has(blockId)) {
      problems.push({ pointer: `${pointer}/${index}/block_id`, message: `duplicate block_id: ${blockId}` });
    }
    blockIds.add(blockId);
  });
}

/** Characters of text a message's blocks carry: what `msg_blocks_too_long` counts. */
export function blocksTextLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + blocksTextLength(item), 0);
  if (!isJsonObject(value)) return 0;
  let own = 0;
  if (typeof value.text === 'string' && typeof value.type === 'string') {
    if (['plain_text', 'mrkdwn', 'markdown', 'text'].includes(value.type)) own = value.text.length;
  }
  return Object.entries(value).reduce(
    (sum, [key, nested]) => (key === 'text' && typeof nested === 'string' ? sum : sum + blocksTextLength(nested)),
    own,
  );
}

export type MessageBlocksVerdict =
  | { ok: true; blocks: AnyBlock[] }
  | { ok: false; error: 'invalid_blocks' | 'msg_blocks_too_long'; problems: BlockKitProblem[] };

/** Checks a message's `blocks` as `chat.postMessage`, `chat.update` and response_url posts do. */
export function checkMessageBlocks(blocks: unknown): MessageBlocksVerdict {
  if (blocks === undefined) return { ok: true, blocks: [] };
  const problems: Problems = [];
  checkBlockList(problems, blocks, '/blocks', MESSAGE_BLOCK_LIMIT);
  if (problems.length > 0) return { ok: false, error: 'invalid_blocks', problems };
  const textLength = blocksTextLength(blocks);
  if (textLength > MESSAGE_BLOCKS_TEXT_LIMIT) {
    return {
      ok: false,
      error: 'msg_blocks_too_long',
      problems: [{ pointer: '/blocks', message: `blocks carry ${textLength} characters of text` }],
    };
  }
  // Safe: every block passed the structural checks above.
  return { ok: true, blocks: blocks as AnyBlock[] };
}

export type ModalViewVerdict =
  | { ok: true; view: ModalViewInput }
  | { ok: false; error: 'invalid_arguments' | 'view_too_large'; problems: BlockKitProblem[] };

/** Checks a `view` argument as `views.open`, `views.push`, `views.update` and `response_action`s do. */
export function checkModalView(view: unknown): ModalViewVerdict {
  const problems: Problems = [];
  if (!isJsonObject(view)) {
    return {
      ok: false,
      error: 'invalid_arguments',
      problems: [{ pointer: '/view', message: 'must provide an object' }],
    };
  }
  const size = Buffer.byteLength(JSON.stringify(view), 'utf8');
  if (size > VIEW_SIZE_LIMIT_BYTES) {
    return { ok: false, error: 'view_too_large', problems: [{ pointer: '/view', message: `view is ${size} bytes` }] };
  }
  if (view.type !== 'modal') problems.push({ pointer: '/view/type', message: 'must be modal' });
  checkText(problems, view.title, '/view/title', { max: 24, plainOnly: true, required: true });
  checkText(problems, view.submit, '/view/submit', { max: 24, plainOnly: true });
  checkText(problems, view.close, '/view/close', { max: 24, plainOnly: true });
  checkBlockList(problems, view.blocks, '/view/blocks', MODAL_BLOCK_LIMIT);
  const hasInput =
    Array.isArray(view.blocks) && view.blocks.some((block) => isJsonObject(block) && block.type === 'input');
  if (hasInput && view.submit === undefined) {
    problems.push({
      pointer: '/view/submit',
      message: 'missing required field: submit is required when the view has input blocks',
    });
  }
  checkString(problems, view.private_metadata, '/view/private_metadata', 3000);
  checkString(problems, view.callback_id, '/view/callback_id', 255);
  checkString(problems, view.external_id, '/view/external_id', 255);
  checkBoolean(problems, view.notify_on_close, '/view/notify_on_close');
  checkBoolean(problems, view.clear_on_close, '/view/clear_on_close');
  if (problems.length > 0) return { ok: false, error: 'invalid_arguments', problems };
  // Safe: the fields a modal needs were checked one by one above.
  return { ok: true, view: view as unknown as ModalViewInput };
}
