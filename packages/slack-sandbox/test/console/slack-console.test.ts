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
