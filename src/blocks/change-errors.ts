import {
  AlreadyApprovedError,
  AlreadyDecidedError,
  ApprovalNotNeededError,
  type ChangeError,
  type ChangeRequest,
  NotAnEligibleApproverError,
  OpenChangeRequestExistsError,
} from '../changes/change-request';
import { principalMention, userMention } from './slack-formatting';
import { escapeMrkdwn } from './slack-limits';

/**
 * A change error in the words its person reads, as mrkdwn: the engine's errors carry data (who
 * decided, where the open request waits), and the mentions and channel links are made here. The
 * values inside are ids the bot checked, never text someone typed.
 *
 * @example
 * changeErrorText(new AlreadyDecidedError('approved', request)); // "Change request CR-… was already approved by <@U0BOB>."
 */
export function changeErrorText(error: ChangeError): string {
  if (error instanceof AlreadyDecidedError) {
    return error.current === undefined ? 'This request no longer exists.' : alreadyDecidedText(error.current);
  }
  if (error instanceof OpenChangeRequestExistsError) {
    const where = error.existing.message ? ` in <#${error.existing.message.channelId}>` : '';
    return `There is already an open ${error.noun} change request for this connector: ${error.existing.id}${where}. It must be approved, rejected, cancelled or expire first.`;
  }
  if (error instanceof AlreadyApprovedError) {
    const waiting =
      error.progress.missingGroups.length > 0
        ? `; waiting for one from ${error.progress.missingGroups.map(principalMention).join(' and ')}`
        : '';
    return `You already approved ${error.changeRequestId}, and nobody counts twice: ${error.progress.count} of ${error.progress.needed} approvals so far${waiting}.`;
  }
  if (error instanceof ApprovalNotNeededError) {
    return `${error.changeRequestId} still needs an approval from ${error.missingGroups.map(principalMention).join(' and ')}, and you are not a member, so your approval cannot count. Nothing was recorded.`;
  }
  if (error instanceof NotAnEligibleApproverError) {
    return `You cannot decide on ${error.changeRequestId}: under the approval policy's rule *${escapeMrkdwn(error.rule ?? 'default')}* only ${error.approvers.map(principalMention).join(', ')} may.`;
  }
  return error.message;
}

function alreadyDecidedText(request: Pick<ChangeRequest, 'id' | 'status' | 'approverId' | 'deciderId'>): string {
  const by = request.approverId ?? request.deciderId;
  const who = by ? ` by ${userMention(by)}` : '';
  switch (request.status) {
    case 'approved':
    case 'applying':
      return `Change request ${request.id} was already approved${who}.`;
    case 'applied':
      return `Change request ${request.id} was already approved${who} and applied.`;
    case 'rejected':
      return `Change request ${request.id} was already rejected${who}.`;
    case 'cancelled':
      return `Change request ${request.id} was cancelled by the requester.`;
    case 'expired':
      return `Change request ${request.id} expired.`;
    default:
      return `Change request ${request.id} is already ${request.status}.`;
  }
}
