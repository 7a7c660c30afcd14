import { expect } from 'vitest';

/**
 * Checks a message or a modal against every Block Kit limit of `shared/notes/slack.md` (and the few
 * that Slack's reference adds for elements the bot uses). The numbers are written out here rather
 * than imported from `src/blocks/slack-limits.ts`, so that a wrong constant there is caught.
 *
 * @example
 * expectWithinSlackLimits(terminationCard(model), 'message');
 * expectWithinSlackLimits(menuModal(model), 'modal');
 */
export function expectWithinSlackLimits(subject: unknown, kind: SlackSurfaceKind): void {
  expect(slackLimitViolations(subject, kind)).toEqual([]);
}

export type SlackSurfaceKind = 'message' | 'modal' | 'home';

const LIMIT = {
  messageBlocks: 50,
  modalBlocks: 100,
  /** `msg_blocks_too_long` near 13k, with reports below 12k: the project keeps messages under 10k. */
  messageTotalText: 10_000,
  viewPayloadBytes: 250_000,
  textObject: 3000,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  inputLabel: 2000,
  inputHint: 2000,
  imageAltText: 2000,
  markdownText: 12_000,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  optionText: 75,
  optionValue: 75,
  optionDescription: 75,
  selectOptions: 100,
  selectOptionGroups: 100,
  optionGroupLabel: 75,
  checkboxOptions: 10,
  radioOptions: 10,
  overflowOptions: 5,
  id: 255,
  modalTitle: 24,
  modalSubmit: 24,
  modalClose: 24,
  privateMetadata: 3000,
  plainTextInputLength: 3000,
  placeholder: 150,
} as const;

/** Words that are a program's leftovers, not something to show a person. */
const LEFTOVER = /\bNaN\b|\bundefined\b|\bnull\b|\[object Object\]/;

const KNOWN_BLOCK_TYPES = new Set([
  'section',
  'header',
  'context',
  'actions',
  'divider',
  'input',
  'image',
  'rich_text',
  'markdown',
  'file',
  'video',
  'table',
]);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function length(text: string): number {
  return Array.from(text).length;
}

/**
 * Every limit the subject breaks, one line each with its path (`blocks[3].fields[2].text: 2107 > 2000`).
 * An empty list means Slack will accept it as far as its documented limits go.
 */
export function slackLimitViolations(subject: unknown, kind: SlackSurfaceKind): string[] {
  const checker = new Checker();
  checker.surface(subject, kind);
  return checker.violations;
}

class Checker {
  readonly violations: string[] = [];
  private readonly blockIds = new Map<string, string>();

  surface(subject: unknown, kind: SlackSurfaceKind): void {
    if (!isObject(subject)) {
      this.fail('$', `expected an object, got ${typeof subject}`);
      return;
    }
    const blocks = subject.blocks;
    if (!Array.isArray(blocks)) {
      this.fail('blocks', 'missing or not an array');
      return;
    }
    if (kind === 'message') this.message(subject, blocks);
    else if (kind === 'home') this.home(subject, blocks);
    else this.modal(subject, blocks);
    this.visibleWords(subject, '$');
    blocks.forEach((block, index) => {
      this.block(block, `blocks[${index}]`);
    });
  }

  private message(message: Json, blocks: unknown[]): void {
    if (typeof message.text !== 'string' || message.text.trim() === '') {
      this.fail('text', 'a message needs a plain-text fallback next to its blocks');
    }
    this.max('blocks.length', blocks.length, LIMIT.messageBlocks);
    const totalText = sumOfTexts(blocks);
    this.max('blocks (total text)', totalText, LIMIT.messageTotalText);
  }

  /** The App Home tab: a `home` view of at most 100 blocks (no title, submit or close). */
  private home(view: Json, blocks: unknown[]): void {
    if (view.type !== 'home') this.fail('type', `expected "home", got ${JSON.stringify(view.type)}`);
    this.max('blocks.length', blocks.length, LIMIT.modalBlocks);
    if (view.private_metadata !== undefined) {
      if (typeof view.private_metadata !== 'string') this.fail('private_metadata', 'must be a string');
      else this.max('private_metadata', length(view.private_metadata), LIMIT.privateMetadata);
    }
    this.max('view (bytes)', Buffer.byteLength(JSON.stringify(view)), LIMIT.viewPayloadBytes);
  }

  private modal(view: Json, blocks: unknown[]): void {
    if (view.type !== 'modal') this.fail('type', `expected "modal", got ${JSON.stringify(view.type)}`);
    this.max('blocks.length', blocks.length, LIMIT.modalBlocks);
    this.textObject(view.title, 'title', LIMIT.modalTitle, { plainOnly: true });
    if (view.submit !== undefined) this.textObject(view.submit, 'submit', LIMIT.modalSubmit, { plainOnly: true });
    if (view.close !== undefined) this.textObject(view.close, 'close', LIMIT.modalClose, { plainOnly: true });
    const hasInput = blocks.some((block) => isObject(block) && block.type === 'input');
    if (hasInput && view.submit === undefined) this.fail('submit', 'required once a modal has an input block');
    if (view.private_metadata !== undefined) {
      if (typeof view.private_metadata !== 'string') this.fail('private_metadata', 'must be a string');
      else this.max('private_metadata', length(view.private_metadata), LIMIT.privateMetadata);
    }
    this.id(view.callback_id, 'callback_id');
    this.max('view (bytes)', Buffer.byteLength(JSON.stringify(view)), LIMIT.viewPayloadBytes);
  }

  /**
   * What a person reads (every `text` and `alt_text`, the fallback included) never shows a
   * program's leftovers: `NaN`, `undefined`, `null` or `[object Object]`.
   */
  private visibleWords(node: unknown, path: string): void {
    if (Array.isArray(node)) {
      node.forEach((item, index) => {
        this.visibleWords(item, `${path}[${index}]`);
      });
      return;
    }
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'text' || key === 'alt_text') && typeof value === 'string') {
        const leftover = LEFTOVER.exec(value);
        if (leftover) this.fail(`${path}.${key}`, `shows "${leftover[0]}" to a person`);
      } else {
        this.visibleWords(value, `${path}.${key}`);
      }
    }
  }

  private block(block: unknown, path: string): void {
    if (!isObject(block) || typeof block.type !== 'string') {
      this.fail(path, 'a block needs a type');
      return;
    }
    if (block.block_id !== undefined) {
      this.id(block.block_id, `${path}.block_id`);
      if (typeof block.block_id === 'string') {
        const first = this.blockIds.get(block.block_id);
        if (first !== undefined) this.fail(`${path}.block_id`, `duplicate of ${first}.block_id ("${block.block_id}")`);
        else this.blockIds.set(block.block_id, path);
      }
    }
    if (!KNOWN_BLOCK_TYPES.has(block.type)) this.fail(`${path}.type`, `unknown block type "${block.type}"`);
    switch (block.type) {
      case 'section':
        this.section(block, path);
        break;
      case 'header':
        this.textObject(block.text, `${path}.text`, LIMIT.headerText, { plainOnly: true });
        break;
      case 'context':
        this.context(block, path);
        break;
      case 'actions':
        this.actions(block, path);
        break;
      case 'input':
        this.textObject(block.label, `${path}.label`, LIMIT.inputLabel, { plainOnly: true });
        if (block.hint !== undefined) this.textObject(block.hint, `${path}.hint`, LIMIT.inputHint, { plainOnly: true });
        this.element(block.element, `${path}.element`);
        break;
      case 'image':
        this.string(block.alt_text, `${path}.alt_text`, LIMIT.imageAltText);
        if (block.title !== undefined) this.textObject(block.title, `${path}.title`, LIMIT.imageAltText);
        break;
      case 'markdown':
        this.string(block.text, `${path}.text`, LIMIT.markdownText);
        break;
    }
  }

  private section(block: Json, path: string): void {
    if (block.text === undefined && block.fields === undefined) this.fail(path, 'a section needs text or fields');
    if (block.text !== undefined) this.textObject(block.text, `${path}.text`, LIMIT.sectionText);
    if (block.fields !== undefined) {
      if (!Array.isArray(block.fields) || block.fields.length === 0) {
        this.fail(`${path}.fields`, 'must be a non-empty array');
      } else {
        this.max(`${path}.fields.length`, block.fields.length, LIMIT.sectionFields);
        block.fields.forEach((field, index) => {
          this.textObject(field, `${path}.fields[${index}]`, LIMIT.sectionFieldText);
        });
      }
    }
    if (block.accessory !== undefined) this.element(block.accessory, `${path}.accessory`);
  }

  private context(block: Json, path: string): void {
    if (!Array.isArray(block.elements) || block.elements.length === 0) {
      this.fail(`${path}.elements`, 'must be a non-empty array');
      return;
    }
    this.max(`${path}.elements.length`, block.elements.length, LIMIT.contextElements);
    block.elements.forEach((element, index) => {
      const elementPath = `${path}.elements[${index}]`;
      if (isObject(element) && element.type === 'image')
        this.string(element.alt_text, `${elementPath}.alt_text`, LIMIT.imageAltText);
      else this.textObject(element, elementPath, LIMIT.textObject);
    });
  }

  private actions(block: Json, path: string): void {
    if (!Array.isArray(block.elements) || block.elements.length === 0) {
      this.fail(`${path}.elements`, 'must be a non-empty array');
      return;
    }
    this.max(`${path}.elements.length`, block.elements.length, LIMIT.actionsElements);
    const actionIds = new Map<string, number>();
    block.elements.forEach((element, index) => {
      this.element(element, `${path}.elements[${index}]`);
      if (isObject(element) && typeof element.action_id === 'string') {
        const first = actionIds.get(element.action_id);
        if (first !== undefined) {
          this.fail(`${path}.elements[${index}].action_id`, `duplicate of elements[${first}] in the same block`);
        } else {
          actionIds.set(element.action_id, index);
        }
      }
    });
  }

  private element(element: unknown, path: string): void {
    if (!isObject(element) || typeof element.type !== 'string') {
      this.fail(path, 'an element needs a type');
      return;
    }
    if (element.action_id !== undefined) this.id(element.action_id, `${path}.action_id`);
    if (element.placeholder !== undefined) {
      this.textObject(element.placeholder, `${path}.placeholder`, LIMIT.placeholder, { plainOnly: true });
    }
    if (element.confirm !== undefined) this.confirm(element.confirm, `${path}.confirm`);
    switch (element.type) {
      case 'button':
        this.textObject(element.text, `${path}.text`, LIMIT.buttonText, { plainOnly: true });
        if (element.value !== undefined) this.string(element.value, `${path}.value`, LIMIT.buttonValue);
        if (element.url !== undefined) this.string(element.url, `${path}.url`, LIMIT.url);
        break;
      case 'static_select':
      case 'multi_static_select':
        this.staticOptions(element, path);
        break;
      case 'external_select':
      case 'multi_external_select':
        if (typeof element.min_query_length === 'number' && element.min_query_length < 0) {
          this.fail(`${path}.min_query_length`, 'must not be negative');
        }
        this.initialOptions(element, path, undefined);
        break;
      case 'checkboxes':
        this.optionList(element.options, `${path}.options`, LIMIT.checkboxOptions, { mrkdwnAllowed: true });
        this.initialOptions(element, path, asArray(element.options));
        break;
      case 'radio_buttons':
        this.optionList(element.options, `${path}.options`, LIMIT.radioOptions, { mrkdwnAllowed: true });
        this.initialOptions(element, path, asArray(element.options));
        break;
      case 'overflow':
        this.optionList(element.options, `${path}.options`, LIMIT.overflowOptions, { mrkdwnAllowed: false });
        break;
      case 'plain_text_input':
        this.plainTextInput(element, path);
        break;
    }
  }

  private staticOptions(element: Json, path: string): void {
    if (element.options !== undefined && element.option_groups !== undefined) {
      this.fail(path, 'options and option_groups are exclusive');
    }
    const all: unknown[] = [];
    if (element.options !== undefined) {
      this.optionList(element.options, `${path}.options`, LIMIT.selectOptions, { mrkdwnAllowed: false });
      all.push(...asArray(element.options));
    } else if (Array.isArray(element.option_groups)) {
      this.max(`${path}.option_groups.length`, element.option_groups.length, LIMIT.selectOptionGroups);
      element.option_groups.forEach((group, index) => {
        const groupPath = `${path}.option_groups[${index}]`;
        if (!isObject(group)) {
          this.fail(groupPath, 'must be an object');
          return;
        }
        this.textObject(group.label, `${groupPath}.label`, LIMIT.optionGroupLabel, { plainOnly: true });
        this.optionList(group.options, `${groupPath}.options`, LIMIT.selectOptions, { mrkdwnAllowed: false });
        all.push(...asArray(group.options));
      });
    } else {
      this.fail(path, 'a static select needs options or option_groups');
    }
    this.initialOptions(element, path, all);
  }

  private optionList(options: unknown, path: string, maxCount: number, rules: { mrkdwnAllowed: boolean }): void {
    if (!Array.isArray(options) || options.length === 0) {
      this.fail(path, 'must be a non-empty array');
      return;
    }
    this.max(`${path}.length`, options.length, maxCount);
    const values = new Map<string, number>();
    options.forEach((option, index) => {
      this.option(option, `${path}[${index}]`, rules);
      if (isObject(option) && typeof option.value === 'string') {
        const first = values.get(option.value);
        if (first !== undefined) this.fail(`${path}[${index}].value`, `duplicate of [${first}]`);
        else values.set(option.value, index);
      }
    });
  }

  private option(option: unknown, path: string, rules: { mrkdwnAllowed: boolean }): void {
    if (!isObject(option)) {
      this.fail(path, 'an option must be an object');
      return;
    }
    this.textObject(option.text, `${path}.text`, LIMIT.optionText, { plainOnly: !rules.mrkdwnAllowed });
    if (option.value !== undefined) this.string(option.value, `${path}.value`, LIMIT.optionValue);
    if (option.description !== undefined) {
      this.textObject(option.description, `${path}.description`, LIMIT.optionDescription, { plainOnly: true });
    }
    if (option.url !== undefined) this.string(option.url, `${path}.url`, LIMIT.url);
  }

  /** Slack refuses an initial option that is not exactly one of the options. */
  private initialOptions(element: Json, path: string, options: unknown[] | undefined): void {
    const initial = [
      ...(element.initial_option === undefined ? [] : [element.initial_option]),
      ...asArray(element.initial_options),
    ];
    initial.forEach((option, index) => {
      const optionPath = `${path}.initial_option${element.initial_option === undefined ? `s[${index}]` : ''}`;
      this.option(option, optionPath, { mrkdwnAllowed: true });
      if (options !== undefined && !options.some((candidate) => JSON.stringify(candidate) === JSON.stringify(option))) {
        this.fail(optionPath, 'is not one of the options');
      }
    });
  }

  private plainTextInput(element: Json, path: string): void {
    const { min_length: minLength, max_length: maxLength, initial_value: initialValue } = element;
    if (
      minLength !== undefined &&
      (typeof minLength !== 'number' || minLength < 0 || minLength > LIMIT.plainTextInputLength)
    ) {
      this.fail(`${path}.min_length`, `must be 0–${LIMIT.plainTextInputLength}`);
    }
    if (
      maxLength !== undefined &&
      (typeof maxLength !== 'number' || maxLength < 1 || maxLength > LIMIT.plainTextInputLength)
    ) {
      this.fail(`${path}.max_length`, `must be 1–${LIMIT.plainTextInputLength}`);
    }
    if (typeof minLength === 'number' && typeof maxLength === 'number' && minLength > maxLength) {
      this.fail(path, 'min_length is above max_length');
    }
    if (typeof initialValue === 'string') {
      this.max(
        `${path}.initial_value`,
        length(initialValue),
        typeof maxLength === 'number' ? maxLength : LIMIT.plainTextInputLength,
      );
    }
  }

  private confirm(confirm: unknown, path: string): void {
    if (!isObject(confirm)) {
      this.fail(path, 'must be an object');
      return;
    }
    this.textObject(confirm.title, `${path}.title`, LIMIT.confirmTitle, { plainOnly: true });
    this.textObject(confirm.text, `${path}.text`, LIMIT.confirmText);
    this.textObject(confirm.confirm, `${path}.confirm`, LIMIT.confirmButton, { plainOnly: true });
    this.textObject(confirm.deny, `${path}.deny`, LIMIT.confirmButton, { plainOnly: true });
  }

  private textObject(value: unknown, path: string, max: number, rules: { plainOnly?: boolean } = {}): void {
    if (!isObject(value)) {
      this.fail(path, 'missing text object');
      return;
    }
    if (value.type !== 'plain_text' && value.type !== 'mrkdwn') {
      this.fail(`${path}.type`, `expected plain_text or mrkdwn, got ${JSON.stringify(value.type)}`);
    } else if (rules.plainOnly && value.type !== 'plain_text') {
      this.fail(`${path}.type`, 'must be plain_text here');
    }
    this.string(value.text, `${path}.text`, Math.min(max, LIMIT.textObject));
  }

  private string(value: unknown, path: string, max: number): void {
    if (typeof value !== 'string') {
      this.fail(path, 'must be a string');
      return;
    }
    if (value.length === 0) this.fail(path, 'must not be empty');
    this.max(path, length(value), max);
  }

  private id(value: unknown, path: string): void {
    if (value === undefined) return;
    this.string(value, path, LIMIT.id);
  }

  private max(path: string, actual: number, max: number): void {
    if (actual > max) this.fail(path, `${actual} > ${max}`);
  }

  private fail(path: string, problem: string): void {
    this.violations.push(`${path}: ${problem}`);
  }
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Every `text` string anywhere in the blocks: what Slack sums for `msg_blocks_too_long`. */
function sumOfTexts(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + sumOfTexts(item), 0);
  if (!isObject(value)) return 0;
  let sum = 0;
  for (const [key, item] of Object.entries(value)) {
    sum += key === 'text' && typeof item === 'string' ? length(item) : sumOfTexts(item);
  }
  return sum;
}

/**
 * Everything a person could read in a message or modal: the fallback, the title and every text in
 * the blocks, joined by newlines. For assertions on what a user sees.
 *
 * @example
 * expect(visibleText(terminationCard(model))).toContain('10.0.0.0/24');
 */
export function visibleText(subject: unknown): string {
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
      return;
    }
    if (!isObject(value)) return;
    for (const [key, item] of Object.entries(value)) {
      if ((key === 'text' || key === 'alt_text') && typeof item === 'string') texts.push(item);
      else walk(item);
    }
  };
  walk(subject);
  return texts.join('\n');
}
