import type { ModalView } from '@slack/types';
import { z } from 'zod';
import type { ChangeRequest } from '../changes/change-request';
import { parseJsonAs } from '../parse-json';
import { risksBlock } from './change-request-message';
import { CallbackId } from './ids';
import { inlineCode } from './slack-formatting';
import { contextBlock, plainText, SlackLimit, sectionBlock } from './slack-limits';

/** What the modal carries to its submission: the request and the risk codes it showed. */
export const ApproveRisksMetadataSchema = z.object({
  id: z.string().regex(/^CR-[0-9A-Z]{8}$/),
  /** The approval message's channel (the approver hears back there). */
  channelId: z.string().max(64).optional(),
  /** The approval message's ts: a decision counts only from the request's own message. */
  ts: z.string().max(32).optional(),
  risks: z.array(z.string().min(1).max(64)).max(20),
});
export type ApproveRisksMetadata = z.infer<typeof ApproveRisksMetadataSchema>;

/**
 * "Approve despite risks": every risk of the request by name; only its submit approves. Opened
 * by the approval message's Approve button when the request has a high risk.
 *
 * @example
 * approveRisksModal({ request, title: 'Termination change', channelId: 'C0APPROVALS' });
 */
export function approveRisksModal(model: {
  request: ChangeRequest;
  title: string;
  channelId?: string;
  /** The ts of the message whose Approve opened it. */
  ts?: string;
}): ModalView {
  const { request } = model;
  const risks = request.risks ?? [];
  const metadata: ApproveRisksMetadata = {
    id: request.id,
    channelId: model.channelId,
    ts: model.ts,
    risks: risks.map((risk) => risk.code),
  };
  return {
    type: 'modal',
    callback_id: CallbackId.ApproveRisksModal,
    title: plainText('Approve despite risks', SlackLimit.ModalTitle),
    submit: plainText('Approve and apply', SlackLimit.ModalSubmit),
    close: plainText('Back', SlackLimit.ModalClose),
    private_metadata: JSON.stringify(ApproveRisksMetadataSchema.parse(metadata)),
    blocks: [
      sectionBlock(
        `*${model.title} request ${request.id}* for ${inlineCode(request.voiceConnectorId)} · ${request.region}. Approving applies it at once.`,
      ),
      risksBlock(risks),
      contextBlock(['If a risk is not acceptable, close this and reject the request instead.']),
    ],
  };
}

export function parseApproveRisksMetadata(text: string | undefined): ApproveRisksMetadata | undefined {
  return parseJsonAs(ApproveRisksMetadataSchema, text);
}
