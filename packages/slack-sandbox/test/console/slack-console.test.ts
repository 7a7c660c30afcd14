import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleState } from '../../src/console/console-view';
import { type SlackConsole, startSlackConsole } from '../../src/console/slack-console';
import { SlackWorkspace } from '../../src/slack/workspace';
import { SandboxChannelId, SandboxUserId } from '../../src/slack/workspace-fixture';

/**
 * The console's JSON endpoints over HTTP, as the page calls them, with a stub bot that records
 * the slash commands it is sent (or no bot at all).
 */

const SIGNING_SECRET = 'console-test-signing-secret';

interface StubBot {
  url: string;
  /** The `text` field of every slash command that reached it. */
  commandTexts: string[];
  /** Every Events API event (JSON) and interaction payload (form field `payload`) that reached it. */
  received: unknown[];
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function startStubBot(): Promise<StubBot> {
  const commandTexts: string[] = [];
  const received: unknown[] = [];
  const server = createServer((request, response) => {
    void (async () => {
      let body = '';
      for await (const chunk of request) body += String(chunk);
      if (request.headers['content-type']?.startsWith('application/json')) {
        received.push(JSON.parse(body));
      } else {
        const form = new URLSearchParams(body);
        const payload = form.get('payload');
        if (payload === null) commandTexts.push(form.get('text') ?? '');
        else received.push(JSON.parse(payload));
      }
      response.writeHead(200).end();
    })();
  });
  const url = await listen(server);
  return { url: `${url}/slack/events`, commandTexts, received, close: () => closeServer(server) };
}

/** A port that was free a moment ago: nothing answers there. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  const url = await listen(server);
  await closeServer(server);
  return `${url}/slack/events`;
}

interface ConsoleServer {
  url: string;
  workspace: SlackWorkspace;
  slackConsole: SlackConsole;
  close(): Promise<void>;
}

async function startConsole(botEventsUrl: string): Promise<ConsoleServer> {
  const workspace = new SlackWorkspace();
  const slackConsole = startSlackConsole({
    workspace,
    signingSecret: SIGNING_SECRET,
    botEventsUrl,
    apiUrl: 'http://127.0.0.1:9/api/',
    command: '/chime',
    approvers: { userIds: [SandboxUserId.Approver], groupIds: [] },
    connectors: [],
    defaultRegion: 'us-east-1',
    ackTimeoutMs: 5_000,
  });
  const server = createServer((request, response) => {
    void slackConsole.routes(request, response).then((served) => {
      if (!served) response.writeHead(404).end();
    });
  });
  const url = await listen(server);
  return {
    url,
    workspace,
    slackConsole,
    close: async () => {
      slackConsole.close();
      await closeServer(server);
    },
  };
}

/**
 * A console started before the suite's tests and closed after them, sending to `botEventsUrl`;
 * its fields are there once the tests run.
 */
function consoleForSuite(botEventsUrl: () => Promise<string>): ConsoleServer {
  const suiteConsole = {} as ConsoleServer;
  beforeAll(async () => {
    Object.assign(suiteConsole, await startConsole(await botEventsUrl()));
  });
  afterAll(async () => {
    await suiteConsole.close?.();
  });
  return suiteConsole;
}

function postJson(base: string, path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
  });
}

/** What the person sees with #voice-ops open, as the page reads it. */
async function consoleState(base: string, userId: string): Promise<ConsoleState> {
  const response = await fetch(`${base}/console/state?user=${userId}&channel=${SandboxChannelId.Ops}`);
  return (await response.json()) as ConsoleState;
}

/** What the person sees in #voice-ops. */
async function timeline(base: string, userId: string): Promise<ConsoleState['timeline']> {
  return (await consoleState(base, userId)).timeline;
}

/** The person opens the app's Home tab in the page. */
function openHome(base: string, userId: string): Promise<Response> {
  return postJson(base, '/console/home', JSON.stringify({ userId }));
}

function command(text: string, userId: string = SandboxUserId.Requester): string {
  return JSON.stringify({ userId, channelId: SandboxChannelId.Ops, text });
}

describe('the console with no bot answering', () => {
  const consoleServer = consoleForSuite(deadUrl);

  it('says a slash command was not sent, and takes back the line that shows it as used', async () => {
    // Act
    const response = await postJson(consoleServer.url, '/console/command', command('/chime help'));

    // Assess
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { ok: boolean; error: string };
    expect(answer.ok).toBe(false);
    expect(answer.error).toMatch(
      /^the app is not reachable, nothing answers at http:\/\/127\.0\.0\.1:\d+\/slack\/events \(ECONNREFUSED\)\. Is the bot running\?$/,
    );
    expect(await timeline(consoleServer.url, SandboxUserId.Requester)).toEqual([]);
  });

  it('says the Home tab could not be opened', async () => {
    // Act
    const response = await openHome(consoleServer.url, SandboxUserId.Approver);

    // Assess
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { ok: boolean; error: string };
    expect(answer.error).toMatch(/^the app is not reachable, nothing answers at .* Is the bot running\?$/);
    expect((await consoleState(consoleServer.url, SandboxUserId.Approver)).home).toBeNull();
  });
});

describe('the console with a bot answering', () => {
  let bot: StubBot;

  beforeAll(async () => {
    bot = await startStubBot();
  });
  afterAll(async () => {
    await bot?.close();
  });
  const consoleServer = consoleForSuite(async () => bot.url);

  it('sends the slash command to the app and shows the person the line they used', async () => {
    // Act
    const response = await postJson(consoleServer.url, '/console/command', command('/chime help'));

    // Assess
    expect(response.status).toBe(200);
    expect(bot.commandTexts).toEqual(['help']);
    expect(await timeline(consoleServer.url, SandboxUserId.Requester)).toEqual([
      expect.objectContaining({ kind: 'command', author: 'alice', text: '/chime help' }),
    ]);
  });

  it('sends mentions, groups and channels as Slack escapes them, and shows the person what they typed', async () => {
    // Act
    const typed = '/chime audit --user @alice @voice-approvers #voice-ops @nobody a<b & c';
    const response = await postJson(consoleServer.url, '/console/command', command(typed, SandboxUserId.Approver));

    // Assess
    expect(response.status).toBe(200);
    expect(bot.commandTexts.at(-1)).toBe(
      'audit --user <@U0REQUESTER|alice> <!subteam^S0APPROVERS|@voice-approvers> <#C0OPS|voice-ops> @nobody a&lt;b &amp; c',
    );
    expect((await timeline(consoleServer.url, SandboxUserId.Approver)).at(-1)).toMatchObject({ text: typed });
  });

  it('tells the app the person opened its Home tab, signed as an Events API event', async () => {
    // Act
    const response = await openHome(consoleServer.url, SandboxUserId.Approver);

    // Assess
    expect(response.status).toBe(200);
    expect(bot.received.at(-1)).toMatchObject({
      type: 'event_callback',
      event: { type: 'app_home_opened', user: SandboxUserId.Approver, tab: 'home' },
    });
  });

  it('draws the Home tab the app published, and sends its button clicks from the home view', async () => {
    // Prepare: what the bot would publish with views.publish.
    consoleServer.workspace.publishHome(SandboxUserId.Approver, [
      { type: 'section', text: { type: 'mrkdwn', text: '*Waiting for your approval* (1)' } },
      {
        type: 'actions',
        block_id: 'home_decide_CR-1',
        elements: [{ type: 'button', action_id: 'change_approve', text: { type: 'plain_text', text: 'Approve' } }],
      },
    ]);
    const home = (await consoleState(consoleServer.url, SandboxUserId.Approver)).home;
    expect(home?.html).toContain('data-surface="home"');
    expect(home?.html).toContain('<strong>Waiting for your approval</strong> (1)');
    expect(home?.html).toContain('data-action-id="change_approve"');
    expect((await consoleState(consoleServer.url, SandboxUserId.Requester)).home).toBeNull();

    // Act
    const response = await postJson(
      consoleServer.url,
      '/console/click',
      JSON.stringify({
        userId: SandboxUserId.Approver,
        surface: { kind: 'home' },
        blockId: 'home_decide_CR-1',
        actionId: 'change_approve',
      }),
    );

    // Assess
    expect(response.status).toBe(200);
    expect(bot.received.at(-1)).toMatchObject({
      type: 'block_actions',
      user: { id: SandboxUserId.Approver },
      container: { type: 'view' },
      view: { type: 'home' },
      actions: [{ action_id: 'change_approve', block_id: 'home_decide_CR-1' }],
    });
  });
});

describe('malformed requests to the console', () => {
  const consoleServer = consoleForSuite(deadUrl);

  it.each([
    ['/console/command', '{"userId":', 400, 'Expected a JSON body'],
    ['/console/command', '', 400, 'Expected a JSON body'],
    ['/console/command', 'null', 400, 'Invalid request: body: '],
    [
      '/console/command',
      '{"userId":"alice","channelId":"C0OPS","text":"/chime help"}',
      400,
      'userId: expected a Slack user ID',
    ],
    ['/console/command', '{"userId":"U0REQUESTER","channelId":"C0OPS","text":42}', 400, 'text: '],
    ['/console/click', '{"userId":"U0REQUESTER","surface":{"kind":"elsewhere"},"actionId":"x"}', 400, 'surface.kind: '],
    ['/console/submit', '{"userId":"U0REQUESTER","viewId":"V1","values":{"a":{"b":1}}}', 400, 'values.a'],
    ['/console/choose', '{"userId":"U0REQUESTER","surface":[],"actionId":"x","choice":null}', 400, 'surface: '],
    ['/console/dismiss', '{"userId":"U0REQUESTER","ts":"yesterday"}', 400, 'ts: expected a message timestamp'],
    ['/console/close', '{"userId":"U0REQUESTER","all":"yes"}', 400, 'all: '],
    ['/console/home', '{"userId":"bob"}', 400, 'userId: expected a Slack user ID'],
    ['/console/choose', '{"userId":"U0REQUESTER","surface":{"kind":"home"},"actionId":"x"}', 400, 'surface.kind: '],
  ])('answers %s with %s as %i, saying what is wrong', async (path, body, status, error) => {
    // Act
    const response = await postJson(consoleServer.url, path, body);

    // Assess
    expect(response.status).toBe(status);
    const answer = (await response.json()) as { ok: boolean; error: string };
    expect(answer.ok).toBe(false);
    expect(answer.error).toContain(error);
  });

  it('refuses another content type with 415, another method with 405, and an unknown person with 404', async () => {
    // Act
    const form = await postJson(consoleServer.url, '/console/command', command('/chime help'), {
      'Content-Type': 'text/plain',
    });
    const get = await fetch(`${consoleServer.url}/console/command`);
    const nobody = await fetch(`${consoleServer.url}/console/state?user=%E0%A4%A&channel=C0OPS`);

    // Assess
    expect([form.status, get.status, nobody.status]).toEqual([415, 405, 404]);
  });

  it('keeps serving after all of that', async () => {
    // Act
    const response = await fetch(`${consoleServer.url}/console/state?user=${SandboxUserId.Requester}`);

    // Assess
    expect(response.status).toBe(200);
    expect(((await response.json()) as ConsoleState).user.name).toBe('alice');
  });
});
