import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { changeFormHeader, changeFormModal, justificationInput } from '../../blocks/change-form';
import { codeList } from '../../blocks/code-list';
import { contextBlock, plainText, SlackLimit, sectionBlock } from '../../blocks/slack-limits';
import type { VoiceConnectorRef } from '../../chime/voice-connector';
import { type ChangeFormMetadata, encodeChangeFormMetadata } from '../change-requests/change-form-metadata';
import { MAX_CREDENTIAL_PAIRS } from './credentials-rules';
import { CredentialsIds, credentialActionsBlock, credentialFieldBlock } from './ids';

/** Checkboxes hold at most ten options; past that the removal list is a multi-select. */
const MAX_CHECKBOXES = 10;
/** A multi-select holds at most 100 options. */
const MAX_REMOVABLE = 100;

export interface CredentialsModalModel {
  ref: VoiceConnectorRef;
  metadata: ChangeFormMetadata;
  /**
   * The usernames that exist now (ListVoiceConnectorTerminationCredentials); or, when a row is
   * added or removed, the form's blocks above the rows as they are on screen (the list, the removal
   * choice with what was ticked, the guidance), kept without another Chime call.
   */
  existing: { usernames: readonly string[] } | { blocks: KnownBlock[] };
  /** Usernames ticked for removal when the form opens (a rotation's step 2). */
  removeSelected?: readonly string[];
  /** A guided rotation's words, as mrkdwn, shown on top. */
  guidance?: string;
  openRequestId?: string;
}

/**
 * The credentials change form: the usernames that exist now, with a "Remove usernames" choice,
 * one Username/Password pair per row (add and remove rows), and a required justification. It never
 * carries a password: no `initial_value` on a password input, ever, so a `views.update` (adding a
 * row) cannot echo one back; Slack keeps what was typed because the block and action ids stay the same.
 *
 * @example
 * credentialsModal({ ref, metadata, existing: { usernames: ['pbx-main'] } });
 */
export function credentialsModal(model: CredentialsModalModel): ModalView {
  const { ref, metadata } = model;
  const removable = 'usernames' in model.existing && model.existing.usernames.length > 0;
  const preamble =
    'blocks' in model.existing
      ? model.existing.blocks
      : [
          ...changeFormHeader(ref, model.openRequestId, [
            ...(model.guidance ? [sectionBlock(model.guidance, CredentialsIds.guidance)] : []),
            {
              ...codeList('Existing usernames', model.existing.usernames, { noun: 'username' }),
              block_id: CredentialsIds.existing,
            },
            contextBlock([
              'A username that exists gets a new password; a new one is added; a ticked one is removed, after the others are set. Passwords are encrypted until the change is applied and are never shown again.',
            ]),
          ]),
          ...(removable ? [removeInput(model.existing.usernames, model.removeSelected ?? [])] : []),
        ];
  const blocks: KnownBlock[] = [...preamble];
  const rowsRemovable = metadata.rows.length > 1 || hasRemoveInput(preamble);

  metadata.rows.forEach((rowKey, index) => {
    const number = index + 1;
    blocks.push({
      type: 'section',
      block_id: credentialActionsBlock(rowKey),
      text: { type: 'mrkdwn', text: `*Credential ${number}*` },
      ...(rowsRemovable
        ? {
            accessory: {
              type: 'button' as const,
              action_id: CredentialsIds.removePair,
              text: plainText('Remove'),
              value: rowKey,
            },
          }
        : {}),
    });
    blocks.push(
      {
        type: 'input',
        block_id: credentialFieldBlock(rowKey, 'username'),
        label: plainText(`Credential ${number} · Username`),
        element: {
          type: 'plain_text_input',
          action_id: CredentialsIds.username,
          max_length: 256,
          placeholder: plainText('e.g. pbx-main'),
        },
      },
      {
        type: 'input',
        block_id: credentialFieldBlock(rowKey, 'password'),
        label: plainText(`Credential ${number} · Password`),
        hint: plainText('US-ASCII. Shown only to you while you type; never repeated anywhere.'),
        element: { type: 'plain_text_input', action_id: CredentialsIds.password, max_length: 256 },
      },
    );
  });
  if (metadata.rows.length < MAX_CREDENTIAL_PAIRS) {
    blocks.push({
      type: 'actions',
      block_id: CredentialsIds.addBlock,
      elements: [
        { type: 'button', action_id: CredentialsIds.addPair, text: plainText('Add credential'), value: 'add' },
      ],
    });
  }
  blocks.push({ type: 'divider' }, justificationInput());

  return changeFormModal({
    callbackId: CredentialsIds.callback,
    title: 'Credentials change',
    privateMetadata: encodeChangeFormMetadata(metadata),
    blocks,
  });
}

/** The form's blocks above its rows, as a row edit keeps them. */
export function credentialsPreamble(blocks: unknown): KnownBlock[] | undefined {
  if (!Array.isArray(blocks)) return undefined;
  const all = blocks as KnownBlock[];
  const end = all.findIndex(
    (block) => block.block_id?.startsWith('credential_') || block.block_id === CredentialsIds.addBlock,
  );
  return end === -1 ? undefined : all.slice(0, end);
}

function hasRemoveInput(blocks: readonly KnownBlock[]): boolean {
  return blocks.some((block) => block.block_id === CredentialsIds.remove);
}

function removeInput(usernames: readonly string[], selected: readonly string[]): KnownBlock {
  const options: PlainTextOption[] = usernames
    .slice(0, MAX_REMOVABLE)
    .map((username) => ({ text: plainText(username, SlackLimit.OptionText), value: username }));
  const initial = options.filter((option) => selected.includes(option.value ?? ''));
  return {
    type: 'input',
    block_id: CredentialsIds.remove,
    optional: true,
    label: plainText('Remove usernames'),
    hint: plainText(
      'Removed after the usernames below are set. Removing every username stops a PBX that authenticates with them.',
    ),
    element:
      options.length <= MAX_CHECKBOXES
        ? {
            type: 'checkboxes',
            action_id: CredentialsIds.remove,
            options,
            ...(initial.length > 0 ? { initial_options: initial } : {}),
          }
        : {
            type: 'multi_static_select',
            action_id: CredentialsIds.remove,
            options,
            placeholder: plainText('Usernames to remove', SlackLimit.Placeholder),
            ...(initial.length > 0 ? { initial_options: initial } : {}),
          },
  };
}
