import { isJsonObject, type JsonObject, type OptionObject, optionsOf } from '../slack/block-elements';
import type { ViewStateValue, ViewStateValues } from '../slack/modal-view';
import { emojiFromShortcodes } from './emoji-shortcodes';
import { type HtmlValue, html, joinHtml, type SafeHtml } from './html';
import { type MrkdwnContext, renderMrkdwn, renderPlainText } from './mrkdwn';

/** What rendering blocks needs beyond mrkdwn: the values inputs show, their errors, and the directory for pickers. */
export interface BlockRenderContext extends MrkdwnContext {
  /** Current values by block and action id: what the person entered, else the initial values. */
  state: ViewStateValues;
  /** Inline errors by input `block_id` (`response_action: 'errors'` or the client's own checks). */
  errors: Readonly<Record<string, string>>;
  /** Makes form control names unique on the page (radio groups would otherwise merge). */
  idPrefix: string;
  people: readonly { id: string; name: string }[];
  conversations: readonly { id: string; name: string }[];
}

interface PlacedIn {
  block: JsonObject;
  blockId: string;
  /** Inside an input block: the choice reaches the bot with the submission, unless the block dispatches actions. */
  inInput: boolean;
  /** The input block's label, which names the element for assistive technology. */
  labelId?: string;
}

/**
 * Block Kit as the Slack client draws it: header, section (text, fields, accessory), divider,
 * context, actions, input and image blocks; buttons (styles, confirm dialogs), selects, radio
 * buttons, checkboxes and text inputs. Anything else shows a visible placeholder naming its type.
 * Interactive elements carry their `block_id` and `action_id` for the page's script.
 *
 * @example
 * renderBlocks([{ type: 'header', text: { type: 'plain_text', text: 'Termination' } }], context);
 * // <h2 class="bk-header">Termination</h2>
 */
export function renderBlocks(blocks: readonly unknown[], context: BlockRenderContext): SafeHtml {
  return joinHtml(blocks.map((block) => renderBlock(block, context)));
}

function renderBlock(block: unknown, context: BlockRenderContext): SafeHtml {
  if (!isJsonObject(block)) return unknownBlock('(not an object)');
  const type = typeof block.type === 'string' ? block.type : '(no type)';
  const placed: PlacedIn = { block, blockId: stringOf(block.block_id), inInput: false };
  switch (type) {
    case 'header':
      return html`<h2 class="bk-header">${textObject(block.text, context)}</h2>`;
    case 'divider':
      return html`<hr class="bk-divider">`;
    case 'section':
      return sectionBlock(block, placed, context);
    case 'context':
      return html`<div class="bk-context">${listOf(block.elements).map((element) => contextElement(element, context))}</div>`;
    case 'actions':
      return html`<div class="bk-actions" data-block-id="${placed.blockId}">${listOf(block.elements).map((element) =>
        renderElement(element, placed, context),
      )}</div>`;
    case 'input':
      return inputBlock(block, context);
    case 'image':
      return html`<div class="bk-image">${imagePlaceholder(block)}${
        isJsonObject(block.title) ? html`<div class="bk-image-title">${textObject(block.title, context)}</div>` : ''
      }</div>`;
    default:
      return unknownBlock(type);
  }
}

function sectionBlock(block: JsonObject, placed: PlacedIn, context: BlockRenderContext): SafeHtml {
  const fields = listOf(block.fields);
  const accessory = block.accessory === undefined ? '' : renderElement(block.accessory, placed, context);
  return html`<div class="bk-section">
    <div class="bk-section-body">
      ${isJsonObject(block.text) ? html`<div class="bk-section-text">${textObject(block.text, context)}</div>` : ''}
      ${fields.length > 0 ? html`<div class="bk-fields">${fields.map((field) => html`<div class="bk-field">${textObject(field, context)}</div>`)}</div>` : ''}
    </div>
    ${accessory === '' ? '' : html`<div class="bk-accessory">${accessory}</div>`}
  </div>`;
}

function inputBlock(block: JsonObject, context: BlockRenderContext): SafeHtml {
  const blockId = stringOf(block.block_id);
  const error = context.errors[blockId];
  const labelId = `${context.idPrefix}-label-${blockId}`;
  const placed: PlacedIn = { block, blockId, inInput: true, labelId };
  return html`<div class="bk-input${error ? ' has-error' : ''}" data-block-id="${blockId}">
    <label class="bk-label" id="${labelId}" for="${controlId(context, blockId, actionIdOf(block.element))}">${textObject(block.label, context)}${
      block.optional === true ? html` <span class="bk-optional">(optional)</span>` : ''
    }</label>
    ${renderElement(block.element, placed, context)}
    ${isJsonObject(block.hint) ? html`<div class="bk-hint">${textObject(block.hint, context)}</div>` : ''}
    ${error ? html`<div class="bk-error" role="alert">${error}</div>` : ''}
  </div>`;
}

function contextElement(element: unknown, context: BlockRenderContext): SafeHtml {
  if (!isJsonObject(element)) return unknownElement('(not an object)');
  if (element.type === 'image') return imagePlaceholder(element);
  if (element.type === 'mrkdwn' || element.type === 'plain_text') {
    return html`<span class="bk-context-text">${textObject(element, context)}</span>`;
  }
  return unknownElement(stringOf(element.type) || '(no type)');
}

function renderElement(element: unknown, placed: PlacedIn, context: BlockRenderContext): SafeHtml {
  if (!isJsonObject(element)) return unknownElement('(not an object)');
  const type = stringOf(element.type);
  const actionId = stringOf(element.action_id);
  const current = context.state[placed.blockId]?.[actionId];
  const dispatches = !placed.inInput || placed.block.dispatch_action === true;
  const data = html`data-kind="${type}" data-block-id="${placed.blockId}" data-action-id="${actionId}" data-dispatch="${dispatches ? '1' : '0'}"`;
  // The id goes on the control a person types in or picks from, so the input block's label names it.
  const identity = html`id="${controlId(context, placed.blockId, actionId)}"${
    placed.labelId ? html` aria-labelledby="${placed.labelId}"` : ''
  }`;
  const attributes = html`${data} ${identity}`;
  switch (type) {
    case 'button':
      return button(element, attributes, context);
    case 'static_select':
    case 'multi_static_select':
    case 'overflow':
      return staticSelect(element, type, attributes, current, context);
    case 'external_select':
      return externalSelect(element, data, identity, current, context);
    case 'users_select':
      return pickerSelect(element, attributes, context.people, current?.selected_user, (id) => `@${id}`);
    case 'conversations_select':
    case 'channels_select':
      return pickerSelect(
        element,
        attributes,
        context.conversations,
        current?.selected_conversation ?? current?.selected_channel,
        (id) => `#${id}`,
      );
    case 'radio_buttons':
    case 'checkboxes':
      return choiceList(element, type, attributes, placed, current, context);
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input':
      return textInput(element, type, attributes, current);
    case 'datepicker':
      return html`<input type="date" class="bk-text" ${attributes} value="${current?.selected_date ?? ''}">`;
    case 'timepicker':
      return html`<input type="time" class="bk-text" ${attributes} value="${current?.selected_time ?? ''}">`;
    case 'image':
      return imagePlaceholder(element);
    default:
      return unknownElement(type || '(no type)');
  }
}

function button(element: JsonObject, attributes: SafeHtml, context: BlockRenderContext): SafeHtml {
  const style = element.style === 'primary' || element.style === 'danger' ? ` bk-${element.style}` : '';
  const url = typeof element.url === 'string' ? element.url : '';
  return html`<span class="bk-element"><button type="button" class="bk-button${style}" ${attributes} data-url="${url}">${textObject(
    element.text,
    context,
  )}${url ? html` <span class="bk-link-icon" aria-hidden="true">↗</span>` : ''}</button>${confirmTemplate(element.confirm, context)}</span>`;
}

/** The dialog Slack shows before sending a click; the page's script opens it from this template. */
function confirmTemplate(confirm: unknown, context: BlockRenderContext): SafeHtml | '' {
  if (!isJsonObject(confirm)) return '';
  const danger = confirm.style === 'danger';
  return html`<template class="bk-confirm"><div class="confirm-dialog">
    <h3 class="confirm-title">${textObject(confirm.title, context) || 'Are you sure?'}</h3>
    <div class="confirm-text">${textObject(confirm.text, context)}</div>
    <div class="confirm-buttons">
      <button type="button" class="bk-button confirm-deny">${textObject(confirm.deny, context) || 'Cancel'}</button>
      <button type="button" class="bk-button confirm-accept ${danger ? 'bk-danger' : 'bk-primary'}">${
        textObject(confirm.confirm, context) || 'Yes'
      }</button>
    </div>
  </div></template>`;
}

/** The option values chosen in a select menu or a choice list (one, or several). */
function selectedValues(current: ViewStateValue | undefined): ReadonlySet<string> {
  const chosen = [current?.selected_option, ...(current?.selected_options ?? [])];
  return new Set(chosen.flatMap((option) => (option ? [option.value] : [])));
}

function staticSelect(
  element: JsonObject,
  type: string,
  attributes: SafeHtml,
  current: ViewStateValue | undefined,
  context: BlockRenderContext,
): SafeHtml {
  const selected = selectedValues(current);
  const option = (candidate: OptionObject) =>
    html`<option value="${candidate.value}"${selected.has(candidate.value) ? ' selected' : ''}>${plainOf(candidate.text)}</option>`;
  const groups = listOf(element.option_groups).filter(isJsonObject);
  const options: HtmlValue =
    groups.length > 0
      ? groups.map(
          (group) =>
            html`<optgroup label="${plainOf(group.label)}">${optionsOf({ options: group.options }).map(option)}</optgroup>`,
        )
      : optionsOf(element).map(option);
  const placeholder =
    type === 'overflow'
      ? '⋯'
      : (plainOf(element.placeholder) ?? (type === 'multi_static_select' ? '' : 'Select an item'));
  return html`<select class="bk-select${type === 'overflow' ? ' bk-overflow' : ''}" ${attributes}${
    type === 'multi_static_select' ? ' multiple' : ''
  }>${type === 'multi_static_select' ? '' : html`<option value=""${selected.size === 0 ? ' selected' : ''}>${placeholder}</option>`}${options}</select>${confirmTemplate(element.confirm, context)}`;
}

function externalSelect(
  element: JsonObject,
  data: SafeHtml,
  identity: SafeHtml,
  current: ViewStateValue | undefined,
  context: BlockRenderContext,
): SafeHtml {
  const selected = current?.selected_option ?? undefined;
  const minimum = typeof element.min_query_length === 'number' ? element.min_query_length : 3;
  return html`<div class="bk-external" ${data} data-min-query="${minimum}" data-selected-value="${
    selected?.value ?? ''
  }" data-selected-text="${selected ? plainOf(selected.text) : ''}">
    <input type="text" class="bk-text bk-external-query" ${identity} autocomplete="off" role="combobox" aria-expanded="false" placeholder="${
      plainOf(element.placeholder) ?? 'Type to search'
    }" value="${selected ? plainOf(selected.text) : ''}">
    <ul class="bk-suggestions" role="listbox" hidden></ul>
    <div class="bk-external-note">Options come from the app as you type${
      minimum > 0 ? ` (at least ${minimum} ${minimum === 1 ? 'character' : 'characters'})` : ''
    }.</div>
  </div>${confirmTemplate(element.confirm, context)}`;
}

function pickerSelect(
  element: JsonObject,
  attributes: SafeHtml,
  choices: readonly { id: string; name: string }[],
  selected: string | null | undefined,
  label: (name: string) => string,
): SafeHtml {
  return html`<select class="bk-select" ${attributes}><option value="">${plainOf(element.placeholder) ?? 'Select'}</option>${choices.map(
    (choice) =>
      html`<option value="${choice.id}"${choice.id === selected ? ' selected' : ''}>${label(choice.name)}</option>`,
  )}</select>`;
}

function choiceList(
  element: JsonObject,
  type: 'radio_buttons' | 'checkboxes',
  attributes: SafeHtml,
  placed: PlacedIn,
  current: ViewStateValue | undefined,
  context: BlockRenderContext,
): SafeHtml {
  const selected = selectedValues(current);
  const name = `${context.idPrefix}-${placed.blockId}-${stringOf(element.action_id)}`;
  const inputType = type === 'radio_buttons' ? 'radio' : 'checkbox';
  return html`<fieldset class="bk-choices" role="${type === 'radio_buttons' ? 'radiogroup' : 'group'}" ${attributes}>${optionsOf(
    element,
  ).map(
    (option) =>
      html`<label class="bk-choice"><input type="${inputType}" name="${name}" value="${option.value}"${
        selected.has(option.value) ? ' checked' : ''
      }><span class="bk-choice-text">${textObject(option.text, context)}${
        option.description
          ? html`<span class="bk-choice-description">${textObject(option.description, context)}</span>`
          : ''
      }</span></label>`,
  )}</fieldset>`;
}

function textInput(
  element: JsonObject,
  type: string,
  attributes: SafeHtml,
  current: ViewStateValue | undefined,
): SafeHtml {
  const value = typeof current?.value === 'string' ? current.value : '';
  const placeholder = plainOf(element.placeholder) ?? '';
  if (element.multiline === true) {
    return html`<textarea class="bk-text bk-multiline" rows="4" ${attributes} placeholder="${placeholder}">${value}</textarea>`;
  }
  const inputType = type === 'email_text_input' ? 'email' : type === 'url_text_input' ? 'url' : 'text';
  return html`<input type="${inputType}" class="bk-text" ${attributes} placeholder="${placeholder}" value="${value}">`;
}

function imagePlaceholder(image: JsonObject): SafeHtml {
  // No external assets: the machines may have no internet, and a message must not make the page fetch anything.
  const alt = stringOf(image.alt_text) || 'image';
  const url = stringOf(image.image_url);
  return html`<span class="bk-image-placeholder" title="${url}">🖼 ${alt}</span>`;
}

function unknownBlock(type: string): SafeHtml {
  return html`<div class="bk-unknown" data-unknown-block="${type}">Unsupported block: <code>${type}</code> (the console cannot draw it yet)</div>`;
}

function unknownElement(type: string): SafeHtml {
  return html`<span class="bk-unknown" data-unknown-element="${type}">Unsupported element: <code>${type}</code></span>`;
}

/** A text object as Slack draws it: mrkdwn, or plain text. */
function textObject(value: unknown, context: MrkdwnContext): SafeHtml | '' {
  if (!isJsonObject(value) || typeof value.text !== 'string') return '';
  return value.type === 'mrkdwn'
    ? renderMrkdwn(value.text, context)
    : renderPlainText(value.text, value.emoji !== false);
}

/** A plain_text object's text as shown: emoji shortcodes drawn, unless it says `emoji: false`. */
function plainOf(value: unknown): string | undefined {
  if (!isJsonObject(value) || typeof value.text !== 'string') return undefined;
  return value.emoji === false ? value.text : emojiFromShortcodes(value.text);
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function actionIdOf(element: unknown): string {
  return isJsonObject(element) ? stringOf(element.action_id) : '';
}

function controlId(context: BlockRenderContext, blockId: string, actionId: string): string {
  return `${context.idPrefix}-${blockId}-${actionId}`;
}
