import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from './clock';
import { ACK_TIMEOUT_MS, SlackUserAgent } from './slack-user-agent';
import { createSlackWebApiHandler, DEFAULT_WEB_API_PREFIX, type NodeHttpHandler } from './web-api';
import { SlackWorkspace } from './workspace';

export type { Clock } from './clock';
export { ManualClock, systemClock } from './clock';
export type {
  BlockActionOutcome,
  BlockSuggestionOutcome,
  BotHttpAnswer,
  InteractionSurface,
  SlashCommandOutcome,
  ViewInputValues,
  ViewSubmissionOutcome,
} from './slack-user-agent';
export { BotUnreachableError, ElementNotFoundError, SlackUserAgent } from './slack-user-agent';
export type { NodeHttpHandler, SlackWebApiHandlerOptions } from './web-api';
export { createSlackWebApiHandler, DEFAULT_WEB_API_PREFIX } from './web-api';
export type { ChannelMessage, EphemeralMessage, SlackApiCall, WorkspaceChange, WorkspaceSnapshot } from './workspace';
export { SlackWorkspace } from './workspace';
export {
  defaultWorkspaceFixture,
  SandboxChannelId,
  SandboxUserGroupId,
  SandboxUserId,
} from './workspace-fixture';

export interface SlackStandInOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Loopback unless told otherwise. */
  host?: string;
  /** The bot's signing secret: the simulated client signs with it. */
  signingSecret: string;
  /** The bot token the Web API accepts. */
  botToken: string;
  /** The bot's Request URL; may also be set later through `standIn.botEventsUrl`. */
  botEventsUrl?: string;
  workspace?: SlackWorkspace;
  /** Used to build a workspace when none is given. */
  clock?: Clock;
  /** How long the simulated client waits for the bot's acknowledgements. */
  ackTimeoutMs?: number;
}

export interface SlackStandIn {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The base for the bot's WebClient (`clientOptions.slackApiUrl`), with its trailing slash. */
  apiUrl: string;
  workspace: SlackWorkspace;
  /** Where the simulated client posts slash commands and interactions. */
  botEventsUrl: string | undefined;
  handler: NodeHttpHandler;
  /** A simulated Slack client acting as `userId`. */
  userAgent(userId: string): SlackUserAgent;
  close(): Promise<void>;
}

/**
 * Starts the Slack stand-in on its own HTTP server: the Web API at `<url>/api/`, response_urls
 * under it, and simulated clients that act as the workspace's people.
 *
 * @example
 * const standIn = await startSlackStandIn({ signingSecret, botToken: 'xoxb-sandbox' });
 * const app = new App({ signingSecret, token: 'xoxb-sandbox', clientOptions: { slackApiUrl: standIn.apiUrl } });
 * await app.start(0);
 * standIn.botEventsUrl = `http://127.0.0.1:${port}/slack/events`;
 * const outcome = await standIn.userAgent('U0REQUESTER').runSlashCommand('/voice', 'help');
 * await standIn.close();
 */
export async function startSlackStandIn(options: SlackStandInOptions): Promise<SlackStandIn> {
  const workspace =
    options.workspace ?? new SlackWorkspace(options.clock !== undefined ? { clock: options.clock } : {});
  const handler = createSlackWebApiHandler(workspace, { botToken: options.botToken, prefix: DEFAULT_WEB_API_PREFIX });
  const server = createServer((request, response) => {
    void handler(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  const url = `http://${host}:${port}`;
  const apiUrl = `${url}${DEFAULT_WEB_API_PREFIX}`;

  const standIn: SlackStandIn = {
    url,
    apiUrl,
    workspace,
    botEventsUrl: options.botEventsUrl,
    handler,
    userAgent: (userId) =>
      new SlackUserAgent({
        workspace,
        userId,
        botEventsUrl: () => standIn.botEventsUrl,
        signingSecret: options.signingSecret,
        apiUrl,
        ackTimeoutMs: options.ackTimeoutMs ?? ACK_TIMEOUT_MS,
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
  return standIn;
}
