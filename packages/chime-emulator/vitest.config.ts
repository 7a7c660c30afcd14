import { defineConfig } from 'vitest/config';
import projectConfig from '../../vitest.config';

/**
 * `npm test` in this package runs its own tests alone, with the project's settings (its tests start
 * real servers on two shared cores, hence the project's timeouts and few workers).
 */
export default defineConfig({
  ...projectConfig,
  test: { ...projectConfig.test, include: ['test/**/*.test.ts'] },
});
