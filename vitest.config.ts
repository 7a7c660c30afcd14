import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The workspace packages' own tests too (each also runs alone: `npm test -w <package>`).
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    testTimeout: 30_000,
    // Hooks start servers, DynamoDB Local's JVM among them: with two cores shared by all the test
    // files (and, on CI, by other work) that took more than 60 s (Node.js 24 CI run, load average 15).
    hookTimeout: 120_000,
    // The suite starts real servers (emulator, dynalite, DynamoDB Local, the Slack stand-in): two
    // cores are shared by all of them, so keep the number of test files running at once small.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
