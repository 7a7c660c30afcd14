import { z } from 'zod';
import { type BlockKitProblem, checkMessageBlocks, problemErrors, problemLines } from './block-kit-validation';
import type { MessageRef, ResponseUrlRecord, SlackWorkspace } from './workspace';

/**
 * What Slack does with a message sent back for an interaction: a post to a `response_url`, or the
 * JSON body a bot acknowledges a slash command with (which Slack treats as the first response).
 */

/** The path, under the Web API prefix, where the stand-in serves response_urls. */
export const RESPONSE_URL_SEGMENT = '_respond/';

/** The address of a response_url the stand-in serves, given its Web API base URL (trailing slash). */
export function responseUrlAddress(apiUrl: string, id: string): string {
  return `${apiUrl}${RESPONSE_URL_SEGMENT}${encodeURIComponent(id)}`;
}

const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);

/**
 * A message body sent to a response_url, or returned in a slash command's acknowledgement.
 *
 * @example
 * { "text": "Approved by <@U0APPROVER>", "blocks": [], "replace_original": true }
 */
export const InteractionResponseSchema = z.looseObject({
  text: z.string().optional(),
  blocks: z.unknown().optional(),
  response_type: z.enum(['ephemeral', 'in_channel']).optional(),
  replace_original: flag.optional(),
  delete_original: flag.optional(),
  thread_ts: z.string().optional(),
});

export type InteractionResponse = z.infer<typeof InteractionResponseSchema>;

export type InteractionResponseOutcome =
  | { ok: true; delivered?: MessageRef; deleted?: MessageRef }
  | { ok: false; error: string; problems: BlockKitProblem[] };

/**
 * Applies a response to the workspace as Slack would: deletes or replaces the original message,
 * posts in the channel, or shows a new ephemeral message to the person who acted.
 */
export function applyInteractionResponse(
  workspace: SlackWorkspace,
  origin: ResponseUrlRecord,
  response: InteractionResponse,
  source: string,
): InteractionResponseOutcome {
  const original = origin.original;
  if (response.delete_original === true) {
    if (original === undefined) return { ok: false, error: 'message_not_found', problems: [] };
    if (original.kind === 'channel') workspace.deleteMessage(original.channelId, original.ts);
    else workspace.deleteEphemeral(original.ts);
    return { ok: true, deleted: original };
  }
  const text = response.text ?? '';
  const verdict = checkMessageBlocks(response.blocks);
  if (!verdict.ok) return { ok: false, error: verdict.error, problems: verdict.problems };
  if (text === '' && verdict.blocks.length === 0) return { ok: false, error: 'no_text', problems: [] };
  if (text === '' && verdict.blocks.length > 0) {
    workspace.recordWarning(source, 'blocks were sent without a top-level text fallback');
  }
  const content = { text, blocks: verdict.blocks };

  if (response.replace_original === true && original !== undefined) {
    const replaced =
      original.kind === 'channel'
        ? workspace.updateMessage(original.channelId, original.ts, { ...content, editedBy: workspace.bot.userId })
        : workspace.replaceEphemeral(original.ts, content);
    if (replaced === undefined) return { ok: false, error: 'message_not_found', problems: [] };
    return { ok: true, delivered: original };
  }
  if (response.response_type === 'in_channel') {
    const message = workspace.postMessage({
      channelId: origin.channelId,
      ...content,
      asBot: true,
      ...(response.thread_ts !== undefined ? { threadTs: response.thread_ts } : {}),
      via: source === 'response_url' ? 'response_url' : 'slash_command_response',
    });
    const delivered: MessageRef = { kind: 'channel', channelId: message.channelId, ts: message.ts };
    return { ok: true, delivered };
  }
  const ephemeral = workspace.postEphemeral({
    channelId: origin.channelId,
    userId: origin.userId,
    ...content,
    responseUrlId: origin.id,
    via: source === 'response_url' ? 'response_url' : 'slash_command_response',
  });
  const delivered: MessageRef = { kind: 'ephemeral', ts: ephemeral.ts };
  // A slash command has no message of its own: its latest reply is what replace_original replaces.
  if (origin.origin === 'slash_command') origin.original = delivered;
  return { ok: true, delivered };
}

export interface ResponseUrlAnswer {
  status: number;
  body: { ok: boolean } & Record<string, unknown>;
}

/** Handles one post to a response_url: Slack's five uses in thirty minutes, then the response itself. */
export function answerResponseUrlPost(workspace: SlackWorkspace, id: string, body: unknown): ResponseUrlAnswer {
  const parsed = InteractionResponseSchema.safeParse(body);
  if (!parsed.success) {
    return {
      status: 400,
      body: {
        ok: false,
        error: 'invalid_payload',
        response_metadata: { messages: parsed.error.issues.map((issue) => `[ERROR] ${issue.message}`) },
      },
    };
  }
  const claim = workspace.claimResponseUrl(id);
  if (!claim.ok) return { status: 404, body: { ok: false, error: claim.error } };
  const outcome = applyInteractionResponse(workspace, claim.responseUrl, parsed.data, 'response_url');
  if (!outcome.ok) {
    // A refused post does not count as one of the five uses.
    claim.responseUrl.uses -= 1;
    return {
      status: outcome.error === 'message_not_found' ? 404 : 400,
      body: {
        ok: false,
        error: outcome.error,
        ...(outcome.problems.length > 0
          ? { errors: problemErrors(outcome.problems), response_metadata: { messages: problemLines(outcome.problems) } }
          : {}),
      },
    };
  }
  return { status: 200, body: { ok: true } };
}
