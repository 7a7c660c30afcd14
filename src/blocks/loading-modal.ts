import type { ModalView } from '@slack/types';
import { CallbackId } from './ids';
import { escapeMrkdwn, plainText, SlackLimit, sectionBlock } from './slack-limits';

export interface LoadingModalModel {
  /** The modal's title, cut to Slack's 24 characters. */
  title: string;
  /** What is being fetched, plain text; "Loading …" when absent. */
  message?: string;
}

/**
 * The modal opened at once with a `trigger_id` (valid for 3 s) while AWS is asked; `views.update`
 * replaces it with the result.
 *
 * @example
 * loadingModal({ title: 'Termination', message: 'Reading termination settings …' });
 */
export function loadingModal(model: LoadingModalModel): ModalView {
  return {
    type: 'modal',
    callback_id: CallbackId.LoadingModal,
    title: plainText(model.title, SlackLimit.ModalTitle),
    close: plainText('Close', SlackLimit.ModalClose),
    blocks: [sectionBlock(`⏳ ${escapeMrkdwn(model.message?.trim() || 'Loading …')}`)],
  };
}
