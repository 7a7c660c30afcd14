import type { Logger as BoltLogger, LogLevel as BoltLogLevel } from '@slack/bolt';
import pino, { type Bindings, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/config';

export type { Logger } from 'pino';

/**
 * Keys whose values never reach a log line, at any depth: credentials, Slack secrets, and the
 * fields the Chime model marks sensitive (usernames, phone numbers).
 */
const SENSITIVE_KEY =
  /pass(word)?|secret|token|authori[sz]ation|cookie|credential|username|phone|participant|sealed|signature/i;
const REDACTED = '[redacted]';
const MAX_DEPTH = 6;

/** Returns a copy of `value` with every sensitive key's value replaced. */
export function redactSensitive(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.map((item) => redactSensitive(item, depth + 1));
  if (value instanceof Error) return serialiseError(value);
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] = SENSITIVE_KEY.test(key) ? REDACTED : redactSensitive(item, depth + 1);
    }
    return copy;
  }
  return value;
}

/** An error as a log field: name, message, code and cause chain; never its request or response. */
export function serialiseError(error: Error): Record<string, unknown> {
  const withCode = error as Error & { code?: unknown; $metadata?: { httpStatusCode?: number; requestId?: string } };
  return {
    type: error.name,
    message: scrubText(error.message),
    ...(typeof withCode.code === 'string' ? { code: withCode.code } : {}),
    ...(withCode.$metadata?.requestId ? { awsRequestId: withCode.$metadata.requestId } : {}),
    ...(withCode.$metadata?.httpStatusCode ? { httpStatus: withCode.$metadata.httpStatusCode } : {}),
    ...(error.cause instanceof Error ? { cause: serialiseError(error.cause) } : {}),
    stack: error.stack?.split('\n').slice(1, 6).join('\n'),
  };
}

/** Slack tokens look alike everywhere: strip them from free text (e.g. an SDK's error message). */
export function scrubText(text: string): string {
  return text
    .replace(/xox[abposr]-[A-Za-z0-9-]+/g, 'xox?-[redacted]')
    .replace(/xapp-[A-Za-z0-9-]+/g, 'xapp-[redacted]');
}

/**
 * Structured JSON logs on stdout (CloudWatch on Lambda). Every object passes through
 * {@link redactSensitive}; callers log identifiers and outcomes, never payloads.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const logger = pino(
    {
      level,
      base: { service: 'chime-voice-ops' },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'message',
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redactSensitive(object) as Record<string, unknown>,
      },
      // pino runs `formatters.log` first, which has already turned every Error into a plain
      // object; serialising that again would lose its type, code and cause.
      serializers: { err: (error: unknown) => (error instanceof Error ? serialiseError(error) : error) },
    },
    destination,
  );
  // pino writes a child's bindings as given (its `formatters.bindings` covers the root only), and
  // children inherit `child` from the root, so this one override covers every generation.
  const child = logger.child;
  logger.child = function redactedChild(this: Logger, bindings, options) {
    return child.call(this, redactSensitive(bindings) as Bindings, options);
  } as Logger['child'];
  return logger;
}

/**
 * Bolt's own logger, backed by ours. Bolt and its Web API client log whole events, request
 * bodies and API arguments at debug level, so debug is dropped whatever the level; the other
 * levels keep only the text of the message (never its objects), with Slack tokens scrubbed.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  let level = 'info' as BoltLogLevel;
  const textOf = (messages: unknown[]): string =>
    scrubText(
      messages
        .map((message) => (typeof message === 'string' ? message : message instanceof Error ? message.message : ''))
        .filter((message) => message !== '')
        .join(' ')
        .slice(0, 500),
    );
  return {
    debug: () => {},
    info: (...messages) => child.info(textOf(messages)),
    warn: (...messages) => child.warn(textOf(messages)),
    error: (...messages) => {
      const error = messages.find((message): message is Error => message instanceof Error);
      child.error(error ? { err: error } : {}, textOf(messages));
    },
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
