import { createCore, loadApprovalPolicy, loadSlackSecrets } from '../composition-root';
import { ConfigError, loadConfig } from '../config/config';
import { createLogger } from '../logging/logger';
import { startHttpServer } from '../server/http-server';
import { startSocketMode } from '../server/socket-mode';

/**
 * `npm start`. With SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN it serves that workspace (HTTP on
 * PORT, or Socket Mode with SLACK_APP_TOKEN); with neither it runs the sandbox: the bot, a local
 * Slack console, the Chime emulator and an embedded DynamoDB, with no accounts at all.
 */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n\nSee the configuration table in README.md.\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);

  if (config.slack.mode === 'sandbox') {
    const { startBotSandbox } = await import('./sandbox');
    const sandbox = await startBotSandbox({ config, logger, argv: process.argv.slice(2) });
    stopOnSignal(() => sandbox.close());
    return;
  }

  const secrets = await loadSlackSecrets(config);
  config = await loadApprovalPolicy(config);
  const core = createCore(config, logger);
  await core.prepareTables();
  const server =
    config.slack.appToken !== undefined
      ? await startSocketMode({ core, secrets, appToken: config.slack.appToken, port: config.port })
      : await startHttpServer({ core, secrets, port: config.port });
  logger.info({ url: server.url, mode: config.slack.appToken ? 'socket' : 'http' }, 'chime-voice-ops is running');
  process.stdout.write(
    config.slack.appToken
      ? `chime-voice-ops is connected to Slack over Socket Mode (health: ${server.url}/healthz)\n`
      : `chime-voice-ops is listening: Slack requests at ${server.url}/slack/events, health at ${server.url}/healthz\n`,
  );
  stopOnSignal(async () => {
    await server.close();
    core.close();
  });
}

function stopOnSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) process.exit(1);
    stopping = true;
    void stop().then(() => process.exit(0));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

void main().catch((error: unknown) => {
  process.stderr.write(`chime-voice-ops failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
