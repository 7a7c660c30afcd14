import { CHROMIUM_MISSING_NOTICE, isChromiumInstalled } from '@chime-voice-ops/slack-sandbox/browser';
import { afterAll, beforeAll, describe } from 'vitest';
import { type ConsoleInChromium, openConsoleInChromium } from '../../scripts/open-console';

export type { ConsoleInChromium };

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
