import { defineConfig } from 'vitest/config';

/** `npm test` in this package runs its tests alone; the project's `npm test` runs them with the bot's. */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The stand-in tests start real HTTP servers and the two cores are shared.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
