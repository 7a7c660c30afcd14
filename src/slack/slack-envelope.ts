import { isValidSlackRequest } from '@slack/bolt';
import { z } from 'zod';
import { isVoiceConnectorId } from '../chime/model-schemas';
import { queueRefusal } from '../handlers/refusals';
import { ViewStateSchema } from '../handlers/slack-payload';
import { type JobQueue, type ReplyTarget, SlackIdSchema } from '../jobs/job';
import type { Logger } from '../logging/logger';

/**
 * The shape of every request Slack sends the bot, per surface, checked before Bolt or any
 * listener sees it: a slash command (form fields), an interaction (`payload`: block actions, view
 * submissions and closings, block suggestions) or an Events API body (JSON). A request that is
 * correctly signed but not one of these (a `null` payload, an unknown type, a user that is a string,
 * no action, a view that is `null`, state values that are not objects, a user id in lower case, a
 * click with nowhere to reply) is refused at once with 400 and changes nothing: no listener runs,
 * no job is queued, nothing is promised. Only what each listener and job relies on is required;
 * everything else Slack sends passes through untouched (`loose`).
 */

const ActorSchema = z.object({ id: SlackIdSchema, team_id: SlackIdSchema.optional() }).loose();
const TeamSchema = z.object({ id: SlackIdSchema }).loose();
const UrlSchema = z.url({ protocol: /^https?$/ });

const SlashCommandSchema = z
  .object({
    command: z.string().regex(/^\/\S{1,31}$/),
    text: z.string().max(4000),
    user_id: SlackIdSchema,
    team_id: SlackIdSchema,
    channel_id: z.string().min(1).max(64),
    response_url: UrlSchema,
    trigger_id: z.string().min(1).max(256),
  })
  .loose();

const ActionSchema = z
  .object({
    action_id: z.string().min(1).max(255),
    value: z.string().max(2000).optional(),
    action_ts: z.string().max(100).optional(),
  })
  .loose();

const ViewSchema = z
  .object({
    id: z.string().min(1).max(64),
    callback_id: z.string().max(255),
    private_metadata: z.string().max(3000).optional(),
    hash: z.string().max(255).optional(),
    state: z.object({ values: ViewStateSchema }).loose().optional(),
  })
  .loose();

const BlockActionsSchema = z
  .object({
    type: z.literal('block_actions'),
    user: ActorSchema,
    team: TeamSchema.nullable().optional(),
    actions: z.array(ActionSchema).min(1).max(25),
    trigger_id: z.string().min(1).max(256).optional(),
    response_url: UrlSchema.optional(),
    channel: z
      .object({ id: z.string().min(1).max(64) })
      .loose()
      .optional(),
    view: ViewSchema.optional(),
  })
  .loose()
  .refine((body) => body.channel !== undefined || body.response_url !== undefined || body.view !== undefined, {
    message: 'a click with nowhere to reply',
  });

const ViewSubmissionSchema = z
  .object({
    type: z.enum(['view_submission', 'view_closed']),
    user: ActorSchema,
    team: TeamSchema.nullable().optional(),
    view: ViewSchema,
  })
  .loose();

const BlockSuggestionSchema = z
  .object({
    type: z.literal('block_suggestion'),
    user: ActorSchema,
    team: TeamSchema.nullable().optional(),
    action_id: z.string().min(1).max(255),
    value: z.string().max(200),
    view: ViewSchema.nullable().optional(),
  })
  .loose();

const InteractionSchema = z.discriminatedUnion('type', [
  BlockActionsSchema,
  ViewSubmissionSchema,
  BlockSuggestionSchema,
]);

const EventsApiSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('url_verification'), challenge: z.string().max(256) }).loose(),
  z
    .object({
      type: z.literal('event_callback'),
      team_id: SlackIdSchema,
      event: z.object({ type: z.string().min(1).max(100) }).loose(),
    })
    .loose(),
  z.object({ type: z.literal('app_rate_limited') }).loose(),
]);

export type SlackEnvelope =
  | { ok: true }
  | {
      ok: false;
      /** What was wrong, in a few words naming the surface and the field, never the content. */
      reason: string;
      /** Who and which connector, when the request names both validly: the refusal is audited there. */
      refusal?: { userId: string; teamId: string; voiceConnectorId: string; channelId?: string; responseUrl?: string };
    };

/**
 * Checks a correctly signed request's body, as Bolt would read it: `contentType` is the media type
 * alone (`application/x-www-form-urlencoded` or `application/json`).
 *
 * @example
 * checkSlackEnvelope('payload=null', 'application/x-www-form-urlencoded'); // { ok: false, reason: 'interaction: not an object' }
 */
export function checkSlackEnvelope(rawBody: string, contentType: string | undefined): SlackEnvelope {
  if (contentType === 'application/json') {
    const json = parseJson(rawBody);
    return verdict('event', EventsApiSchema.safeParse(json));
  }
  const form = new URLSearchParams(rawBody);
  const payload = form.get('payload');
  if (payload !== null) {
    const json = parseJson(payload);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      return { ok: false, reason: 'interaction: not an object' };
    }
    return verdict('interaction', InteractionSchema.safeParse(json));
  }
  if (form.has('command')) {
    const fields = Object.fromEntries(form);
    const result = SlashCommandSchema.safeParse(fields);
    if (result.success) return { ok: true };
    const refusal = commandRefusal(fields);
    return { ok: false, reason: reasonOf('command', result.error), ...(refusal ? { refusal } : {}) };
  }
  if (form.has('ssl_check')) return { ok: true };
  return { ok: false, reason: 'neither a command nor an interaction' };
}

function verdict(surface: string, result: z.ZodSafeParseResult<unknown>): SlackEnvelope {
  return result.success ? { ok: true } : { ok: false, reason: reasonOf(surface, result.error) };
}

/** `interaction: actions, user`: the fields at fault, never their content. */
function reasonOf(surface: string, error: z.ZodError): string {
  const fields = [...new Set(error.issues.map((issue) => issue.path.join('.') || issue.message))].sort();
  return `${surface}: ${fields.join(', ').slice(0, 200)}`;
}

/** A malformed command whose actor and connector are valid is still audited on the connector's chain. */
function commandRefusal(
  fields: Record<string, string>,
): NonNullable<Extract<SlackEnvelope, { ok: false }>['refusal']> | undefined {
  const userId = fields.user_id;
  const teamId = fields.team_id;
  const voiceConnectorId = (fields.text ?? '').split(/\s+/).find((word) => isVoiceConnectorId(word));
  if (
    userId === undefined ||
    teamId === undefined ||
    voiceConnectorId === undefined ||
    !SlackIdSchema.safeParse(userId).success ||
    !SlackIdSchema.safeParse(teamId).success
  ) {
    return undefined;
  }
  return {
    userId,
    teamId,
    voiceConnectorId,
    ...(fields.channel_id && SlackIdSchema.safeParse(fields.channel_id).success
      ? { channelId: fields.channel_id }
      : {}),
    ...(fields.response_url && URL.canParse(fields.response_url) ? { responseUrl: fields.response_url } : {}),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** What the HTTP server and the Lambda wrapper do with a request before Bolt sees it. */
export interface SlackRequestGuard {
  signingSecret: string;
  /** Told of every refused request: log it (without its content) and audit a refusal that names a connector. */
  onRefused(refused: Extract<SlackEnvelope, { ok: false }>): Promise<void>;
}

/**
 * The guard both runtimes use: a refused request is logged once at debug level (the surface and
 * the fields at fault, never their content) and, when it names a valid actor and connector, its
 * refusal is audited on that connector's chain through the `record-refusal` job.
 */
export function slackRequestGuard(options: {
  signingSecret: string;
  logger: Logger;
  jobs: JobQueue;
}): SlackRequestGuard {
  return {
    signingSecret: options.signingSecret,
    async onRefused(refused) {
      options.logger.debug({ reason: refused.reason }, 'refused a malformed Slack request');
      const refusal = refused.refusal;
      if (refusal === undefined) return;
      const reply: ReplyTarget | undefined = refusal.responseUrl
        ? { kind: 'response_url', responseUrl: refusal.responseUrl }
        : refusal.channelId
          ? { kind: 'ephemeral', channelId: refusal.channelId }
          : undefined;
      if (reply === undefined) return;
      try {
        await queueRefusal(options.jobs, {
          actor: { userId: refusal.userId, teamId: refusal.teamId },
          action: 'command',
          outcome: 'invalid',
          reason: `malformed request (${refused.reason})`,
          reply,
          ...(refusal.channelId ? { channelId: refusal.channelId } : {}),
          voiceConnectorId: refusal.voiceConnectorId,
        });
      } catch (error) {
        options.logger.warn({ err: error }, 'could not queue the audit entry of a refused request');
      }
    },
  };
}

/**
 * A correctly signed request that is not a shape Slack sends: refused with 400, before Bolt (which
 * would throw on some, outside any listener, or never acknowledge others). Requests whose
 * signature or timestamp does not hold are left to Bolt, which answers 401.
 *
 * @example
 * if (!(await admitSlackRequest(guard, rawBody, headers))) response.writeHead(400).end();
 */
export async function admitSlackRequest(
  guard: SlackRequestGuard,
  rawBody: string,
  headers: { contentType?: string; signature?: string; timestamp?: string },
): Promise<boolean> {
  const signed =
    headers.signature !== undefined &&
    headers.timestamp !== undefined &&
    isValidSlackRequest({
      signingSecret: guard.signingSecret,
      body: rawBody,
      headers: {
        'x-slack-signature': headers.signature,
        'x-slack-request-timestamp': Number(headers.timestamp),
      },
    });
  if (!signed) return true;
  const envelope = checkSlackEnvelope(rawBody, headers.contentType?.split(';')[0]?.trim().toLowerCase());
  if (envelope.ok) return true;
  await guard.onRefused(envelope);
  return false;
}
