import type { IncomingMessage, ServerResponse } from 'node:http';
import { isJsonObject } from './block-elements';
import { answerResponseUrlPost, RESPONSE_URL_SEGMENT } from './response-url';
import { type WebApiAnswer, webApiMethods } from './web-api-methods';
import type { SlackWorkspace } from './workspace';

export interface SlackWebApiHandlerOptions {
  /** The bot token (`xoxb-…`) the bot's WebClient must present. */
  botToken: string;
  /** Where the Web API lives on the host server, with both slashes: `/api/` unless told otherwise. */
  prefix?: string;
  /** Requests larger than this are refused with 413. */
  bodyLimitBytes?: number;
}

/** A node `http` request listener that can be mounted inside another server. */
export type NodeHttpHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export const DEFAULT_WEB_API_PREFIX = '/api/';

/** Arguments whose value is JSON: the WebClient sends them as JSON strings inside a form. */
const JSON_VALUED_ARGS = ['blocks', 'view', 'attachments', 'metadata'] as const;

class RequestBodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`request body exceeds ${limit} bytes`);
    this.name = 'RequestBodyTooLargeError';
  }
}

async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) throw new RequestBodyTooLargeError(limit);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function mediaType(request: IncomingMessage): string {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

type ParsedArgs = { ok: true; args: Record<string, unknown> } | { ok: false; error: string };

/** Reads arguments the way Slack does: query string, then a form-encoded or JSON body. */
function parseArgs(type: string, body: string, query: URLSearchParams): ParsedArgs {
  const args: Record<string, unknown> = Object.fromEntries(query);
  if (body === '') return { ok: true, args };
  if (type === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(body);
      if (!isJsonObject(parsed)) return { ok: false, error: 'invalid_json' };
      return { ok: true, args: { ...args, ...parsed } };
    } catch {
      return { ok: false, error: 'invalid_json' };
    }
  }
  if (type === 'application/x-www-form-urlencoded' || type === '') {
    return { ok: true, args: { ...args, ...Object.fromEntries(new URLSearchParams(body)) } };
  }
  return { ok: false, error: 'invalid_form_data' };
}

/** Decodes the JSON-valued arguments a form carries as strings; names the first one that is not JSON. */
function decodeJsonArgs(args: Record<string, unknown>): { ok: true } | { ok: false; error: string } {
  for (const key of JSON_VALUED_ARGS) {
    const value = args[key];
    if (typeof value !== 'string') continue;
    try {
      args[key] = JSON.parse(value);
    } catch {
      return { ok: false, error: key === 'blocks' ? 'invalid_blocks_format' : 'invalid_arguments' };
    }
  }
  return { ok: true };
}

function bearerToken(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(.+)$/i.exec(header);
  return match?.[1]?.trim();
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

/**
 * The stand-in's Slack Web API over HTTP: `POST <prefix><method>` as the `@slack/web-api`
 * WebClient sends it, plus the response_urls it hands out (`<prefix>_respond/<id>`). Every call
 * is recorded in `workspace.calls`, the bot token left out.
 *
 * @example
 * const handler = createSlackWebApiHandler(workspace, { botToken: 'xoxb-sandbox', prefix: '/slack/api/' });
 * http.createServer((req, res) => {
 *   if (req.url?.startsWith('/slack/api/')) void handler(req, res);
 *   else renderConsole(req, res);
 * });
 */
export function createSlackWebApiHandler(
  workspace: SlackWorkspace,
  options: SlackWebApiHandlerOptions,
): NodeHttpHandler {
  const prefix = options.prefix ?? DEFAULT_WEB_API_PREFIX;
  const bodyLimit = options.bodyLimitBytes ?? 5 * 1024 * 1024;

  const record = (
    method: string,
    args: Record<string, unknown>,
    type: string,
    answer: WebApiAnswer,
    warnings: string[],
  ) => {
    const { token: _token, ...withoutToken } = args;
    workspace.recordCall({
      method,
      args: withoutToken,
      contentType: type,
      time: workspace.clock.now(),
      response: answer,
      warnings,
    });
  };

  const answerMethod = (method: string, request: IncomingMessage, parsed: ParsedArgs, type: string): WebApiAnswer => {
    const implementation = webApiMethods[method];
    const args = parsed.ok ? parsed.args : {};
    const warnings: string[] = [];
    const answer = ((): WebApiAnswer => {
      if (implementation === undefined) return { ok: false, error: 'unknown_method', req_method: method };
      if (!parsed.ok) return { ok: false, error: parsed.error };
      const token = bearerToken(request) ?? (typeof args.token === 'string' ? args.token : undefined);
      if (token === undefined || token === '') return { ok: false, error: 'not_authed' };
      if (token !== options.botToken) return { ok: false, error: 'invalid_auth' };
      const decoded = decodeJsonArgs(args);
      if (!decoded.ok) return { ok: false, error: decoded.error };
      return implementation(args, {
        workspace,
        warn: (message) => {
          warnings.push(message);
          workspace.recordWarning(method, message);
        },
      });
    })();
    record(method, args, type, answer, warnings);
    return answer;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://stand-in.invalid');
    if (!url.pathname.startsWith(prefix)) {
      sendJson(response, 404, { ok: false, error: 'not_found' });
      return;
    }
    const route = url.pathname.slice(prefix.length);
    const type = mediaType(request);
    let body: string;
    try {
      body = await readBody(request, bodyLimit);
    } catch (error) {
      if (!(error instanceof RequestBodyTooLargeError)) throw error;
      sendJson(response, 413, { ok: false, error: 'request_too_large' });
      return;
    }

    if (route.startsWith(RESPONSE_URL_SEGMENT)) {
      const id = decodePathSegment(route.slice(RESPONSE_URL_SEGMENT.length));
      if (id === undefined) {
        // Not an address this stand-in ever handed out (a broken %-escape): as unknown as any other.
        sendJson(response, 404, { ok: false, error: 'not_found' });
        return;
      }
      const parsed = parseArgs(type, body, new URLSearchParams());
      // A response_url also takes the form-encoded `payload=<json>` that older integrations send.
      const form = parsed.ok ? parsed.args : undefined;
      const payload = typeof form?.payload === 'string' ? safeJson(form.payload) : form;
      const answer = answerResponseUrlPost(workspace, id, payload);
      const args = { ...(isJsonObject(payload) ? payload : {}), response_url_id: id };
      record('response_url', args, type, answer.body, []);
      sendJson(response, answer.status, answer.body);
      return;
    }

    const answer = answerMethod(route, request, parseArgs(type, body, url.searchParams), type);
    sendJson(response, 200, answer);
  };

  return async (request, response) => {
    try {
      await handle(request, response);
    } catch (error) {
      // A fault in the stand-in itself: tell the caller plainly rather than leave the request hanging.
      if (response.headersSent) {
        response.destroy(error instanceof Error ? error : undefined);
        return;
      }
      sendJson(response, 500, { ok: false, error: 'internal_error' });
    }
  };
}

function decodePathSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
