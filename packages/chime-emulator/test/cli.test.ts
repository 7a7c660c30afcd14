import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  GetVoiceConnectorOriginationCommand,
  PutVoiceConnectorOriginationCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import { afterEach, describe, expect, it } from 'vitest';
import { SEED_CONTACT_CENTER_CONNECTOR_ID } from '../src/seed';
import { chimeClientFor } from './chime-test-client';

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

const URL_LINE = /AWS_ENDPOINT_URL_CHIME_SDK_VOICE=(http:\/\/\S+)/;

/** Starts the CLI and waits for its URL. */
async function startListening(
  args: string[],
): Promise<{ child: ChildProcessWithoutNullStreams; output: string; url: string }> {
  const child = startCli(args);
  const output = await waitForOutput(child, URL_LINE);
  return { child, output, url: URL_LINE.exec(output)?.[1] ?? '' };
}

async function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  const exit = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = await exit;
  return code;
}

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

  it('prints the CloudTrail endpoint variable too, and the delivery delay it was given', async () => {
    // Act
    const { child, output, url } = await startListening(['--port', '0', '--cloudtrail-delay-seconds', '300']);
    await stop(child);

    // Assess
    expect(output).toContain(`(seed: default, CloudTrail delivers after 300 s)`);
    expect(output).toContain(`export AWS_ENDPOINT_URL_CLOUDTRAIL=${url}`);
  });

  it('keeps its state in --state-file across a restart', async () => {
    // Prepare
    const directory = mkdtempSync(join(tmpdir(), 'chime-emulator-cli-'));
    const stateFile = join(directory, 'emulator.json');
    const first = await startListening(['--port', '0', '--state-file', stateFile]);
    const writer = chimeClientFor(first);
    await writer.send(
      new PutVoiceConnectorOriginationCommand({
        VoiceConnectorId: SEED_CONTACT_CENTER_CONNECTOR_ID,
        Origination: { Disabled: true },
      }),
    );
    writer.destroy();
    const firstCode = await stop(first.child);

    // Act
    const second = await startListening(['--port', '0', '--state-file', stateFile]);
    const reader = chimeClientFor(second);
    const output = await reader.send(
      new GetVoiceConnectorOriginationCommand({ VoiceConnectorId: SEED_CONTACT_CENTER_CONNECTOR_ID }),
    );
    reader.destroy();
    await stop(second.child);
    rmSync(directory, { recursive: true, force: true });

    // Assess
    expect(firstCode).toBe(0);
    expect(first.output).toContain(`state in ${stateFile}`);
    expect(output.Origination).toEqual({ Disabled: true });
  });

  it.each([
    {
      refuses: 'an unknown seed with its usage',
      args: ['--seed', 'everything'],
      messages: ['--seed must be default or none, not everything.', 'Usage: npm run emulator --'],
    },
    {
      refuses: 'a delivery delay that is not a whole number of seconds',
      args: ['--cloudtrail-delay-seconds', '1.5'],
      messages: ['--cloudtrail-delay-seconds must be a whole number from 0 to 86400.'],
    },
    {
      refuses: 'a port above 65535',
      args: ['--port', '70000'],
      messages: ['--port must be a whole number from 0 to 65535.'],
    },
  ])('refuses $refuses', async ({ args, messages }) => {
    // Prepare
    const child = startCli(args);
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString('utf8');
    });

    // Act
    const [code] = await once(child, 'exit');

    // Assess
    expect(code).toBe(2);
    for (const message of messages) expect(errors).toContain(message);
  });
});
