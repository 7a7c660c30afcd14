import {
  CHROMIUM_MISSING_NOTICE,
  ConsoleDriver,
  isChromiumInstalled,
  launchChromium,
  type RunningBrowser,
} from '@chime-voice-ops/slack-sandbox/browser';
import { afterAll, beforeAll, describe } from 'vitest';
import { loadConfig } from '../../src/config/config';
import { type RunningBotSandbox, startBotSandbox } from '../../src/local/sandbox';
import { createLogger } from '../../src/logging/logger';

/**
 * What the console's browser tests share: whether Chromium is there (a visible notice when it is
 * not, a failure on CI), and the seeded sandbox with its console open in Chromium.
 */

const chromiumMissing = !isChromiumInstalled();
if (chromiumMissing) {
  // On CI a missing browser must fail the run, not pass it quietly.
  if (process.env.CI === 'true') throw new Error(`CI=true and ${CHROMIUM_MISSING_NOTICE}`);
  console.warn(CHROMIUM_MISSING_NOTICE);
}

/**
 * A suite that drives the console in Chromium, skipped (and named so) when Chromium is missing.
 * Its tests share one sandbox and one page, opened before the first and closed after the last:
 * `the` gives them to the tests once open.
 *
 * @example
 * describeInChromium('the Home tab', (the) => {
 *   it('opens', async () => { await the.driver.openHome('Chime voice ops'); });
 * });
 */
export function describeInChromium(name: string, suite: (the: ConsoleInChromium) => void): void {
  describe.skipIf(chromiumMissing)(chromiumMissing ? `${name} [skipped: no Chromium]` : name, () => {
    const the = {} as ConsoleInChromium;
    beforeAll(async () => {
      Object.assign(the, await openConsoleInChromium());
    });
    afterAll(async () => {
      await the.close?.();
    });
    suite(the);
  });
}

export interface ConsoleInChromium {
  sandbox: RunningBotSandbox;
  browser: RunningBrowser;
  driver: ConsoleDriver;
  /** Closes the browser, then the sandbox. */
  close(): Promise<void>;
}

/**
 * `npm start`'s sandbox (seeded connectors, no approval policy: one approval applies a change)
 * with the console page open in headless Chromium, acting as alice.
 */
async function openConsoleInChromium(): Promise<ConsoleInChromium> {
  const sandbox = await startBotSandbox({
    config: loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }),
    logger: createLogger('silent'),
    argv: [],
    env: {},
    print: () => {},
    ackTimeoutMs: 10_000,
  });
  let browser: RunningBrowser | undefined;
  try {
    browser = await launchChromium({ width: 1280, height: 860 });
    const driver = new ConsoleDriver(browser.page);
    await driver.open(sandbox.consoleUrl);
    const opened = browser;
    return {
      sandbox,
      browser: opened,
      driver,
      close: async () => {
        await opened.close();
        await sandbox.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await sandbox.close();
    throw error;
  }
}
