import { type Core, createCore, createWebClient, createWorker, type SlackSecrets } from '../composition-root';
import { loadConfig } from '../config/config';
import { loadSlackSecrets } from '../config/slack-secrets';
import type { JobRunner } from '../handlers/jobs/job-runner';
import { createLogger } from '../logging/logger';

/**
 * What every Lambda function builds once per cold start: configuration (a bad variable fails the
 * cold start loudly), the Slack secrets from SSM, and the core services.
 */
export interface LambdaRuntime {
  core: Core;
  secrets: SlackSecrets;
}

let runtime: Promise<LambdaRuntime> | undefined;

export function lambdaRuntime(): Promise<LambdaRuntime> {
  runtime ??= (async () => {
    const config = loadConfig();
    const logger = createLogger(config.logLevel);
    const secrets = await loadSlackSecrets(config);
    return { core: createCore(config, logger), secrets };
  })().catch((error: unknown) => {
    // Let the next invocation try again rather than caching a failed start forever.
    runtime = undefined;
    throw error;
  });
  return runtime;
}

let worker: JobRunner | undefined;

export async function lambdaWorker(): Promise<{ runtime: LambdaRuntime; worker: JobRunner }> {
  const current = await lambdaRuntime();
  worker ??= createWorker(current.core, createWebClient(current.core, current.secrets.botToken));
  return { runtime: current, worker };
}
