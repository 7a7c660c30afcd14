import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';

/** Debian's Chromium: playwright-core cannot download a browser on these machines. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The machines have no internet; without these Chromium keeps trying to reach it. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const CHROMIUM_MISSING_NOTICE =
  `NOTICE: the console's browser test is skipped because ${CHROMIUM_PATH} was not found. ` +
  'Install it (Debian: apt-get install -y --no-install-recommends chromium) to run it.';

export function isChromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export interface RunningBrowser {
  page: Page;
  /** Every error the page's own script threw or logged, for tests to assert there were none. */
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh profile in a temporary folder (removed on close), one page open.
 *
 * @example
 * const browser = await launchChromium({ width: 1280, height: 860 });
 * await browser.page.goto(sandbox.consoleUrl);
 * await browser.close();
 */
export async function launchChromium(viewport: { width: number; height: number }): Promise<RunningBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'chime-console-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  return {
    page,
    pageErrors,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
