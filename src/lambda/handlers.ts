/**
 * The three Lambda functions' handlers under their function names (`serverless.yml`:
 * `dist/handlers.<function>`). Each lives in a module of its own.
 */
export { handler as slack } from './slack-handler';
export { handler as sweep } from './sweep-handler';
export { handler as worker, JOB_MAX_ATTEMPTS } from './worker-handler';
