import type { KnownBlock, ModalView } from '@slack/types';
import { MAX_CREDENTIAL_PAIRS } from '../changes/change-rules';
import type { VoiceConnectorRef } from '../chime/voice-connector';
import { type ChangeFormMetadata, encodeChangeFormMetadata } from './change-form-metadata';
import { codeList } from './code-list';
import { ActionId, BlockId, CallbackId } from './ids';
import { changeFormHeader, justificationInput } from './origination-modal';
import { contextBlock, plainText, SlackLimit } from './slack-limits';

export interface CredentialsModalModel {
  ref: VoiceConnectorRef;
  metadata: ChangeFormMetadata;
  /**
   * The usernames that exist now (ListVoiceConnectorTerminationCredentials), or, when a row is
   * added or removed, the block that already lists them.
   */
  existingUsernames: readonly string[] | { block: KnownBlock | undefined };
  openRequestId?: string;
}

/**
 * The credentials change form: the usernames that exist now, one Username/Password pair per row
 * (add and remove), and a required justification. It never carries a password: no
 * `initial_value` on a password input, ever, so a `views.update` (adding a row) cannot echo one
 * back; Slack keeps what was typed because the block and action ids stay the same.
 *
 * @example
 * credentialsModal({ ref, metadata, existingUsernames: ['pbx-main'] });
 */
export function credentialsModal(model: CredentialsModalModel): ModalView {
  const { ref, metadata } = model;
  const blocks: KnownBlock[] = changeFormHeader(ref, model.openRequestId, [
    existingBlock(model.existingUsernames),
    contextBlock([
      'A username that exists gets a new password; a new one is added; none is removed. Passwords are encrypted until the change is applied and are never shown again.',
    ]),
  ]);

  metadata.k.forEach((rowKey, index) => {
    const number = index + 1;
    blocks.push({
      type: 'section',
      block_id: `credential_${rowKey}_actions`,
      text: { type: 'mrkdwn', text: `*Credential ${number}*` },
      ...(metadata.k.length > 1
        ? {
            accessory: {
              type: 'button' as const,
              action_id: ActionId.CredentialsRemovePair,
              text: plainText('Remove'),
              value: rowKey,
            },
          }
        : {}),
    });
    blocks.push(
      {
        type: 'input',
        block_id: BlockId.credentialField(rowKey, 'username'),
        label: plainText(`Credential ${number} · Username`),
        element: {
          type: 'plain_text_input',
          action_id: ActionId.CredentialUsername,
          max_length: 256,
          placeholder: plainText('e.g. pbx-main'),
        },
      },
      {
        type: 'input',
        block_id: BlockId.credentialField(rowKey, 'password'),
        label: plainText(`Credential ${number} · Password`),
        hint: plainText('US-ASCII. Shown only to you while you type; never repeated anywhere.'),
        element: { type: 'plain_text_input', action_id: ActionId.CredentialPassword, max_length: 256 },
      },
    );
  });
  if (metadata.k.length < MAX_CREDENTIAL_PAIRS) {
    blocks.push({
      type: 'actions',
      block_id: 'credentials_add',
      elements: [
        { type: 'button', action_id: ActionId.CredentialsAddPair, text: plainText('Add credential'), value: 'add' },
      ],
    });
  }
  blocks.push({ type: 'divider' }, justificationInput());

  return {
    type: 'modal',
    callback_id: CallbackId.CredentialsModal,
    title: plainText('Credentials change', SlackLimit.ModalTitle),
    submit: plainText('Request approval', SlackLimit.ModalSubmit),
    close: plainText('Cancel', SlackLimit.ModalClose),
    private_metadata: encodeChangeFormMetadata(metadata),
    blocks,
  };
}

function existingBlock(existing: CredentialsModalModel['existingUsernames']): KnownBlock {
  if ('block' in existing && existing.block !== undefined) return existing.block;
  const usernames = Array.isArray(existing) ? existing : undefined;
  return { ...codeList('Existing usernames', usernames, { noun: 'username' }), block_id: BlockId.CredentialsExisting };
}
