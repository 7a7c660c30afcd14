import { ConsoleDriver, launchChromium, type RunningBrowser } from '@chime-voice-ops/slack-sandbox/browser';
import { loadConfig } from '../src/config/config';
import { type RunningBotSandbox, startBotSandbox } from '../src/local/sandbox';
import { createLogger } from '../src/logging/logger';

export interface ConsoleInChromium {
  sandbox: RunningBotSandbox;
  browser: RunningBrowser;
  driver: ConsoleDriver;
  /** Closes the browser, then the sandbox. */
  close(): Promise<void>;
}

/**
 * `npm start`'s sandbox (seeded connectors, no approval policy: one approval applies a change),
 * quiet, with the console page open in headless Chromium, acting as alice. Used by the console's
 * browser tests and by `npm run screenshots`.
 *
 * @example
 * const { driver, close } = await openConsoleInChromium();
 * await driver.runCommand('/chime help', 'Chime voice ops');
 * await close();
 */
export async function openConsoleInChromium(viewport = { width: 1280, height: 860 }): Promise<ConsoleInChromium> {
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
    browser = await launchChromium(viewport);
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
