/**
 * The Lambda functions' handlers under their function names. Each function is bundled from
 * its own module (`scripts/build.ts`: `dist/slack.mjs`, `dist/worker.mjs`, `dist/sweep.mjs`), so
 * that a cold start loads only what that function runs; nothing deployed imports this index.
 */
export { handler as drift } from './drift-handler';
export { handler as slack } from './slack-handler';
export { handler as sweep } from './sweep-handler';
export { handler as worker, JOB_MAX_ATTEMPTS } from './worker-handler';
