/**
 * The chime-voice-ops sandbox, a development tool: a local Slack (a workspace, its Web API, the
 * people who click, a console page in the browser), an embedded DynamoDB, and the orchestration
 * that starts a bot among them. It imports nothing of the bot's: the bot comes in as a callback of
 * {@link startSandbox}, and tests use the Slack stand-in ({@link startSlackStandIn}) on its own.
 */

export type { SlackConsole, SlackConsoleOptions } from './console/slack-console';
export { startSlackConsole } from './console/slack-console';
export type { SandboxDataDirectory } from './data-directory';
export { openDataDirectory } from './data-directory';
export type { EmbeddedDynamoDb } from './embedded-dynamodb';
export { startEmbeddedDynamoDb } from './embedded-dynamodb';
export { assertPortFree, findFreePort, isAddressInUse, portInUseError } from './loopback-port';
export type {
  RunningSandbox,
  SandboxBot,
  SandboxBotSettings,
  SandboxChime,
  SandboxConnector,
  SandboxOptions,
  SandboxProxySession,
} from './sandbox';
export { SANDBOX_DEFAULTS, startSandbox } from './sandbox';
export type { SandboxArguments } from './sandbox-arguments';
export { parseSandboxArguments, SANDBOX_USAGE } from './sandbox-arguments';
export type { SandboxBannerFacts } from './sandbox-banner';
export { sandboxBanner } from './sandbox-banner';
export type { SandboxLogger } from './sandbox-logger';
export { SandboxStartError } from './sandbox-start-error';
export type { BlockKitProblem, MessageBlocksVerdict, ModalViewVerdict } from './slack/block-kit-validation';
export { checkMessageBlocks, checkModalView, problemLines } from './slack/block-kit-validation';
export { responseUrlAddress } from './slack/response-url';
export { slackSignature } from './slack/slack-request-signing';
// The Slack stand-in's whole public surface: the workspace, its Web API, the simulated client.
export * from './slack/slack-stand-in';
export type { ResponseUrlRecord, SlackWorkspaceOptions } from './slack/workspace';
export { WaitForCallTimeoutError } from './slack/workspace';
export type { SlackChannel, SlackTeam, SlackUser, SlackUserGroup, WorkspaceFixture } from './slack/workspace-fixture';
export { keepSlackHistory } from './slack-history-file';
export type { ApproverRole, PrincipalList } from './workspace-roles';
export { approversIn } from './workspace-roles';
