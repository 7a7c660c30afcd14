import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEED_CONTACT_CENTER_CONNECTOR_ID } from '@chime-voice-ops/chime-emulator';
import { SandboxStartError } from '@chime-voice-ops/slack-sandbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/config';
import { type RunningBotSandbox, startBotSandbox } from '../../src/local/sandbox';
import { createLogger } from '../../src/logging/logger';

const CONNECTOR = SEED_CONTACT_CENTER_CONNECTOR_ID;
const logger = createLogger('silent');

/** A sandbox as `npm start` runs it, on a free port, with no operator settings and the banner captured. */
async function start(options: { argv?: string[]; env?: Record<string, string>; port?: number } = {}) {
  const printed: string[] = [];
  const sandbox = await startBotSandbox({
    config: loadConfig({ PORT: String(options.port ?? 0), LOG_LEVEL: 'silent' }),
    logger,
    argv: options.argv ?? [],
    env: options.env ?? {},
    print: (text) => printed.push(text),
    ackTimeoutMs: 10_000,
  });
  return { sandbox, banner: printed.join('') };
}

async function postJson(sandbox: RunningBotSandbox, path: string, body: unknown): Promise<Response> {
  return fetch(new URL(path, sandbox.consoleUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

interface StateBody {
  timeline: { kind: string; author: string; text: string }[];
  timelineHtml: string;
  modal: { callbackId: string } | null;
}

async function stateOf(sandbox: RunningBotSandbox, userId: string, channelId = ''): Promise<StateBody> {
  const response = await fetch(new URL(`/console/state?user=${userId}&channel=${channelId}`, sandbox.consoleUrl));
  expect(response.status).toBe(200);
  return (await response.json()) as StateBody;
}

describe('the sandbox', () => {
  let sandbox: RunningBotSandbox;
  let banner: string;

  beforeAll(async () => {
    ({ sandbox, banner } = await start());
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('says it is a sandbox and prints the console URL and what to try first', () => {
    expect(banner).toContain('SANDBOX');
    expect(banner).toContain(`Open the console:  http://localhost:${sandbox.port}/`);
    expect(banner).toContain(`/chime termination ${CONNECTOR}`);
    expect(banner).toContain(`/chime origination ${CONNECTOR}`);
    expect(banner).toMatch(/Approvers: bob, dave \(via @voice-approvers\)/);
    expect(banner).toContain('in memory');
  });

  it('answers /healthz, the console page and the Slack Web API on the one port', async () => {
    const health = await fetch(new URL('/healthz', sandbox.consoleUrl));
    const page = await fetch(sandbox.consoleUrl);
    const authTest = await fetch(new URL('/api/auth.test', sandbox.consoleUrl), { method: 'POST' });

    expect(health.status).toBe(200);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('Sandbox');
    expect(html).toContain('/console/console.js');
    // Without the bot token the stand-in answers as Slack does.
    expect(await authTest.json()).toEqual({ ok: false, error: 'not_authed' });
  });

  it('serves the page script and stylesheet it names', async () => {
    for (const asset of ['/console/console.js', '/console/console.css', '/favicon.svg']) {
      const response = await fetch(new URL(asset, sandbox.consoleUrl));
      expect(response.status, asset).toBe(200);
    }
  });

  it('points the bot at its own stand-ins: the Slack API on its port, DynamoDB tables created', () => {
    expect(sandbox.core.config.slack.apiUrl).toBe(`http://127.0.0.1:${sandbox.port}/api/`);
    expect(sandbox.core.config.approvalChannel).toBe('C0APPROVALS');
    expect(sandbox.core.config.approvers).toEqual({ userIds: ['U0APPROVER'], groupIds: ['S0APPROVERS'] });
    expect(sandbox.core.config.sealing?.kind).toBe('key');
  });

  it('delivers a slash command typed in the console to the bot, and shows its reply in the state', async () => {
    // Prepare: the drift check's start-up run reads every connector too.
    await sandbox.server.driftSchedule.idle();
    const readsBefore = sandbox.chime.requestsFor('GetVoiceConnectorTermination').length;

    // Act
    const answer = await postJson(sandbox, '/console/command', {
      userId: 'U0REQUESTER',
      channelId: 'C0OPS',
      text: `/chime termination ${CONNECTOR}`,
    });

    // Assess
    expect(await answer.json()).toEqual({ ok: true });
    await vi.waitFor(async () => {
      const state = await stateOf(sandbox, 'U0REQUESTER', 'C0OPS');
      const reply = state.timeline.find((entry) => entry.kind === 'ephemeral');
      expect(reply?.author).toBe('chime-voice-ops');
      expect(reply?.text).toContain('CPS limit');
    }, 10_000);
    expect(sandbox.chime.requestsFor('GetVoiceConnectorTermination')).toHaveLength(readsBefore + 1);
    // The reply is alice's alone.
    const bob = await stateOf(sandbox, 'U0APPROVER', 'C0OPS');
    expect(bob.timeline.filter((entry) => entry.kind === 'ephemeral')).toEqual([]);
  });

  it('lets carol (neither requester nor approver) read but not request a change, as the page says', async () => {
    // Prepare
    const carol = sandbox.console.userAgent('U0OBSERVER');

    // Act
    await carol.runSlashCommand('/chime', `change origination ${CONNECTOR}`, { channelId: 'C0OPS' });

    // Assess: the modal that opened for the form says why instead.
    await vi.waitFor(() => {
      expect(JSON.stringify(sandbox.workspace.topView('U0OBSERVER')?.blocks)).toContain(
        'You are not allowed to request changes: ask an admin to add you (or one of your user groups) to `REQUESTERS`.',
      );
    }, 10_000);
    expect(sandbox.chime.requestsFor('PutVoiceConnectorOrigination')).toHaveLength(0);
  });

  it('opens the origination modal for the person who asked, through views.open and views.update', async () => {
    await postJson(sandbox, '/console/command', {
      userId: 'U0REQUESTER',
      channelId: 'C0OPS',
      text: `/chime origination ${CONNECTOR}`,
    });

    // As above, up to 10 s for the bot's round trip (vi.waitFor's default 1 s ran out on a loaded CI machine).
    await vi.waitFor(async () => {
      const state = await stateOf(sandbox, 'U0REQUESTER');
      expect(state.modal?.callbackId).toBe('chime_origination');
      expect(sandbox.workspace.topView('U0REQUESTER')?.submit?.text).toBeDefined();
    }, 10_000);
    expect((await stateOf(sandbox, 'U0APPROVER')).modal).toBeNull();
    await postJson(sandbox, '/console/close', { userId: 'U0REQUESTER', all: true });
  });

  it('tells the page about every change through Server-Sent Events', async () => {
    // Prepare
    const events = await fetch(new URL('/console/events', sandbox.consoleUrl));
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    const reader = events.body?.getReader();

    // Act
    await postJson(sandbox, '/console/command', { userId: 'U0OBSERVER', channelId: 'C0OPS', text: 'hello all' });

    // Assess
    let received = '';
    while (reader !== undefined && !received.includes('message_posted')) {
      const { value, done } = await reader.read();
      if (done) break;
      received += new TextDecoder().decode(value);
    }
    await reader?.cancel();
    expect(received).toContain('event: change\ndata: {"type":"message_posted"}');
  });

  it('shows an unknown slash command as Slackbot would, without calling the bot', async () => {
    const callsBefore = sandbox.workspace.calls.length;

    await postJson(sandbox, '/console/command', { userId: 'U0OBSERVER', channelId: 'C0OPS', text: '/weather now' });

    const state = await stateOf(sandbox, 'U0OBSERVER', 'C0OPS');
    expect(state.timeline.at(-1)).toMatchObject({ kind: 'notice', author: 'Slackbot' });
    expect(state.timeline.at(-1)?.text).toContain('/weather is not a valid command');
    expect(sandbox.workspace.calls.length).toBe(callsBefore);
  });

  it('shows a drift alert for a change made outside the bot with npm run sandbox:outside-change', async () => {
    // Prepare: the check ran at start-up and recorded every connector's baseline.
    await sandbox.server.driftSchedule.runOnce();
    const command = /CHIME_URL=(\S+) BOT_URL=(\S+) npm run --silent sandbox:outside-change/.exec(banner);
    expect(command).not.toBeNull();
    const channel = sandbox.core.config.driftChannel as string;

    // Act: the script, as a new user would run it.
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        'npx',
        ['tsx', 'scripts/sandbox-outside-change.ts'],
        { env: { ...process.env, CHIME_URL: command?.[1], BOT_URL: command?.[2] } },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      );
    });

    // Assess
    expect(output).toContain('outside-admin added 192.0.2.0/28');
    expect(output).toContain('drift-alerted');
    const state = await stateOf(sandbox, 'U0APPROVER', channel);
    const alert = state.timeline.map((item) => item.text).find((text) => text.includes('outside the bot'));
    expect(alert).toContain('outside-admin');
  });

  it('keeps markup a person typed as text on the page', async () => {
    await postJson(sandbox, '/console/command', {
      userId: 'U0OBSERVER',
      channelId: 'C0OPS',
      text: 'hello <script>alert(1)</script> <img src=x onerror=alert(2)>',
    });

    const state = await stateOf(sandbox, 'U0OBSERVER', 'C0OPS');
    expect(state.timelineHtml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(state.timelineHtml).not.toContain('<script');
    expect(state.timelineHtml).not.toContain('<img');
  });

  it('refuses a console request that is not JSON, or names nobody', async () => {
    const form = await fetch(new URL('/console/command', sandbox.consoleUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'userId=U0REQUESTER',
    });
    const nobody = await postJson(sandbox, '/console/command', {
      userId: 'nobody',
      channelId: 'C0OPS',
      text: '/chime',
    });
    const elsewhere = await fetch(new URL('/console/command', sandbox.consoleUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'http://evil.example' },
      body: JSON.stringify({ userId: 'U0REQUESTER', channelId: 'C0OPS', text: '/chime help' }),
    });

    expect(form.status).toBe(415);
    expect(nobody.status).toBe(400);
    expect(((await nobody.json()) as { error: string }).error).toContain('userId');
    expect(elsewhere.status).toBe(403);
  });

  it('tells a guest who is not in the approval channel that they cannot post there', async () => {
    const answer = await postJson(sandbox, '/console/command', {
      userId: 'U0GUEST',
      channelId: 'C0APPROVALS',
      text: '/chime help',
    });

    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: string }).error).toContain('not a member of #voice-approvals');
  });
});

describe('the sandbox start-up', () => {
  it("lets an operator's own APPROVERS and APPROVAL_CHANNEL win over the defaults", async () => {
    const { sandbox } = await start({ env: { APPROVERS: 'U0OBSERVER', APPROVAL_CHANNEL: 'C0OPS' } });
    try {
      expect(sandbox.core.config.approvers).toEqual({ userIds: ['U0OBSERVER'], groupIds: [] });
      expect(sandbox.core.config.approvalChannel).toBe('C0OPS');
    } finally {
      await sandbox.close();
    }
  });

  it('runs under the seeded approval policy instead of the default APPROVERS', async () => {
    const { sandbox } = await start({ env: { APPROVAL_POLICY: 'docs/sandbox-approval-policy.yml' } });
    try {
      expect(sandbox.core.config.approvalPolicy?.policy.rules.map((rule) => rule.name)).toEqual([
        'contact-centre',
        'everything-else',
      ]);
      expect(sandbox.core.config.approvers).toEqual({ userIds: ['U0APPROVER'], groupIds: ['S0APPROVERS'] });
    } finally {
      await sandbox.close();
    }
  });

  it('stops while a console page is still listening for changes', async () => {
    // Prepare
    const { sandbox } = await start();
    const events = await fetch(new URL('/console/events', sandbox.consoleUrl));
    const reader = events.body?.getReader();

    // Act
    await sandbox.close();

    // Assess: the page's stream ends instead of holding the server open.
    let done = false;
    while (reader !== undefined && !done) ({ done } = await reader.read());
    expect(done).toBe(true);
    await expect(fetch(new URL('/healthz', sandbox.consoleUrl))).rejects.toThrow();
  });

  it('refuses a port that is already taken, saying which and what to do', async () => {
    // Prepare
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const { port } = blocker.address() as AddressInfo;

    // Act
    const starting = start({ port });

    // Assess
    try {
      await expect(starting).rejects.toThrow(SandboxStartError);
      await expect(starting).rejects.toThrow(`Port ${port} on 127.0.0.1 is already in use`);
      await expect(starting).rejects.toThrow(`PORT=${port + 1} npm start`);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('refuses an argument it does not know, with its usage', async () => {
    await expect(start({ argv: ['--data-directory', 'x'] })).rejects.toThrow(/Unknown argument.*\n.*--data-dir <dir>/);
  });
});

describe('the sandbox with a data directory', () => {
  let directory: string;
  const PASSWORD = 'sandbox-restart-Pw-7f3a';

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'chime-sandbox-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('keeps a pending credentials request across a restart, and applies it after approval', async () => {
    // Prepare: alice asks for new credentials, then the sandbox stops.
    const first = await start({ argv: ['--data-dir', directory] });
    try {
      expect(first.banner).toContain(`Data: kept in ${directory}`);
      const alice = first.sandbox.console.userAgent('U0REQUESTER');
      await alice.runSlashCommand('/chime', `credentials ${CONNECTOR}`, { channelId: 'C0OPS' });
      await vi.waitFor(() => {
        expect(first.sandbox.workspace.topView('U0REQUESTER')?.callbackId).toBe('chime_credentials');
        expect(first.sandbox.workspace.topView('U0REQUESTER')?.submit).toBeDefined();
      });
      await alice.submitView({
        'Credential 1 · Username': 'pbx-restart',
        'Credential 1 · Password': PASSWORD,
        Justification: 'New PBX after the restart',
      });
      await vi.waitFor(() => expect(first.sandbox.workspace.messagesIn('C0APPROVALS')).toHaveLength(1));

      // A second sandbox cannot share the directory while the first runs.
      await expect(start({ argv: ['--data-dir', directory] })).rejects.toThrow(/in use by another sandbox/);
    } finally {
      await first.sandbox.close();
    }

    // Act: a new sandbox on the same directory; bob approves the request's message.
    const second = await start({ env: { SANDBOX_DATA_DIR: directory } });
    try {
      const [message] = second.sandbox.workspace.messagesIn('C0APPROVALS');
      expect(message?.text).toMatch(/CR-[0-9A-Z]{8}/);
      const bob = second.sandbox.console.userAgent('U0APPROVER');
      await bob.clickButton('change_approve', {
        surface: { kind: 'message', channelId: 'C0APPROVALS', ts: message?.ts ?? '' },
      });

      // Assess: the sealed password was readable with the stored key and reached Chime intact.
      await vi.waitFor(
        () => {
          const updated = second.sandbox.workspace.message('C0APPROVALS', message?.ts ?? '');
          expect(updated?.text).toContain('Applied');
        },
        { timeout: 10_000 },
      );
      expect(second.sandbox.chime.hasCredential(CONNECTOR, 'pbx-restart', PASSWORD)).toBe(true);
    } finally {
      await second.sandbox.close();
    }

    // And the emulator's state is kept with the rest: after another restart the connector still
    // has the applied credential, as the kept messages say.
    const third = await start({ argv: ['--data-dir', directory] });
    try {
      expect(third.sandbox.chime.hasCredential(CONNECTOR, 'pbx-restart', PASSWORD)).toBe(true);
      expect(await readFile(join(directory, 'chime-emulator.json'), 'utf8')).toContain('pbx-restart');
    } finally {
      await third.sandbox.close();
    }
  });
});

describe('the sandbox’s signed audit checkpoints', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'chime-sandbox-checkpoints-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('signs checkpoints with a key in its data directory, and prints how to export and verify them offline', async () => {
    // Prepare
    const { sandbox, banner } = await start({ argv: ['--data-dir', directory] });
    const exported = join(directory, 'auditor');
    try {
      const bob = sandbox.console.userAgent('U0APPROVER');
      await bob.runSlashCommand('/chime', `termination ${CONNECTOR}`, { channelId: 'C0OPS' });
      await vi.waitFor(() =>
        expect(sandbox.workspace.ephemeralsFor('U0APPROVER').at(-1)?.text ?? '').toContain('Termination'),
      );

      // Act: bob writes a checkpoint, and a new user follows the printed commands.
      await bob.runSlashCommand('/chime', 'audit checkpoint', { channelId: 'C0OPS' });
      await vi.waitFor(() =>
        expect(sandbox.workspace.ephemeralsFor('U0APPROVER').at(-1)?.text).toContain('Checkpoint 1 written'),
      );
      const environment = {
        AWS_ENDPOINT_URL_DYNAMODB: process.env.AWS_ENDPOINT_URL_DYNAMODB ?? '',
        AWS_ACCESS_KEY_ID: 'sandbox',
        AWS_SECRET_ACCESS_KEY: 'sandbox',
        AUDIT_CHECKPOINT_DIR: join(directory, 'audit-checkpoints'),
      };
      const exporting = await runAuditCli(['export', '--with-checkpoints', exported], environment);
      const verifying = await runAuditCli(['verify', '--offline', exported], {});

      // Assess
      expect(banner).toContain(`Audit checkpoints: ${join(directory, 'audit-checkpoints')}`);
      expect(banner).toContain('verify --offline');
      expect(await readFile(join(directory, 'audit-signing-key.pem'), 'utf8')).toContain('BEGIN PRIVATE KEY');
      expect(exporting.code).toBe(0);
      expect(verifying.code).toBe(0);
      expect(verifying.stdout).toContain(`vc:${CONNECTOR}: intact (`);
      expect(verifying.stdout).toContain('checkpoint 1 vouches for entries 1–');
    } finally {
      await sandbox.close();
    }
  }, 120_000);
});

function runAuditCli(args: string[], environment: Record<string, string>): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', 'src/audit/cli.ts', ...args],
      { cwd: join(import.meta.dirname, '../..'), env: { ...process.env, ...environment }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout: stdout + stderr }),
    );
  });
}
