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
  const server = createServer((request, response) => {
    void (async () => {
      let body = '';
      for await (const chunk of request) body += String(chunk);
      commandTexts.push(new URLSearchParams(body).get('text') ?? '');
      response.writeHead(200).end();
    })();
  });
  const url = await listen(server);
  return { url: `${url}/slack/events`, commandTexts, close: () => closeServer(server) };
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

function postJson(base: string, path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
  });
}

/** What the person sees in #voice-ops, as the page reads it. */
async function timeline(base: string, userId: string): Promise<ConsoleState['timeline']> {
  const response = await fetch(`${base}/console/state?user=${userId}&channel=${SandboxChannelId.Ops}`);
  return ((await response.json()) as ConsoleState).timeline;
}

function command(text: string, userId: string = SandboxUserId.Requester): string {
  return JSON.stringify({ userId, channelId: SandboxChannelId.Ops, text });
}

describe('the console with no bot answering', () => {
  let consoleServer: ConsoleServer;

  beforeAll(async () => {
    consoleServer = await startConsole(await deadUrl());
  });
  afterAll(async () => {
    await consoleServer?.close();
  });

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
});

describe('the console with a bot answering', () => {
  let bot: StubBot;
  let consoleServer: ConsoleServer;

  beforeAll(async () => {
    bot = await startStubBot();
    consoleServer = await startConsole(bot.url);
  });
  afterAll(async () => {
    await consoleServer?.close();
    await bot?.close();
  });

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
});

describe('malformed requests to the console', () => {
  let consoleServer: ConsoleServer;

  beforeAll(async () => {
    consoleServer = await startConsole(await deadUrl());
  });
  afterAll(async () => {
    await consoleServer?.close();
  });

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
