import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { parseJsonAs } from '../parse-json';
import { ActionId, BlockId, CallbackId } from './ids';
import { plainText, SlackLimit, sectionBlock } from './slack-limits';

export const RejectReasonMetadataSchema = z.object({
  /** Change request id. */
  id: z.string().regex(/^CR-[0-9A-Z]{8}$/),
  /** Channel of the approval message (the rejecter hears back there). */
  ch: z.string().max(64).optional(),
  /** The approval message's ts: a decision counts only from the request's own message. */
  ts: z.string().max(32).optional(),
});
export type RejectReasonMetadata = z.infer<typeof RejectReasonMetadataSchema>;

/**
 * The small modal Reject opens: the reason is required, and the requester will see it.
 *
 * @example
 * rejectReasonModal({ id: 'CR-7K3M9Q2A', ch: 'C0APPROVALS' });
 */
export function rejectReasonModal(metadata: RejectReasonMetadata): ModalView {
  return {
    type: 'modal',
    callback_id: CallbackId.RejectReasonModal,
    title: plainText('Reject change', SlackLimit.ModalTitle),
    submit: plainText('Reject', SlackLimit.ModalSubmit),
    close: plainText('Back', SlackLimit.ModalClose),
    private_metadata: JSON.stringify(RejectReasonMetadataSchema.parse(metadata)),
    blocks: [
      sectionBlock(`Rejecting *${metadata.id}*. Nothing will change; the requester sees your reason.`),
      {
        type: 'input',
        block_id: BlockId.RejectReason,
        label: plainText('Reason'),
        element: {
          type: 'plain_text_input',
          action_id: ActionId.RejectReason,
          multiline: true,
          max_length: 500,
          placeholder: plainText('e.g. Wrong SBC: use the eu-west-2 pair'),
        },
      },
    ],
  };
}

export function parseRejectReasonMetadata(text: string | undefined): RejectReasonMetadata | undefined {
  return parseJsonAs(RejectReasonMetadataSchema, text);
}
