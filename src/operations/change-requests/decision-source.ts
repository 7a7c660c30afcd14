import { z } from 'zod';
import { SlackIdSchema } from '../../jobs/job';

/**
 * The message a decision was clicked in: decisions count only from the request's own approval
 * message, so a button copied into another message or channel decides nothing.
 */
export const DecisionSourceSchema = z.object({
  channelId: SlackIdSchema,
  ts: z.string().regex(/^\d{1,12}\.\d{1,9}$/),
});
export type DecisionSource = z.infer<typeof DecisionSourceSchema>;

/**
 * Whether a decision was clicked in the request's own approval message. `null` is a click outside
 * any message everyone sees. A job without the member at all was queued by the version before this
 * check (its listener saw the click): it is let through, rather than refusing the approvals in
 * flight across a deploy.
 */
export function isFromApprovalMessage(
  source: DecisionSource | null | undefined,
  message: { channelId: string; ts: string } | undefined,
): boolean {
  if (source === undefined) return true;
  return source !== null && message !== undefined && source.channelId === message.channelId && source.ts === message.ts;
}
