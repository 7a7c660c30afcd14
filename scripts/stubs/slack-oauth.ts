import { unavailableClass } from './unavailable-in-lambda';

/**
 * In the Lambda bundle, `@slack/oauth`: Bolt's index re-exports its installation stores, which
 * pulls in jsonwebtoken and semver (about 80 KiB). The bot serves one workspace with one bot token
 * and runs no OAuth install flow; only the (also replaced) HTTP receivers would use it.
 */
const reason = 'the bot uses a single bot token and no OAuth installation flow';
export const FileInstallationStore = unavailableClass('FileInstallationStore', reason);
export const MemoryInstallationStore = unavailableClass('MemoryInstallationStore', reason);
export const InstallProvider = unavailableClass('InstallProvider', reason);
