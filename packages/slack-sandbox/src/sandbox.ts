import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type SlackConsole, startSlackConsole } from './console/slack-console';
import { openDataDirectory, type SandboxDataDirectory } from './data-directory';
import { startEmbeddedDynamoDb } from './embedded-dynamodb';
import { assertPortFree, findFreePort, isAddressInUse, portInUseError } from './loopback-port';
import { parseSandboxArguments } from './sandbox-arguments';
import { sandboxBanner } from './sandbox-banner';
import type { SandboxLogger } from './sandbox-logger';
import { createSlackWebApiHandler, DEFAULT_WEB_API_PREFIX } from './slack/web-api';
import { SlackWorkspace } from './slack/workspace';
import { keepSlackHistory } from './slack-history-file';
import type { PrincipalList } from './workspace-roles';

/** The approvers and approval channel of the default workspace, unless the operator sets their own. */
export const SANDBOX_DEFAULTS = {
  APPROVAL_CHANNEL: 'C0APPROVALS',
  APPROVERS: 'U0APPROVER,S0APPROVERS',
  /** alice requests; the approvers may too; carol (neither) and erin (a guest) may only read. */
  REQUESTERS: 'U0REQUESTER,U0APPROVER,S0APPROVERS',
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

export interface SandboxConnector {
  id: string;
  name: string;
  region: string;
  /** Proxy sessions a new user can look up (`/chime session <id> <session-id>`), for the welcome card. */
  proxySessions?: readonly SandboxProxySession[];
}

export interface SandboxProxySession {
  id: string;
  name: string;
  /** As AWS says it: `Open`, `InProgress` or `Closed`. */
  status: string;
}

/** The Chime SDK Voice service the sandbox points the AWS SDK at: the Chime emulator, running. */
export interface SandboxChime {
  /** Its base URL, for `AWS_ENDPOINT_URL_CHIME_SDK_VOICE`. */
  url: string;
  /** The voice connectors it holds, for the banner and the console's welcome. */
  connectors(): readonly SandboxConnector[];
  close(): Promise<void>;
}

/** What the sandbox hands the bot it starts: its port, and the local Slack it is to talk to. */
export interface SandboxBotSettings {
  /** The port to listen on: the operator's, or a free one the sandbox picked. */
  port: number;
  host: string;
  /** Made up for this run: the console signs what it sends the bot with it. */
  signingSecret: string;
  /** Made up for this run: the only token the Web API stand-in accepts. */
  botToken: string;
  /** The Web API stand-in on the bot's own port (`http://127.0.0.1:<port>/api/`), for the bot's Slack client. */
  slackApiUrl: string;
  /** The sealing key kept in the data directory (created on first use), or a new one in memory. */
  sealKey(): Promise<string>;
  /** The data directory (absolute), when state is kept on disk: the bot may keep files of its own there. */
  dataDirectory?: string;
  /** Serves the Web API stand-in and the console; the bot's HTTP server calls it for paths it does not know. */
  extraRoutes(request: IncomingMessage, response: ServerResponse): Promise<boolean>;
}

/** The bot, listening, and what it was configured with that the console and the banner show. */
export interface SandboxBot {
  /** `http://<host>:<port>`, where it takes Slack's requests at `/slack/events`. */
  url: string;
  port: number;
  /** The slash command it answers (`/chime`). */
  command: string;
  approvers: PrincipalList;
  approvalChannel?: string;
  /** The region its commands use without `--region`. */
  defaultRegion: string;
  close(): Promise<void>;
}

export interface SandboxOptions<Bot extends SandboxBot, Chime extends SandboxChime> {
  /** The port to serve the bot and the console on; 0 picks a free one. */
  port: number;
  logger: SandboxLogger;
  /** `npm start -- --data-dir <dir>`. */
  argv: readonly string[];
  /** The operator's settings (SANDBOX_DATA_DIR, SANDBOX_HOST); `process.env` by default. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Loopback unless told otherwise (`SANDBOX_HOST=0.0.0.0` inside a container). */
  host?: string;
  /** Where the banner goes; stdout by default. */
  print?: (text: string) => void;
  /** How long the console waits for the bot's acknowledgements; Slack's 3 s by default. */
  ackTimeoutMs?: number;
  /**
   * Starts the Chime emulator; called once the embedded DynamoDB runs, closed when the sandbox
   * stops. With a data directory, the emulator keeps its state there too, so that connectors,
   * kept messages and pending requests agree after a restart.
   */
  startChime(settings: { dataDirectory?: string }): Promise<Chime>;
  /**
   * Starts the bot with these settings. A port taken meanwhile must fail with `EADDRINUSE`: on a
   * port it picked itself, the sandbox then tries another.
   */
  startBot(settings: SandboxBotSettings): Promise<Bot>;
}

export interface RunningSandbox<Bot extends SandboxBot = SandboxBot, Chime extends SandboxChime = SandboxChime> {
  /** The console page, `http://localhost:<port>/`. */
  consoleUrl: string;
  port: number;
  bot: Bot;
  chime: Chime;
  /** The local Slack: people, channels, messages, modals, and every Web API call the bot made. */
  workspace: SlackWorkspace;
  console: SlackConsole;
  /** The absolute data directory, when state is kept on disk. */
  dataDirectory?: string;
  close(): Promise<void>;
}

/**
 * `npm start` with no Slack variables: a bot with everything it talks to, in one process and with
 * no accounts. dynalite (in memory, or on disk with `--data-dir`), the Chime emulator the caller
 * starts, and a local Slack (a console page at `/` and the Web API at `/api/`) on the bot's own
 * port. The bot reaches them through the same code paths as in production: the AWS SDK's endpoint
 * variables and the Slack client's base URL. Whatever started is stopped again if a later step fails.
 *
 * @example
 * const sandbox = await startSandbox({
 *   port: 0, logger, argv: [], env: {},
 *   startChime: () => startMyChimeEmulator(),
 *   startBot: (settings) => startMyBot(settings), // listens on settings.port, serves settings.extraRoutes
 * });
 * await fetch(`${sandbox.consoleUrl}healthz`);
 * await sandbox.close();
 */
export async function startSandbox<Bot extends SandboxBot, Chime extends SandboxChime>(
  options: SandboxOptions<Bot, Chime>,
): Promise<RunningSandbox<Bot, Chime>> {
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
    if (options.port !== 0) await assertPortFree(options.port, host);

    let data: SandboxDataDirectory | undefined;
    if (requestedDirectory !== undefined) {
      const opened = await openDataDirectory(requestedDirectory);
      data = opened;
      stops.push(() => opened.release());
    }

    const dynamo = await startEmbeddedDynamoDb(data ? { path: data.dynamoDbPath } : {});
    stops.push(() => dynamo.stop());
    const chime = await options.startChime(data !== undefined ? { dataDirectory: data.path } : {});
    stops.push(() => chime.close());

    const workspace = new SlackWorkspace();
    if (data !== undefined) {
      const history = await keepSlackHistory(workspace, data.slackHistoryPath, options.logger);
      stops.push(() => history.stop());
    }

    const signingSecret = randomBytes(32).toString('hex');
    const botToken = `xoxb-sandbox-${randomBytes(12).toString('hex')}`;
    const sealKey = once(() => (data ? data.sealKey() : Promise.resolve(randomBytes(32).toString('base64'))));

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

    const { bot, slackApiUrl } = await startBotOnAPort(options, {
      host,
      signingSecret,
      botToken,
      sealKey,
      extraRoutes,
      ...(data !== undefined ? { dataDirectory: data.path } : {}),
    });
    stops.push(() => bot.close());

    slackConsole = startSlackConsole({
      workspace,
      signingSecret,
      botEventsUrl: `${bot.url}/slack/events`,
      apiUrl: slackApiUrl,
      command: bot.command,
      approvers: bot.approvers,
      approvalChannel: bot.approvalChannel,
      connectors: chime.connectors(),
      defaultRegion: bot.defaultRegion,
      dataDirectory: data?.path,
      ...(options.ackTimeoutMs !== undefined ? { ackTimeoutMs: options.ackTimeoutMs } : {}),
    });
    const openConsole = slackConsole;
    // Before the bot stops: its server's close waits for the console's event streams to end.
    stops.push(() => openConsole.close());

    const consoleUrl = `http://${host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host}:${bot.port}/`;
    print(
      sandboxBanner({
        consoleUrl,
        command: bot.command,
        connectors: chime.connectors(),
        approvers: bot.approvers,
        approvalChannel: bot.approvalChannel,
        defaultRegion: bot.defaultRegion,
        dataDirectory: data?.path,
        workspace,
      }),
    );
    options.logger.info({ url: consoleUrl, persistent: data !== undefined }, 'sandbox is running');

    return {
      consoleUrl,
      port: bot.port,
      bot,
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
async function startBotOnAPort<Bot extends SandboxBot>(
  options: { port: number; startBot(settings: SandboxBotSettings): Promise<Bot> },
  settings: Omit<SandboxBotSettings, 'port' | 'slackApiUrl'>,
): Promise<{ bot: Bot; slackApiUrl: string }> {
  const attempts = options.port === 0 ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    const port = options.port === 0 ? await findFreePort(settings.host) : options.port;
    const apiHost = settings.host === '0.0.0.0' ? '127.0.0.1' : settings.host;
    const slackApiUrl = `http://${apiHost}:${port}${DEFAULT_WEB_API_PREFIX}`;
    try {
      const bot = await options.startBot({ ...settings, port, slackApiUrl });
      return { bot, slackApiUrl };
    } catch (error) {
      if (!isAddressInUse(error)) throw error;
      if (attempt >= attempts) throw portInUseError(port, settings.host, error);
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

/** The first call's promise, for every call: a bot started again on another port gets the same key. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make();
    return made;
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
