import type { ModalView } from '@slack/types';
import { CallbackId } from './ids';
import { plainText, SlackLimit } from './slack-limits';
import type { SlackMessage } from './slack-message';

export interface ResultModalModel {
  /** The modal's title, cut to Slack's 24 characters. */
  title: string;
  /** A card or notice built for a message; its blocks are shown as they are. */
  message: SlackMessage;
}

/**
 * A read-only modal showing a message's blocks (a card, a notice), with only a close button.
 *
 * @example
 * resultModal({ title: 'Termination', message: terminationCard(model) });
 */
export function resultModal(model: ResultModalModel): ModalView {
  return {
    type: 'modal',
    callback_id: CallbackId.ResultModal,
    title: plainText(model.title, SlackLimit.ModalTitle),
    close: plainText('Close', SlackLimit.ModalClose),
    // A message holds at most 50 blocks, a modal 100: the blocks fit as they are.
    blocks: model.message.blocks.slice(0, SlackLimit.ModalBlocks),
  };
}
