import { parseArgs } from 'node:util';
import { startChimeEmulator } from './chime-emulator';

const USAGE = 'Usage: npm run emulator -- [--port 4010] [--host 127.0.0.1] [--seed default|none] [--latency-ms N]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function integerOption(name: string, value: string, min: number, max: number): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max)
    fail(`--${name} must be a whole number from ${min} to ${max}.`);
  return number;
}

async function main(): Promise<void> {
  let values: { port?: string; host?: string; seed?: string; 'latency-ms'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '4010' },
        host: { type: 'string', default: '127.0.0.1' },
        seed: { type: 'string', default: 'default' },
        'latency-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = integerOption('port', values.port ?? '4010', 0, 65535);
  const seed = values.seed ?? 'default';
  if (seed !== 'default' && seed !== 'none') fail(`--seed must be default or none, not ${seed}.`);
  const latencyMs =
    values['latency-ms'] === undefined ? 0 : integerOption('latency-ms', values['latency-ms'], 0, 600_000);

  const emulator = await startChimeEmulator({ port, host: values.host ?? '127.0.0.1', seed });
  if (latencyMs > 0) emulator.setLatency('*', latencyMs);
  process.stdout.write(
    [
      `Chime SDK Voice emulator listening on ${emulator.url} (seed: ${seed}${latencyMs > 0 ? `, latency ${latencyMs} ms` : ''})`,
      'Point the AWS SDK at it with:',
      `  export AWS_ENDPOINT_URL_CHIME_SDK_VOICE=${emulator.url}`,
      'Any access key works; requests must be SigV4-signed for service "chime".',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Received ${signal}, stopping the emulator.\n`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`The emulator could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
