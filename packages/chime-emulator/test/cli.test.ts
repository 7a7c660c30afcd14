import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const running: ChildProcessWithoutNullStreams[] = [];

function startCli(args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: 'pipe' });
  running.push(child);
  return child;
}

/** Collects stdout until `pattern` appears (the CLI prints its URL once it listens). */
function waitForOutput(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (pattern.test(output)) resolve(output);
    });
    child.once('exit', (code) =>
      reject(new Error(`The CLI exited with ${code} before printing ${pattern}: ${output}`)),
    );
  });
}

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('npm run emulator', () => {
  it('prints its URL and the endpoint variable, serves requests, and stops cleanly on SIGTERM', async () => {
    // Prepare
    const child = startCli(['--port', '0', '--seed', 'none', '--latency-ms', '1']);
    const output = await waitForOutput(child, /AWS_ENDPOINT_URL_CHIME_SDK_VOICE=(http:\/\/\S+)/);
    const url = /AWS_ENDPOINT_URL_CHIME_SDK_VOICE=(http:\/\/\S+)/.exec(output)?.[1] ?? '';

    // Act
    const health = await fetch(`${url}/_emulator/health`);
    const exit = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exit;

    // Assess
    expect(output).toContain(`Chime SDK Voice emulator listening on ${url} (seed: none, latency 1 ms)`);
    expect(output).toContain(`export AWS_ENDPOINT_URL_CHIME_SDK_VOICE=${url}`);
    expect(health.status).toBe(200);
    expect(code).toBe(0);
  });

  it('refuses an unknown seed with its usage', async () => {
    // Prepare
    const child = startCli(['--seed', 'everything']);
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString('utf8');
    });

    // Act
    const [code] = await once(child, 'exit');

    // Assess
    expect(code).toBe(2);
    expect(errors).toContain('--seed must be default or none, not everything.');
    expect(errors).toContain('Usage: npm run emulator --');
  });

  it('refuses a port above 65535', async () => {
    // Prepare
    const child = startCli(['--port', '70000']);
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString('utf8');
    });

    // Act
    const [code] = await once(child, 'exit');

    // Assess
    expect(code).toBe(2);
    expect(errors).toContain('--port must be a whole number from 0 to 65535.');
  });
});
