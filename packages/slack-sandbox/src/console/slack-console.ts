import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { SlackUserAgent } from '../slack/slack-user-agent';
import { ConsoleActions, type ConsoleAnswer, ConsoleRequestSchemas } from './console-actions';
import { ConsoleNotes } from './console-notes';
import { type ConsoleFacts, consoleState, UnknownConsoleTargetError } from './console-view';

/** What the page shows (the console keeps its own notes), and where it sends what people do. */
export interface SlackConsoleOptions extends Omit<ConsoleFacts, 'notes'> {
  signingSecret: string;
  /** The bot's Request URL, where the console's people send slash commands and interactions. */
  botEventsUrl: string;
  /** The Web API base URL the bot uses (response_urls live under it). */
  apiUrl: string;
  ackTimeoutMs?: number;
}

export interface SlackConsole {
  /** The page at `/`, its assets and its JSON endpoints under `/console/`; false for any other path. */
  routes(request: IncomingMessage, response: ServerResponse): Promise<boolean>;
  /** A person's simulated Slack client (for scripts and tests that act without the page). */
  userAgent(userId: string): SlackUserAgent;
  /** Ends the pages' event streams, so that the HTTP server can close. */
  close(): void;
}

const ASSETS = {
  '/': { file: 'assets/console.html', type: 'text/html; charset=utf-8' },
  '/console/console.css': { file: 'assets/console.css', type: 'text/css; charset=utf-8' },
  '/console/console.js': { file: 'assets/console.js', type: 'text/javascript; charset=utf-8' },
  '/favicon.svg': { file: 'assets/favicon.svg', type: 'image/svg+xml' },
} as const;

/** Nothing but this page's own files; even if markup slipped through, no script it carried would run. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const BODY_LIMIT_BYTES = 256 * 1024;
const HEARTBEAT_MS = 15_000;

/**
 * The sandbox's Slack console: a web page that plays Slack's part for the bot. It shows the
 * workspace as the acting person sees it and sends the bot what Slack would send, through
 * {@link ConsoleActions}. The page learns of changes through Server-Sent Events
 * (`GET /console/events`) and reads what to draw from `GET /console/state`, the acting person's
 * Home tab included once they open it (`POST /console/home` sends the bot `app_home_opened`).
 *
 * @example
 * const slackConsole = startSlackConsole({ workspace, signingSecret, botEventsUrl, apiUrl, command: '/chime', ... });
 * createServer(async (request, response) => {
 *   if (!(await slackConsole.routes(request, response))) response.writeHead(404).end();
 * });
 */
export function startSlackConsole(options: SlackConsoleOptions): SlackConsole {
  const notes = new ConsoleNotes();
  const facts: ConsoleFacts = { ...options, notes };
  const actions = new ConsoleActions({
    workspace: options.workspace,
    notes,
    signingSecret: options.signingSecret,
    botEventsUrl: options.botEventsUrl,
    apiUrl: options.apiUrl,
    command: options.command,
    ...(options.ackTimeoutMs !== undefined ? { ackTimeoutMs: options.ackTimeoutMs } : {}),
  });
  const assets = new Map(
    Object.entries(ASSETS).map(([path, asset]) => [
      path,
      { body: readFileSync(new URL(asset.file, import.meta.url)), type: asset.type },
    ]),
  );

  const streams = new Set<ServerResponse>();
  const broadcast = (event: { type: string; userId?: string }) => {
    const frame = `event: change\ndata: ${JSON.stringify(event)}\n\n`;
    for (const stream of streams) stream.write(frame);
  };
  const stopWorkspace = options.workspace.onChange((change) => {
    broadcast({
      type: change.type,
      ...(change.type === 'views_changed' || change.type === 'home_published' ? { userId: change.userId } : {}),
      ...(change.type === 'ephemeral_posted' || change.type === 'ephemeral_updated'
        ? { userId: change.ephemeral.userId }
        : {}),
    });
  });
  const stopNotes = notes.onChange(() => broadcast({ type: 'console_note' }));
  const heartbeat = setInterval(() => {
    for (const stream of streams) stream.write(': keep-alive\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const post: Record<string, (body: unknown) => Promise<unknown> | unknown> = {
    '/console/command': (body) => withSchema('command', body, (request) => actions.runCommand(request)),
    '/console/click': (body) => withSchema('click', body, (request) => actions.click(request)),
    '/console/choose': (body) => withSchema('choose', body, (request) => actions.choose(request)),
    '/console/suggest': (body) => withSchema('suggest', body, (request) => actions.suggest(request)),
    '/console/submit': (body) => withSchema('submit', body, (request) => actions.submit(request)),
    '/console/close': (body) => withSchema('close', body, (request) => actions.close(request)),
    '/console/dismiss': (body) => withSchema('dismiss', body, (request) => actions.dismiss(request)),
    '/console/home': (body) => withSchema('home', body, (request) => actions.openHome(request)),
  };

  async function routes(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const asset = assets.get(path);
    if (asset !== undefined && (request.method === 'GET' || request.method === 'HEAD')) {
      response.writeHead(200, {
        'Content-Type': asset.type,
        'Content-Length': asset.body.length,
        'Cache-Control': 'no-store',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
      });
      response.end(request.method === 'HEAD' ? undefined : asset.body);
      return true;
    }
    if (path === '/console/state' && request.method === 'GET') {
      answerState(url, response);
      return true;
    }
    if (path === '/console/events' && request.method === 'GET') {
      openStream(request, response);
      return true;
    }
    const handler = post[path];
    if (handler !== undefined) {
      if (request.method !== 'POST') {
        sendJson(response, 405, { ok: false, error: 'Use POST' });
        return true;
      }
      await answerPost(request, response, handler);
      return true;
    }
    return false;
  }

  function answerState(url: URL, response: ServerResponse): void {
    const firstPerson = options.workspace.listUsers().find((user) => !user.isBot)?.id ?? '';
    const userId = url.searchParams.get('user') || firstPerson;
    const channelId = url.searchParams.get('channel') || undefined;
    try {
      sendJson(response, 200, consoleState(facts, userId, channelId));
    } catch (error) {
      if (!(error instanceof UnknownConsoleTargetError)) throw error;
      sendJson(response, 404, { ok: false, error: error.message });
    }
  }

  function openStream(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    response.write('retry: 1000\n\n');
    streams.add(response);
    request.once('close', () => streams.delete(response));
  }

  async function answerPost(
    request: IncomingMessage,
    response: ServerResponse,
    handler: (body: unknown) => Promise<unknown> | unknown,
  ): Promise<void> {
    // A JSON body forces a CORS preflight on other origins, which this server never grants:
    // a web page elsewhere cannot make the sandbox's people act.
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      request.resume();
      sendJson(response, 415, { ok: false, error: 'Send application/json' });
      return;
    }
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://${request.headers.host ?? ''}`) {
      request.resume();
      sendJson(response, 403, { ok: false, error: 'Requests from other origins are refused' });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(request));
    } catch (error) {
      sendJson(response, error instanceof BodyTooLargeError ? 413 : 400, { ok: false, error: 'Expected a JSON body' });
      return;
    }
    const answer = await handler(body);
    const failed = typeof answer === 'object' && answer !== null && 'ok' in answer && answer.ok === false;
    sendJson(response, failed ? 400 : 200, answer);
  }

  return {
    routes,
    userAgent: (userId) => actions.userAgent(userId),
    close() {
      clearInterval(heartbeat);
      stopWorkspace();
      stopNotes();
      for (const stream of streams) stream.end();
      streams.clear();
    },
  };
}

function withSchema<K extends keyof typeof ConsoleRequestSchemas, T>(
  name: K,
  body: unknown,
  run: (request: z.infer<(typeof ConsoleRequestSchemas)[K]>) => T,
): T | ConsoleAnswer {
  const parsed = ConsoleRequestSchemas[name].safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
    return { ok: false, error: `Invalid request: ${problems.join('; ')}` };
  }
  return run(parsed.data as z.infer<(typeof ConsoleRequestSchemas)[K]>);
}

class BodyTooLargeError extends Error {
  constructor() {
    super(`request body exceeds ${BODY_LIMIT_BYTES} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > BODY_LIMIT_BYTES) throw new BodyTooLargeError();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  response.end(text);
}
