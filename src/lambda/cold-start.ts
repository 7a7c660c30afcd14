import { type Config, loadConfig } from '../config/config';
import { createLogger, type Logger } from '../logging/logger';

/**
 * What a Lambda function builds once per container, on its first invocation: `build` runs with the
 * configuration (a bad variable fails the invocation loudly) and the logger, and its result is
 * kept for the container's later invocations. A failed start is not kept: the next invocation
 * tries again instead of failing every request of this container.
 *
 * @example
 * const started = onFirstInvocation((config, logger) => createWorkerFunction(config, logger));
 * export async function handler(event: SQSEvent) { const { worker } = await started(); … }
 */
export function onFirstInvocation<T>(build: (config: Config, logger: Logger) => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  return () => {
    started ??= (async () => {
      const config = loadConfig();
      return build(config, createLogger(config.logLevel));
    })().catch((error: unknown) => {
      started = undefined;
      throw error;
    });
    return started;
  };
}
