import type { KnownBlock, ModalView } from '@slack/types';
import { JUSTIFICATION_MAX_LENGTH } from '../changes/change-request';
import type { VoiceConnectorRef } from '../chime/voice-connector';
import { ActionId, BlockId } from './ids';
import { escapeMrkdwn, plainText, SlackLimit, sectionBlock } from './slack-limits';

/**
 * The top of every change form: the connector, what the form does (`about`), and a warning when
 * a request for this connector is still open.
 */
export function changeFormHeader(
  ref: VoiceConnectorRef,
  openRequestId: string | undefined,
  about: KnownBlock[],
): KnownBlock[] {
  const blocks: KnownBlock[] = [
    sectionBlock(`*Voice connector* \`${escapeMrkdwn(ref.voiceConnectorId)}\` · ${ref.region}`),
    ...about,
  ];
  if (openRequestId !== undefined) {
    blocks.push(
      sectionBlock(
        `⚠️ Change request *${escapeMrkdwn(openRequestId)}* is still open for this connector: a new one will be refused until it is decided.`,
      ),
    );
  }
  return blocks;
}

/** The required justification input every change form ends with. */
export function justificationInput(initialValue?: string): KnownBlock {
  return {
    type: 'input',
    block_id: BlockId.Justification,
    label: plainText('Justification'),
    hint: plainText('Why this change is needed. Approvers see it; the audit log keeps it.'),
    element: {
      type: 'plain_text_input',
      action_id: ActionId.Justification,
      multiline: true,
      max_length: JUSTIFICATION_MAX_LENGTH,
      ...(initialValue ? { initial_value: initialValue } : {}),
      placeholder: plainText('e.g. Move inbound calls to the new SBC pair (ticket NET-1234)'),
    },
  };
}

/** The value of the checked Break glass option. */
export const BREAK_GLASS_VALUE = 'break_glass';

/**
 * The optional **Break glass** checkbox, shown only to members of the approval policy's
 * breakGlass list: checked, the submission applies at once like `--break-glass`.
 */
export function breakGlassCheckbox(): KnownBlock {
  return {
    type: 'input',
    block_id: BlockId.BreakGlass,
    optional: true,
    label: plainText('Break glass'),
    hint: plainText('Apply at once, without approval. Announced to the approvers, audited, and reviewed afterwards.'),
    element: {
      type: 'checkboxes',
      action_id: ActionId.BreakGlass,
      options: [{ text: plainText('Break glass: apply this change now'), value: BREAK_GLASS_VALUE }],
    },
  };
}

/** The form with the Break glass checkbox just above its justification (or at the end). */
export function withBreakGlassCheckbox(modal: ModalView): ModalView {
  const blocks = [...modal.blocks];
  const at = blocks.findIndex((block) => block.block_id === BlockId.Justification);
  blocks.splice(at === -1 ? blocks.length : at, 0, breakGlassCheckbox());
  return { ...modal, blocks: blocks.slice(0, 100) };
}

/** A change form's modal: "Request approval" submits it, its metadata rides along. */
export function changeFormModal(model: {
  callbackId: string;
  title: string;
  privateMetadata: string;
  blocks: KnownBlock[];
}): ModalView {
  return {
    type: 'modal',
    callback_id: model.callbackId,
    title: plainText(model.title, SlackLimit.ModalTitle),
    submit: plainText('Request approval', SlackLimit.ModalSubmit),
    close: plainText('Cancel', SlackLimit.ModalClose),
    private_metadata: model.privateMetadata,
    blocks: model.blocks,
  };
}
