import type { KnownBlock, ModalView } from '@slack/types';
import { changeFormHeader, changeFormModal, justificationInput } from '../../blocks/change-form';
import { codeList } from '../../blocks/code-list';
import { contextBlock, plainText } from '../../blocks/slack-limits';
import type { VoiceConnectorRef } from '../../chime/voice-connector';
import { type ChangeFormMetadata, encodeChangeFormMetadata } from '../change-requests/change-form-metadata';
import { MAX_CREDENTIAL_PAIRS } from './credentials-rules';
import { CredentialsIds, credentialActionsBlock, credentialFieldBlock } from './ids';

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

  metadata.rows.forEach((rowKey, index) => {
    const number = index + 1;
    blocks.push({
      type: 'section',
      block_id: credentialActionsBlock(rowKey),
      text: { type: 'mrkdwn', text: `*Credential ${number}*` },
      ...(metadata.rows.length > 1
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

function existingBlock(existing: CredentialsModalModel['existingUsernames']): KnownBlock {
  if ('block' in existing && existing.block !== undefined) return existing.block;
  const usernames = Array.isArray(existing) ? existing : undefined;
  return { ...codeList('Existing usernames', usernames, { noun: 'username' }), block_id: CredentialsIds.existing };
}
