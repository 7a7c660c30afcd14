import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The suite starts real servers (emulator, dynalite, DynamoDB Local, the Slack stand-in): two
    // cores are shared by all of them, so keep the number of test files running at once small.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
