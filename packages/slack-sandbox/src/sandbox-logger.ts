/**
 * What the sandbox logs through: the two levels it uses, in pino's shape (the details first, then
 * the message), so that the bot's own logger fits as it is and the sandbox needs nothing from it.
 *
 * @example
 * logger.warn({ err: error }, 'could not save the sandbox Slack history');
 */
export interface SandboxLogger {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}
