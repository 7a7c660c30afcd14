import { z } from 'zod';
import { SlackIdSchema } from '../../jobs/job';

/**
 * The message a decision was clicked in: decisions count only from the request's own approval
 * message, so a button copied into another message or channel decides nothing.
 */
export const DecisionSourceSchema = z.union([
  z.object({
    channelId: SlackIdSchema,
    ts: z.string().regex(/^\d{1,12}\.\d{1,9}$/),
  }),
  /** The approver's App Home, which lists the requests waiting for them. */
  z.object({ surface: z.literal('app-home') }),
]);
export type DecisionSource = z.infer<typeof DecisionSourceSchema>;

/**
 * Whether a decision was clicked in the request's own approval message (or the App Home). `null` is a click outside
 * any message everyone sees. A job without the member at all was queued by the version before this
 * check (its listener saw the click): it is let through, rather than refusing the approvals in
 * flight across a deploy.
 */
export function isFromApprovalMessage(
  source: DecisionSource | null | undefined,
  message: { channelId: string; ts: string } | undefined,
): boolean {
  if (source === undefined) return true;
  if (source === null) return false;
  if ('surface' in source) return true;
  return message !== undefined && source.channelId === message.channelId && source.ts === message.ts;
}

/**
 * How a modal opened by the click (Reject's reason, "Approve despite risks") keeps its source in
 * its metadata for the submission: the message's ts, or `app-home`.
 */
export function sourceToken(source: DecisionSource | null | undefined): string | undefined {
  if (source === null || source === undefined) return undefined;
  return 'surface' in source ? source.surface : source.ts;
}

/** The source back from a modal's metadata; `null` when it names none. */
export function sourceFromToken(channelId: string | undefined, token: string | undefined): DecisionSource | null {
  if (token === 'app-home') return { surface: 'app-home' };
  const parsed = DecisionSourceSchema.safeParse({ channelId, ts: token });
  return parsed.success ? parsed.data : null;
}
