import { mkdtemp } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChimeEmulator, DEFAULT_SEED, startChimeEmulator } from '@chime-voice-ops/chime-emulator';
import {
  type RunningSandbox,
  SANDBOX_DEFAULTS,
  type SandboxBot,
  type SandboxBotSettings,
  type SandboxChime,
  type SandboxConnector,
  type SandboxProxySession,
  startSandbox,
} from '@chime-voice-ops/slack-sandbox';
import { z } from 'zod';
import { CHIME_REGIONS } from '../chime/regions';
import { type Core, createCore, loadApprovalPolicy } from '../composition-root';
import { type Config, loadConfig } from '../config/config';
import type { Logger } from '../logging/logger';
import { type RunningServer, startHttpServer } from '../server/http-server';

export interface BotSandboxOptions {
  /** What `npm start` loaded: the port (0 picks a free one) and the log level. */
  config: Config;
  logger: Logger;
  /** `npm start -- --data-dir <dir>`. */
  argv: readonly string[];
  /** The operator's settings (APPROVERS, SEAL_KEY, SANDBOX_DATA_DIR, …); `process.env` by default. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Loopback unless told otherwise (`SANDBOX_HOST=0.0.0.0` inside a container). */
  host?: string;
  /** Where the banner goes; stdout by default. */
  print?: (text: string) => void;
  /** How long the console waits for the bot's acknowledgements; Slack's 3 s by default. */
  ackTimeoutMs?: number;
}

/** The sandbox with this bot in it: the bot's core and server, and the Chime emulator it calls. */
export interface RunningBotSandbox extends Omit<RunningSandbox, 'bot' | 'chime'> {
  server: RunningServer;
  core: Core;
  chime: ChimeEmulator;
}

interface SandboxedBot extends SandboxBot {
  core: Core;
  server: RunningServer;
}

interface SandboxedChime extends SandboxChime {
  emulator: ChimeEmulator;
}

/**
 * `npm start` with no Slack variables: this bot in the Slack sandbox, calling the Chime emulator
 * with its default seed. The sandbox picks the port and makes up the Slack secrets; the bot is
 * configured from them and from the operator's own settings, as it would be from the environment.
 *
 * @example
 * const sandbox = await startBotSandbox({ config: loadConfig({ PORT: '0' }), logger, argv: [], env: {} });
 * await fetch(`${sandbox.consoleUrl}healthz`);
 * await sandbox.close();
 */
export async function startBotSandbox(options: BotSandboxOptions): Promise<RunningBotSandbox> {
  const env = options.env ?? process.env;
  const { bot, chime, ...sandbox } = await startSandbox<SandboxedBot, SandboxedChime>({
    port: options.config.port,
    logger: options.logger,
    argv: options.argv,
    env,
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.print !== undefined ? { print: options.print } : {}),
    ...(options.ackTimeoutMs !== undefined ? { ackTimeoutMs: options.ackTimeoutMs } : {}),
    startChime: startSandboxChime,
    startBot: (settings) => startSandboxedBot(settings, { ...options, env }),
  });
  const checkpoints = bot.core.config.auditCheckpoints;
  if (checkpoints?.kind === 'directory') {
    (options.print ?? ((text: string) => process.stdout.write(text)))(
      `Audit checkpoints: ${checkpoints.directory} (signed, every ${bot.core.config.auditCheckpointIntervalMs / 60_000} min; /chime audit checkpoint as bob)\n` +
        'Export them for an auditor and verify offline:\n' +
        `  AWS_ENDPOINT_URL_DYNAMODB=${process.env.AWS_ENDPOINT_URL_DYNAMODB ?? ''} AWS_ACCESS_KEY_ID=sandbox AWS_SECRET_ACCESS_KEY=sandbox \\\n` +
        `  AUDIT_CHECKPOINT_DIR=${checkpoints.directory} npm run --silent audit -- export --with-checkpoints ./audit-export\n` +
        '  npm run --silent audit -- verify --offline ./audit-export\n',
    );
  }
  (options.print ?? ((text: string) => process.stdout.write(text)))(
    `Drift detection checks every connector every ${bot.core.config.driftCheckIntervalMs / 60_000} min. Make a change outside the bot (AWS SDK, as another principal) and see its alert:\n` +
      `  CHIME_URL=${chime.emulator.url} BOT_URL=${bot.server.url} npm run --silent sandbox:outside-change\n`,
  );
  return { ...sandbox, core: bot.core, server: bot.server, chime: chime.emulator };
}

async function startSandboxChime(settings: { dataDirectory?: string }): Promise<SandboxedChime> {
  const emulator = await startChimeEmulator({
    seed: 'default',
    ...(settings.dataDirectory !== undefined ? { stateFile: join(settings.dataDirectory, 'chime-emulator.json') } : {}),
  });
  return {
    emulator,
    url: emulator.url,
    connectors: () => connectorsIn(emulator),
    close: () => emulator.close(),
  };
}

/** The bot on the sandbox's port and Slack, with the operator's settings where the sandbox has none of its own. */
async function startSandboxedBot(
  settings: SandboxBotSettings,
  options: BotSandboxOptions & { env: Readonly<Record<string, string | undefined>> },
): Promise<SandboxedBot> {
  const { env } = options;
  // Signed audit checkpoints go to a directory, signed with a P-256 key kept in the data directory
  // (or, in memory, next to them), so that a new user can export and verify them offline.
  const checkpointDirectory =
    nonEmpty(env.AUDIT_CHECKPOINT_DIR) ??
    (settings.dataDirectory !== undefined
      ? join(settings.dataDirectory, 'audit-checkpoints')
      : await mkdtemp(join(tmpdir(), 'chime-voice-ops-checkpoints-')));
  const signingKeyFile =
    settings.dataDirectory !== undefined
      ? join(settings.dataDirectory, 'audit-signing-key.pem')
      : join(checkpointDirectory, 'signing-key.pem');
  const config = await loadApprovalPolicy(
    loadConfig({
      ...env,
      AUDIT_CHECKPOINT_DIR: checkpointDirectory,
      AUDIT_CHECKPOINT_BUCKET: '',
      AUDIT_SIGNING_KEY_ID: '',
      AUDIT_CHECKPOINT_MINUTES: nonEmpty(env.AUDIT_CHECKPOINT_MINUTES) ?? '1',
      // A new user sees an outside change within a minute even without the script.
      DRIFT_CHECK_MINUTES: nonEmpty(env.DRIFT_CHECK_MINUTES) ?? '1',
      DRIFT_REGIONS: nonEmpty(env.DRIFT_REGIONS) ?? 'us-east-1,eu-west-2',
      PORT: String(settings.port),
      LOG_LEVEL: options.config.logLevel,
      SLACK_SIGNING_SECRET: settings.signingSecret,
      SLACK_BOT_TOKEN: settings.botToken,
      SLACK_SIGNING_SECRET_PARAMETER: '',
      SLACK_BOT_TOKEN_PARAMETER: '',
      SLACK_APP_TOKEN: '',
      SLACK_API_URL: settings.slackApiUrl,
      DYNAMODB_CREATE_TABLES: 'true',
      APPROVAL_CHANNEL: nonEmpty(env.APPROVAL_CHANNEL) ?? SANDBOX_DEFAULTS.APPROVAL_CHANNEL,
      // Under an approval policy its rules say who approves: the default APPROVERS would conflict.
      APPROVERS:
        nonEmpty(env.APPROVERS) ??
        (nonEmpty(env.APPROVAL_POLICY) !== undefined || nonEmpty(env.APPROVAL_POLICY_PARAMETER) !== undefined
          ? ''
          : SANDBOX_DEFAULTS.APPROVERS),
      REQUESTERS: nonEmpty(env.REQUESTERS) ?? SANDBOX_DEFAULTS.REQUESTERS,
      SEAL_KEY: nonEmpty(env.SEAL_KEY) ?? (await settings.sealKey()),
      // There is no KMS here; the sealing key stands in for it.
      KMS_KEY_ID: '',
      JOB_QUEUE_URL: '',
    }),
  );
  // The emulator also answers CloudTrail's LookupEvents, from the changes it accepted.
  process.env.AWS_ENDPOINT_URL_CLOUDTRAIL ??= process.env.AWS_ENDPOINT_URL_CHIME_SDK_VOICE;
  const core = createCore(config, options.logger, undefined, { checkpointSigningKeyFile: signingKeyFile });
  try {
    await core.prepareTables();
    let running: RunningServer | undefined;
    const server = await startHttpServer({
      core,
      secrets: { signingSecret: settings.signingSecret, botToken: settings.botToken },
      port: settings.port,
      host: settings.host,
      extraRoutes: async (request, response) =>
        (running !== undefined && (await driftCheckRoute(running, request, response))) ||
        settings.extraRoutes(request, response),
    });
    running = server;
    return {
      core,
      server,
      url: server.url,
      port: server.port,
      command: config.slack.command,
      approvers: config.approvers,
      approvalChannel: config.approvalChannel,
      defaultRegion: config.awsRegion,
      async close() {
        await server.close();
        core.close();
      },
    };
  } catch (error) {
    core.close();
    throw error;
  }
}

const DriftCheckRequestSchema = z.object({
  voiceConnectorId: z.string().regex(/^[a-z0-9]{1,64}$/),
  region: z.enum(CHIME_REGIONS),
});

/**
 * `POST /sandbox/drift-check` (sandbox only, on the loopback port): checks one connector at once,
 * as the near-real-time trigger does on Lambda. `npm run sandbox:outside-change` calls it.
 */
async function driftCheckRoute(
  server: RunningServer,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (path !== '/sandbox/drift-check' || request.method !== 'POST') return false;
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    body = undefined;
  }
  const parsed = DriftCheckRequestSchema.safeParse(body);
  if (!parsed.success) {
    response
      .writeHead(400, { 'Content-Type': 'application/json' })
      .end('{"message":"expected { voiceConnectorId, region }"}');
    return true;
  }
  const outcome = await server.drift.checkOne(parsed.data);
  await server.idle();
  response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ outcome }));
  return true;
}

function connectorsIn(chime: ChimeEmulator): SandboxConnector[] {
  return chime.listVoiceConnectorIds().map((id) => {
    const description = chime.getVoiceConnector(id);
    return {
      id,
      name: description?.Name ?? id,
      region: description?.AwsRegion ?? 'us-east-1',
      proxySessions: seededProxySessions(chime, id),
    };
  });
}

/** The seed's proxy sessions of a connector that are still there, as they are now (for the welcome card). */
function seededProxySessions(chime: ChimeEmulator, voiceConnectorId: string): SandboxProxySession[] {
  const seeded = DEFAULT_SEED.VoiceConnectors.find(
    (entry) => entry.VoiceConnector.VoiceConnectorId === voiceConnectorId,
  )?.ProxySessions;
  return (seeded ?? []).flatMap((entry) => {
    const session = chime.getProxySession(voiceConnectorId, entry.ProxySessionId);
    if (session === undefined) return [];
    return [{ id: entry.ProxySessionId, name: session.Name ?? '', status: session.Status ?? '' }];
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
