import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Core, createCore } from '../composition-root';
import { type Config, loadConfig } from '../config/config';
import { type ChimeEmulator, startChimeEmulator } from '../emulator/chime-emulator';
import type { Logger } from '../logging/logger';
import { type RunningServer, startHttpServer } from '../server/http-server';
import { type SlackConsole, startSlackConsole } from './console/slack-console';
import { openDataDirectory, type SandboxDataDirectory } from './data-directory';
import { startEmbeddedDynamoDb } from './embedded-dynamodb';
import { assertPortFree, findFreePort, isAddressInUse, portInUseError } from './loopback-port';
import { parseSandboxArguments } from './sandbox-arguments';
import { sandboxBanner } from './sandbox-banner';
import { createSlackWebApiHandler, DEFAULT_WEB_API_PREFIX } from './slack/web-api';
import { SlackWorkspace } from './slack/workspace';
import { keepSlackHistory } from './slack-history-file';

/** The approvers and approval channel of the default workspace, unless the operator sets their own. */
export const SANDBOX_DEFAULTS = {
  APPROVAL_CHANNEL: 'C0APPROVALS',
  APPROVERS: 'U0APPROVER,S0APPROVERS',
} as const;

/** Fake static credentials: the emulator and dynalite accept any signature, and real keys must never be used here. */
const SANDBOX_AWS_CREDENTIALS = { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox-not-a-secret' } as const;

const AWS_VARIABLES = [
  'AWS_ENDPOINT_URL_CHIME_SDK_VOICE',
  'AWS_ENDPOINT_URL_DYNAMODB',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
] as const;

export interface SandboxOptions {
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

export interface RunningSandbox {
  /** The console page, `http://localhost:<port>/`. */
  consoleUrl: string;
  port: number;
  server: RunningServer;
  core: Core;
  chime: ChimeEmulator;
  /** The local Slack: people, channels, messages, modals, and every Web API call the bot made. */
  workspace: SlackWorkspace;
  console: SlackConsole;
  /** The absolute data directory, when state is kept on disk. */
  dataDirectory?: string;
  close(): Promise<void>;
}

/**
 * `npm start` with no Slack variables: the bot with everything it talks to, in one process and
 * with no accounts. dynalite (in memory, or on disk with `--data-dir`), the Chime emulator with
 * its default seed, and a local Slack (a console page at `/` and the Web API at `/api/`) on the
 * bot's own port. The bot reaches them through the same code paths as in production: the
 * AWS SDK's endpoint variables and the Slack client's base URL.
 *
 * @example
 * const sandbox = await startSandbox({ config: loadConfig({ PORT: '0' }), logger, argv: [], env: {} });
 * await fetch(`${sandbox.consoleUrl}healthz`);
 * await sandbox.close();
 */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const env = options.env ?? process.env;
  const host = options.host ?? nonEmpty(env.SANDBOX_HOST) ?? '127.0.0.1';
  const print = options.print ?? ((text: string) => process.stdout.write(text));
  const { dataDirectory: requestedDirectory } = parseSandboxArguments(options.argv, env);

  // Everything started so far, stopped in reverse if a later step fails.
  const stops: (() => Promise<void> | void)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) {
      await Promise.resolve()
        .then(stop)
        .catch((error: unknown) => options.logger.warn({ err: error }, 'sandbox: a part did not stop cleanly'));
    }
  };

  try {
    // Fail on a taken port before starting anything else.
    if (options.config.port !== 0) await assertPortFree(options.config.port, host);

    let data: SandboxDataDirectory | undefined;
    if (requestedDirectory !== undefined) {
      const opened = await openDataDirectory(requestedDirectory);
      data = opened;
      stops.push(() => opened.release());
    }

    const dynamo = await startEmbeddedDynamoDb(data ? { path: data.dynamoDbPath } : {});
    stops.push(() => dynamo.stop());
    const chime = await startChimeEmulator({ seed: 'default' });
    stops.push(() => chime.close());

    const workspace = new SlackWorkspace();
    if (data !== undefined) {
      const history = await keepSlackHistory(workspace, data.slackHistoryPath, options.logger);
      stops.push(() => history.stop());
    }

    const signingSecret = randomBytes(32).toString('hex');
    const botToken = `xoxb-sandbox-${randomBytes(12).toString('hex')}`;
    const sealKey = nonEmpty(env.SEAL_KEY) ?? (data ? await data.sealKey() : randomBytes(32).toString('base64'));

    const restoreAwsVariables = pointAwsSdkAt({ chime: chime.url, dynamoDb: dynamo.endpoint });
    stops.push(restoreAwsVariables);

    const webApi = createSlackWebApiHandler(workspace, { botToken, prefix: DEFAULT_WEB_API_PREFIX });
    let slackConsole: SlackConsole | undefined;
    const extraRoutes = async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (path.startsWith(DEFAULT_WEB_API_PREFIX)) {
        await webApi(request, response);
        return true;
      }
      return (await slackConsole?.routes(request, response)) ?? false;
    };

    const started = await startBot({
      ...options,
      env,
      host,
      secrets: { signingSecret, botToken },
      sealKey,
      extraRoutes,
    });
    const { core, server, apiUrl } = started;
    stops.push(async () => {
      await server.close();
      core.close();
    });

    slackConsole = startSlackConsole({
      workspace,
      signingSecret,
      botEventsUrl: `${server.url}/slack/events`,
      apiUrl,
      command: core.config.slack.command,
      approvers: core.config.approvers,
      approvalChannel: core.config.approvalChannel,
      connectors: sandboxConnectors(chime),
      defaultRegion: core.config.awsRegion,
      dataDirectory: data?.path,
      ...(options.ackTimeoutMs !== undefined ? { ackTimeoutMs: options.ackTimeoutMs } : {}),
    });
    const openConsole = slackConsole;
    // Before the server closes: its close waits for the console's event streams to end.
    stops.push(() => openConsole.close());

    const consoleUrl = `http://${host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host}:${server.port}/`;
    print(
      sandboxBanner({
        consoleUrl,
        command: core.config.slack.command,
        connectors: sandboxConnectors(chime),
        approvers: core.config.approvers,
        approvalChannel: core.config.approvalChannel,
        defaultRegion: core.config.awsRegion,
        dataDirectory: data?.path,
        workspace,
      }),
    );
    options.logger.info({ url: consoleUrl, persistent: data !== undefined }, 'sandbox is running');

    return {
      consoleUrl,
      port: server.port,
      server,
      core,
      chime,
      workspace,
      console: openConsole,
      ...(data !== undefined ? { dataDirectory: data.path } : {}),
      close: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * Starts the bot on the chosen port. The Slack client's base URL names the port, so a port
 * picked at random is chosen before the bot is built; if someone takes it in between, try another.
 */
async function startBot(options: {
  config: Config;
  logger: Logger;
  env: Readonly<Record<string, string | undefined>>;
  host: string;
  secrets: { signingSecret: string; botToken: string };
  sealKey: string;
  extraRoutes: (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;
}): Promise<{ core: Core; server: RunningServer; apiUrl: string }> {
  const attempts = options.config.port === 0 ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    const port = options.config.port === 0 ? await findFreePort(options.host) : options.config.port;
    const apiHost = options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
    const apiUrl = `http://${apiHost}:${port}${DEFAULT_WEB_API_PREFIX}`;
    const config = loadConfig({
      ...options.env,
      PORT: String(port),
      LOG_LEVEL: options.config.logLevel,
      SLACK_SIGNING_SECRET: options.secrets.signingSecret,
      SLACK_BOT_TOKEN: options.secrets.botToken,
      SLACK_SIGNING_SECRET_PARAMETER: '',
      SLACK_BOT_TOKEN_PARAMETER: '',
      SLACK_APP_TOKEN: '',
      SLACK_API_URL: apiUrl,
      DYNAMODB_CREATE_TABLES: 'true',
      APPROVAL_CHANNEL: nonEmpty(options.env.APPROVAL_CHANNEL) ?? SANDBOX_DEFAULTS.APPROVAL_CHANNEL,
      APPROVERS: nonEmpty(options.env.APPROVERS) ?? SANDBOX_DEFAULTS.APPROVERS,
      SEAL_KEY: options.sealKey,
      // There is no KMS here; the sealing key stands in for it.
      KMS_KEY_ID: '',
      JOB_QUEUE_URL: '',
    });
    const core = createCore(config, options.logger);
    try {
      await core.prepareTables();
      const server = await startHttpServer({
        core,
        secrets: options.secrets,
        port,
        host: options.host,
        extraRoutes: options.extraRoutes,
      });
      return { core, server, apiUrl };
    } catch (error) {
      core.close();
      if (!isAddressInUse(error)) throw error;
      if (attempt >= attempts) throw portInUseError(port, options.host, error);
    }
  }
}

/** Sets the AWS SDK's standard variables for this process; returns what puts the old values back. */
function pointAwsSdkAt(endpoints: { chime: string; dynamoDb: string }): () => void {
  const previous = Object.fromEntries(AWS_VARIABLES.map((name) => [name, process.env[name]]));
  process.env.AWS_ENDPOINT_URL_CHIME_SDK_VOICE = endpoints.chime;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoints.dynamoDb;
  process.env.AWS_ACCESS_KEY_ID = SANDBOX_AWS_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = SANDBOX_AWS_CREDENTIALS.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  return () => {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

export interface SandboxConnector {
  id: string;
  name: string;
  region: string;
}

function sandboxConnectors(chime: ChimeEmulator): SandboxConnector[] {
  return chime.listVoiceConnectorIds().map((id) => {
    const description = chime.getVoiceConnector(id);
    return { id, name: description?.Name ?? id, region: description?.AwsRegion ?? 'us-east-1' };
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
