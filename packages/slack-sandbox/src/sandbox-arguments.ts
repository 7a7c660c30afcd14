import { SandboxStartError } from './sandbox-start-error';

export interface SandboxArguments {
  /** Where to keep state across restarts; in memory when absent. */
  dataDirectory?: string;
}

export const SANDBOX_USAGE = [
  'Usage: npm start [-- --data-dir <dir>]',
  '  --data-dir <dir>   keep DynamoDB, the sealing key and the Slack history in <dir> across restarts',
  '                     (or set SANDBOX_DATA_DIR; .sandbox-data is ignored by git)',
].join('\n');

/**
 * Reads the sandbox's command line (`npm start -- --data-dir .sandbox-data`), falling back to
 * `SANDBOX_DATA_DIR`. The command line wins over the variable.
 *
 * @example
 * parseSandboxArguments(['--data-dir', '.sandbox-data'], {}); // { dataDirectory: '.sandbox-data' }
 */
export function parseSandboxArguments(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): SandboxArguments {
  let dataDirectory: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] ?? '';
    if (argument === '--data-dir') {
      const value = argv[index + 1];
      if (value === undefined || value.startsWith('--') || value.trim() === '') {
        throw new SandboxStartError(`--data-dir needs a directory.\n${SANDBOX_USAGE}`);
      }
      dataDirectory = value;
      index++;
    } else if (argument.startsWith('--data-dir=')) {
      const value = argument.slice('--data-dir='.length);
      if (value.trim() === '') throw new SandboxStartError(`--data-dir needs a directory.\n${SANDBOX_USAGE}`);
      dataDirectory = value;
    } else {
      throw new SandboxStartError(`Unknown argument ${JSON.stringify(argument)}.\n${SANDBOX_USAGE}`);
    }
  }
  const fromEnvironment = env.SANDBOX_DATA_DIR?.trim();
  dataDirectory ??= fromEnvironment === '' ? undefined : fromEnvironment;
  return dataDirectory === undefined ? {} : { dataDirectory };
}
