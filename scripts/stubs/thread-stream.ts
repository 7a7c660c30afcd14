import { unavailableClass } from './unavailable-in-lambda';

/**
 * In the Lambda bundle, `thread-stream`: pino requires it at load time for `pino.transport()`
 * (logging through a worker thread), which the bot never uses: its logs go to stdout, where
 * CloudWatch collects them.
 */
export default unavailableClass('thread-stream', 'the bot logs to stdout, never through a pino transport');
