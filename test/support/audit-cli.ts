import { execFile } from 'node:child_process';
import { join } from 'node:path';

const PROJECT_ROOT = join(import.meta.dirname, '../..');

export interface AuditCliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the audit CLI (`src/audit/cli.ts`) as an operator would, in its own process (`npx tsx`, up
 * to 60 s), with only the given environment variables changed.
 */
export function runAuditCli(args: string[], environment: Record<string, string>): Promise<AuditCliRun> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', 'src/audit/cli.ts', ...args],
      { cwd: PROJECT_ROOT, env: { ...process.env, ...environment }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ exitCode, stdout, stderr });
      },
    );
  });
}
