/**
 * The console in headless Chromium, for browser tests and `npm run screenshots`. A subpath of its
 * own: playwright-core takes a third of a second to load, which nothing else should pay for.
 */

export type { RunningBrowser } from './chromium';
export {
  CHROMIUM_FLAGS,
  CHROMIUM_MISSING_NOTICE,
  CHROMIUM_PATH,
  isChromiumInstalled,
  launchChromium,
} from './chromium';
export { ConsoleDriver } from './console-driver';
