import type { ModalView } from '@slack/types';
import type { FetchFunction } from '@slack/web-api';
import { z } from 'zod';

/**
 * Slack's Web API and response URLs, answered in memory through the `fetch` that Bolt's
 * WebClient and `respond()` use (`clientOptions: { fetch }`): every call is recorded with its
 * decoded arguments, and answered as Slack would (`views.open` gives a view id and hash,
 * `views.update` refuses a stale hash, a response URL answers 200). No server is started.
 *
 * @example
 * const slack = new SlackWebApiDouble();
 * new App({ receiver, authorize, clientOptions: { slackApiUrl: slack.apiUrl, fetch: slack.fetch } });
 * expect(slack.callsTo('views.open')[0]?.args.view?.callback_id).toBe('chime_loading');
 */
export class SlackWebApiDouble {
  readonly apiUrl = 'https://slack.test/api/';
  /** Every Web API call, in order. */
  readonly calls: WebApiCall[] = [];
  /** Every post to a response_url (`respond()`), in order. */
  readonly responseUrlPosts: ResponseUrlPost[] = [];
  private readonly viewHashes = new Map<string, string>();
  private readonly failures = new Map<string, string>();
  private sequence = 0;

  /** @param timeline where each call is noted (`api:views.open`, `respond`), next to acks and jobs. */
  constructor(private readonly timeline: string[] = []) {}

  /** The `fetch` to give Bolt: Web API methods under {@link apiUrl}, anything else is a response_url. */
  readonly fetch: FetchFunction = async (url, init) => {
    const address = String(url);
    if (!address.startsWith(this.apiUrl)) {
      this.timeline.push('respond');
      this.responseUrlPosts.push({ url: address, body: ResponseUrlBodySchema.parse(JSON.parse(bodyText(init))) });
      return jsonResponse({ ok: true });
    }
    const method = address.slice(this.apiUrl.length);
    const args = WebApiArgumentsSchema.parse(Object.fromEntries(new URLSearchParams(bodyText(init))));
    this.timeline.push(`api:${method}`);
    this.calls.push({ method, args });
    return jsonResponse(this.answer(method, args));
  };

  /** The calls of one method, in order. */
  callsTo(method: string): WebApiCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** The next call of `method` answers `{ ok: false, error }`, as Slack refuses one. */
  failNext(method: string, error: string): void {
    this.failures.set(method, error);
  }

  /** A view Slack knows of (as if `views.open` had returned it), with its current hash. */
  knowsView(viewId: string, hash: string): void {
    this.viewHashes.set(viewId, hash);
  }

  private answer(method: string, args: WebApiArguments): Record<string, unknown> {
    const failure = this.failures.get(method);
    if (failure !== undefined) {
      this.failures.delete(method);
      return { ok: false, error: failure };
    }
    switch (method) {
      case 'views.open':
      case 'views.push': {
        const id = `V0OPENED${++this.sequence}`;
        return { ok: true, view: this.viewAnswer(id, args.view) };
      }
      case 'views.update': {
        const id = args.view_id ?? '';
        const known = this.viewHashes.get(id);
        // Slack refuses an update whose hash is not the view's latest: a stale click must not win.
        if (args.hash !== undefined && known !== undefined && known !== args.hash) {
          return { ok: false, error: 'hash_conflict' };
        }
        return { ok: true, view: this.viewAnswer(id, args.view) };
      }
      case 'chat.postMessage':
        return { ok: true, channel: args.channel, ts: `1700000000.${String(++this.sequence).padStart(6, '0')}` };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `1700000000.${String(++this.sequence).padStart(6, '0')}` };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.getPermalink':
        return { ok: true, channel: args.channel, permalink: `https://voice-ops.slack.test/archives/${args.channel}` };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private viewAnswer(id: string, view: ModalView | undefined) {
    const hash = `${Date.now()}.hash${++this.sequence}`;
    this.viewHashes.set(id, hash);
    return { ...view, id, hash };
  }
}

/** A Web API call as the WebClient sent it, its JSON-encoded arguments decoded. */
export interface WebApiCall {
  method: string;
  args: WebApiArguments;
}

export interface ResponseUrlPost {
  url: string;
  body: ResponseUrlBody;
}

/** A view the bot sent: checked for being a modal, kept whole for the test to look at. */
const ModalViewSchema = z.custom<ModalView>(
  (value) => typeof value === 'object' && value !== null && 'type' in value && value.type === 'modal',
  'expected a modal view',
);

const json = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text) => JSON.parse(text) as unknown)
    .pipe(schema);

const WebApiArgumentsSchema = z
  .object({
    view: json(ModalViewSchema).optional(),
    blocks: json(z.array(z.record(z.string(), z.unknown()))).optional(),
    text: z.string().optional(),
    channel: z.string().optional(),
    user: z.string().optional(),
    trigger_id: z.string().optional(),
    view_id: z.string().optional(),
    hash: z.string().optional(),
    ts: z.string().optional(),
  })
  .loose();
export type WebApiArguments = z.infer<typeof WebApiArgumentsSchema>;

const ResponseUrlBodySchema = z
  .object({
    text: z.string().optional(),
    blocks: z.array(z.record(z.string(), z.unknown())).optional(),
    response_type: z.enum(['ephemeral', 'in_channel']).optional(),
    replace_original: z.boolean().optional(),
    delete_original: z.boolean().optional(),
  })
  .strict();
export type ResponseUrlBody = z.infer<typeof ResponseUrlBodySchema>;

function bodyText(init: Parameters<FetchFunction>[1]): string {
  if (typeof init?.body !== 'string') throw new Error('expected a text body (the bot uploads no files)');
  return init.body;
}

function jsonResponse(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
}
