import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDataDirectory } from '../src/data-directory';
import {
  type RunningSandbox,
  type SandboxBot,
  type SandboxBotSettings,
  type SandboxChime,
  type SandboxOptions,
  startSandbox,
} from '../src/sandbox';
import { SandboxStartError } from '../src/sandbox-start-error';
import { slackSignature } from '../src/slack/slack-request-signing';

/**
 * The orchestration with a stand-in for the bot: an HTTP server that serves the sandbox's routes
 * and records what reaches its Request URL. The bot itself in the sandbox is tested at the root
 * (test/local/sandbox.test.ts).
 */

const CONNECTOR = { id: 'abcdefghij0123456789ab', name: 'Test Connector', region: 'us-east-1' };
const silent = { info: () => {}, warn: () => {} };

interface StubBot extends SandboxBot {
  settings: SandboxBotSettings;
  /** Every request that reached `/slack/events`, with its body. */
  received: { headers: IncomingMessage['headers']; body: string }[];
}

async function startStubBot(settings: SandboxBotSettings): Promise<StubBot> {
  const received: StubBot['received'] = [];
  const server: Server = createServer((request, response) => {
    void (async () => {
      if (request.url === '/slack/events') {
        let body = '';
        for await (const chunk of request) body += String(chunk);
        received.push({ headers: request.headers, body });
        response.writeHead(200).end();
        return;
      }
      if (!(await settings.extraRoutes(request, response))) response.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  return {
    settings,
    received,
    url: `http://${settings.host}:${settings.port}`,
    port: settings.port,
    command: '/chime',
    approvers: { userIds: ['U0APPROVER'], groupIds: ['S0APPROVERS'] },
    approvalChannel: 'C0APPROVALS',
    defaultRegion: 'us-east-1',
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function fakeChime(): SandboxChime & { close: ReturnType<typeof vi.fn> } {
  return { url: 'http://127.0.0.1:9/chime', connectors: () => [CONNECTOR], close: vi.fn(async () => {}) };
}

async function start(
  overrides: Partial<SandboxOptions<StubBot, SandboxChime>> = {},
): Promise<{ sandbox: RunningSandbox<StubBot>; banner: string }> {
  const printed: string[] = [];
  const sandbox = await startSandbox<StubBot, SandboxChime>({
    port: 0,
    logger: silent,
    argv: [],
    env: {},
    print: (text) => printed.push(text),
    ackTimeoutMs: 10_000,
    startChime: async () => fakeChime(),
    startBot: startStubBot,
    ...overrides,
  });
  return { sandbox, banner: printed.join('') };
}

function addressInUse(): Error {
  return Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
}

describe('startSandbox', () => {
  let sandbox: RunningSandbox<StubBot>;
  let banner: string;

  beforeAll(async () => {
    ({ sandbox, banner } = await start());
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('hands the bot a port it picked, with the Web API stand-in on that same port', async () => {
    // Act
    const { settings } = sandbox.bot;
    const withoutToken = await fetch(new URL('/api/auth.test', sandbox.consoleUrl), { method: 'POST' });
    const withToken = await fetch(new URL('/api/auth.test', sandbox.consoleUrl), {
      method: 'POST',
      headers: { Authorization: `Bearer ${settings.botToken}` },
    });

    // Assess
    expect(settings.port).toBe(sandbox.port);
    expect(settings.slackApiUrl).toBe(`http://127.0.0.1:${sandbox.port}/api/`);
    expect(settings.botToken).toMatch(/^xoxb-sandbox-/);
    expect(await withoutToken.json()).toEqual({ ok: false, error: 'not_authed' });
    expect(await withToken.json()).toMatchObject({ ok: true });
  });

  it("serves the console page on the bot's port, and prints where to find it", async () => {
    const page = await fetch(sandbox.consoleUrl);

    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Sandbox');
    expect(sandbox.consoleUrl).toBe(`http://localhost:${sandbox.port}/`);
    expect(banner).toContain(`Open the console:  ${sandbox.consoleUrl}`);
    expect(banner).toContain(`/chime termination ${CONNECTOR.id}`);
    expect(banner).toMatch(/Approvers: bob, dave \(via @voice-approvers\)/);
  });

  it('points the AWS SDK at the Chime service it was given and at its embedded DynamoDB', () => {
    expect(process.env.AWS_ENDPOINT_URL_CHIME_SDK_VOICE).toBe('http://127.0.0.1:9/chime');
    expect(process.env.AWS_ENDPOINT_URL_DYNAMODB).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(process.env.AWS_ACCESS_KEY_ID).toBe('AKIDSANDBOX');
  });

  it('sends the bot what a person types in the console, signed with the secret it handed the bot', async () => {
    // Act
    const answer = await fetch(new URL('/console/command', sandbox.consoleUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId: 'U0REQUESTER', channelId: 'C0OPS', text: '/chime help' }),
    });

    // Assess
    expect(await answer.json()).toEqual({ ok: true });
    const [request] = sandbox.bot.received;
    const form = new URLSearchParams(request?.body);
    expect(form.get('command')).toBe('/chime');
    expect(form.get('text')).toBe('help');
    expect(request?.headers['x-slack-signature']).toBe(
      slackSignature(
        sandbox.bot.settings.signingSecret,
        String(request?.headers['x-slack-request-timestamp']),
        request?.body ?? '',
      ),
    );
  });
});

describe('startSandbox stopping and failing', () => {
  it('stops the Chime service and gives the AWS variables back when it closes', async () => {
    // Prepare
    const before = process.env.AWS_ENDPOINT_URL_CHIME_SDK_VOICE;
    const chime = fakeChime();
    const { sandbox } = await start({ startChime: async () => chime });

    // Act
    await sandbox.close();

    // Assess
    expect(chime.close).toHaveBeenCalledOnce();
    expect(process.env.AWS_ENDPOINT_URL_CHIME_SDK_VOICE).toBe(before);
    await expect(fetch(new URL('/healthz', sandbox.consoleUrl))).rejects.toThrow();
  });

  it('stops what it started and releases the data directory when the bot fails to start', async () => {
    // Prepare
    const directory = await mkdtemp(join(tmpdir(), 'slack-sandbox-'));
    const chime = fakeChime();

    try {
      // Act
      const starting = start({
        argv: ['--data-dir', directory],
        startChime: async () => chime,
        startBot: async () => {
          throw new Error('the bot has a bad setting');
        },
      });

      // Assess
      await expect(starting).rejects.toThrow('the bot has a bad setting');
      expect(chime.close).toHaveBeenCalledOnce();
      const again = await openDataDirectory(directory);
      await again.release();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('refuses a taken port before it starts anything', async () => {
    // Prepare
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const { port } = blocker.address() as AddressInfo;
    const startChime = vi.fn(async () => fakeChime());

    try {
      // Act
      const starting = start({ port, startChime });

      // Assess
      await expect(starting).rejects.toThrow(SandboxStartError);
      await expect(starting).rejects.toThrow(`Port ${port} on 127.0.0.1 is already in use`);
      expect(startChime).not.toHaveBeenCalled();
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('tries another port when the one it picked is taken before the bot listens, with the same sealing key', async () => {
    // Prepare
    const keys: string[] = [];
    let attempts = 0;
    const startBot = async (settings: SandboxBotSettings) => {
      keys.push(await settings.sealKey());
      attempts++;
      if (attempts === 1) throw addressInUse();
      return startStubBot(settings);
    };

    // Act
    const { sandbox } = await start({ startBot });

    // Assess
    try {
      expect(attempts).toBe(2);
      expect(keys[1]).toBe(keys[0]);
      expect(Buffer.from(keys[0] ?? '', 'base64')).toHaveLength(32);
      expect((await fetch(sandbox.consoleUrl)).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });

  it('gives up after three picked ports are taken, saying so', async () => {
    const startBot = vi.fn(async (): Promise<StubBot> => {
      throw addressInUse();
    });

    await expect(start({ startBot })).rejects.toThrow(/is already in use/);
    expect(startBot).toHaveBeenCalledTimes(3);
  });
});
