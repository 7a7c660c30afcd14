import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import {
  buildLambdaBundles,
  buildReferenceBundle,
  LAMBDA_FUNCTIONS,
  type LambdaBundles,
  type LambdaFunctionName,
} from '../scripts/build';
import { startAwsJsonStandIn } from '../test/lambda/aws-json-stand-in';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Cold starts of the Lambda functions, as whole fresh `node` processes (Node's own start
 * included), each one paired with a `node -e 0` run just before it (the floor):
 *
 * - each function's module (`slack.mjs`, `worker.mjs`, `sweep.mjs`) imported, then exit;
 * - a cold Slack invocation: import `slack.mjs`, then the first slash command
 *   (`/chime termination <id>`, an API Gateway HTTP API v2 event signed with the signing
 *   secret) acknowledged through its handler, the job sent to SQS (a local stand-in,
 *   `test/lambda/aws-json-stand-in.ts`, reached through `AWS_ENDPOINT_URL_SQS`). Twice: with the
 *   Slack secrets at hand (`SLACK_SIGNING_SECRET`, `SLACK_BOT_TOKEN`), the measure the aim is held
 *   to; and with the secrets read from SSM Parameter Store as `serverless.yml` deploys it (the same
 *   stand-in, `AWS_ENDPOINT_URL_SSM`), which adds loading the SSM client and its first call;
 * - two reference bundles with none of our code, built as the functions are
 *   (`bench/bundles/`): the libraries the Slack function imports, and the packages the project
 *   requires alone (Bolt, the Chime client, zod). What the Slack function takes above them is what
 *   the bot's own code costs;
 * - the Slack function unbundled: our TypeScript compiled into one module (Node cannot load
 *   `.ts`), every npm package loaded by Node from `node_modules`, as a deployment that zips
 *   `node_modules` would.
 *
 * The variants take turns, in an order that rotates every round, so that no variant always
 * follows another and the machine's load drifts over all of them alike. Next to wall-clock time,
 * each process's CPU time (user and system, all threads) is read when it exits, by a one-line hook
 * preloaded into every process, the floor's too: other work on a shared machine stretches wall
 * time far more than CPU time.
 *
 * @example
 * const coldStarts = await measureColdStarts({ pairs: 11 });
 * console.log(coldStarts.variants.slack.aboveFloor.median);
 */
export interface ColdStarts {
  bundles: LambdaBundles;
  /** Pairs (floor, variant) per variant. */
  pairs: number;
  /** Every `node -e 0` run, wall clock. */
  floor: Timing;
  /** CPU time of every `node -e 0` run. */
  floorCpu: Timing;
  variants: Record<ColdStartVariant, VariantTiming>;
}

export type ColdStartVariant =
  | LambdaFunctionName
  | 'slackInvocation'
  | 'slackInvocationSsm'
  | 'slackLibraries'
  | 'requiredPackages'
  | 'slackUnbundled';

export interface VariantTiming {
  /** The whole process, wall clock. */
  process: Timing;
  /** The process minus the floor run paired with it, wall clock. */
  aboveFloor: Timing;
  /** CPU time (user and system, every thread) of the process minus that of its floor run. */
  cpuAboveFloor: Timing;
}

export interface Timing {
  median: number;
  /** First and third quartiles. */
  q1: number;
  q3: number;
  min: number;
  max: number;
}

const VARIANTS: ColdStartVariant[] = [
  'slack',
  'worker',
  'sweep',
  'drift',
  'slackInvocation',
  'slackInvocationSsm',
  'slackLibraries',
  'requiredPackages',
  'slackUnbundled',
];

const STATUS_MARKER = '@@status ';

/** The child of a cold Slack invocation: import the function's module, hand it the event, print the status. */
const INVOKE_SCRIPT = `const STATUS_MARKER = ${JSON.stringify(STATUS_MARKER)};
import { pathToFileURL } from 'node:url';
const { handler } = await import(pathToFileURL(process.argv[2]).href);
const result = await handler(JSON.parse(process.env.BENCH_EVENT), { awsRequestId: 'bench', functionName: 'slack' });
process.stdout.write('\\n' + STATUS_MARKER + result.statusCode + '\\n');
// Keep-alive sockets would hold the process open; Lambda freezes it instead.
process.exit(0);
`;

export async function measureColdStarts(options: { pairs: number }): Promise<ColdStarts> {
  const workDir = await mkdtemp(join(tmpdir(), 'chime-voice-ops-bench-'));
  const signingSecret = randomBytes(16).toString('hex');
  const parameters = { signingSecret: '/bench/slack-signing-secret', botToken: '/bench/slack-bot-token' };
  const aws = await startAwsJsonStandIn({
    parameters: { [parameters.signingSecret]: signingSecret, [parameters.botToken]: 'xoxb-bench-token' },
  });
  try {
    const bundles = await buildLambdaBundles({ outDir: join(workDir, 'dist') });
    const unbundled = await buildUnbundledEntry(LAMBDA_FUNCTIONS.slack, join(workDir, 'unbundled', 'slack.mjs'));
    const references = join(workDir, 'references');
    const slackLibraries = await buildReferenceBundle(
      'slack-libraries',
      'bench/bundles/slack-libraries.ts',
      references,
    );
    const requiredPackages = await buildReferenceBundle(
      'required-packages',
      'bench/bundles/required-packages.ts',
      references,
    );
    const invokeScript = join(workDir, 'invoke.mjs');
    await writeFile(invokeScript, INVOKE_SCRIPT);
    const invocationEnvironment = {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDBENCH',
      AWS_SECRET_ACCESS_KEY: 'bench-secret',
      AWS_ENDPOINT_URL_SQS: aws.url,
      JOB_QUEUE_URL: aws.queueUrl,
      // What a deployment runs with.
      LOG_LEVEL: 'info',
    };
    const secretsAtHand = { SLACK_SIGNING_SECRET: signingSecret, SLACK_BOT_TOKEN: 'xoxb-bench-token' };
    const secretsInSsm = {
      AWS_ENDPOINT_URL_SSM: aws.url,
      SLACK_SIGNING_SECRET_PARAMETER: parameters.signingSecret,
      SLACK_BOT_TOKEN_PARAMETER: parameters.botToken,
    };
    const invokeSlack = async (secrets: Record<string, string>) => {
      const sentBefore = aws.sentMessages.length;
      const parametersReadBefore = aws.calls.length;
      const environment = {
        ...invocationEnvironment,
        ...secrets,
        BENCH_EVENT: JSON.stringify(slashCommandEvent(signingSecret)),
      };
      const time = await timeNodeProcess(
        [invokeScript, bundles.functions.slack.file],
        environment,
        `${STATUS_MARKER}200`,
      );
      if (aws.sentMessages.length !== sentBefore + 1) throw new Error('the cold Slack invocation queued no job');
      const ssmCalls = aws.calls
        .slice(parametersReadBefore)
        .filter((call) => call.target.startsWith('AmazonSSM.'))
        .map((call) => call.target);
      const expected = secrets === secretsInSsm ? ['AmazonSSM.GetParameters'] : [];
      if (JSON.stringify(ssmCalls) !== JSON.stringify(expected)) {
        throw new Error(`the cold Slack invocation made these SSM calls: ${ssmCalls.join(', ') || 'none'}`);
      }
      return time;
    };

    const run: Record<ColdStartVariant, () => Promise<ProcessTime>> = {
      slack: () => timeNodeProcess([bundles.functions.slack.file]),
      worker: () => timeNodeProcess([bundles.functions.worker.file]),
      sweep: () => timeNodeProcess([bundles.functions.sweep.file]),
      drift: () => timeNodeProcess([bundles.functions.drift.file]),
      slackUnbundled: () => timeNodeProcess([unbundled]),
      slackLibraries: () => timeNodeProcess([slackLibraries.file]),
      requiredPackages: () => timeNodeProcess([requiredPackages.file]),
      slackInvocation: () => invokeSlack(secretsAtHand),
      slackInvocationSsm: () => invokeSlack(secretsInSsm),
    };
    // A module that fails to load exits fast: make sure each really exports a handler.
    const files = [
      ...Object.values(bundles.functions).map((bundle) => bundle.file),
      unbundled,
      slackLibraries.file,
      requiredPackages.file,
    ];
    for (const file of files) {
      await assertExportsHandler(file);
    }

    const floor: ProcessTime[] = [];
    const samples = new Map<ColdStartVariant, { process: number[]; aboveFloor: number[]; cpuAboveFloor: number[] }>(
      VARIANTS.map((variant) => [variant, { process: [], aboveFloor: [], cpuAboveFloor: [] }]),
    );
    for (let round = 0; round < options.pairs; round++) {
      const shift = round % VARIANTS.length;
      for (const variant of [...VARIANTS.slice(shift), ...VARIANTS.slice(0, shift)]) {
        const floorTime = await timeNodeProcess(['-e', '0']);
        const variantTime = await run[variant]();
        floor.push(floorTime);
        const sample = samples.get(variant);
        sample?.process.push(variantTime.wallMs);
        sample?.aboveFloor.push(variantTime.wallMs - floorTime.wallMs);
        sample?.cpuAboveFloor.push(variantTime.cpuMs - floorTime.cpuMs);
      }
    }
    const variants = Object.fromEntries(
      VARIANTS.map((variant) => {
        const sample = samples.get(variant);
        return [
          variant,
          {
            process: summarise(sample?.process ?? []),
            aboveFloor: summarise(sample?.aboveFloor ?? []),
            cpuAboveFloor: summarise(sample?.cpuAboveFloor ?? []),
          },
        ];
      }),
    ) as Record<ColdStartVariant, VariantTiming>;
    return {
      bundles,
      pairs: options.pairs,
      floor: summarise(floor.map((time) => time.wallMs)),
      floorCpu: summarise(floor.map((time) => time.cpuMs)),
      variants,
    };
  } finally {
    await aws.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

/** `/chime termination <id>` as Slack sends it, wrapped as API Gateway's HTTP API (payload 2.0) hands it to Lambda. */
function slashCommandEvent(signingSecret: string) {
  const body = new URLSearchParams({
    token: 'bench-verification-token',
    team_id: 'T0BENCH',
    team_domain: 'bench',
    channel_id: 'C0OPS',
    channel_name: 'voice-ops',
    user_id: 'U0REQUESTER',
    user_name: 'alice',
    command: '/chime',
    text: 'termination abcdef1234567890abcdef',
    api_app_id: 'A0BENCH',
    is_enterprise_install: 'false',
    response_url: 'https://hooks.slack.com/commands/T0BENCH/1/bench',
    trigger_id: '1.1.bench',
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    version: '2.0',
    routeKey: 'POST /slack/events',
    rawPath: '/slack/events',
    rawQueryString: '',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(body)),
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
    requestContext: {
      http: {
        method: 'POST',
        path: '/slack/events',
        protocol: 'HTTP/1.1',
        sourceIp: '192.0.2.1',
        userAgent: 'Slackbot',
      },
      routeKey: 'POST /slack/events',
      stage: '$default',
      timeEpoch: Date.now(),
    },
    body: Buffer.from(body, 'utf8').toString('base64'),
    isBase64Encoded: true,
  };
}

/** Our code in one ES module; every bare import stays an import of the file Node would resolve in node_modules. */
async function buildUnbundledEntry(entry: string, outfile: string): Promise<string> {
  const packagesFromNodeModules: Plugin = {
    name: 'packages-from-node-modules',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.path.startsWith('node:') || args.pluginData === 'resolving') return undefined;
        const resolved = await pluginBuild.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: 'resolving',
        });
        if (resolved.errors.length > 0 || !resolved.path.includes(`${join('node_modules', '')}`)) return undefined;
        // An absolute path: `validator/lib/isFQDN` has no extension, which Node's ESM loader refuses.
        return { path: resolved.path, external: true };
      });
    },
  };
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    plugins: [packagesFromNodeModules],
    logLevel: 'warning',
    absWorkingDir: PROJECT_ROOT,
  });
  return outfile;
}

async function assertExportsHandler(file: string): Promise<void> {
  const script = `import(${JSON.stringify(file)}).then((m) => process.stdout.write(typeof m.handler))`;
  const { code, output } = await runNode(['-e', script]);
  if (code !== 0 || !output.split('\n').includes('function')) {
    throw new Error(`${file} does not load as a Lambda handler module (exit ${code}):\n${output}`);
  }
}

interface ProcessTime {
  wallMs: number;
  cpuMs: number;
}

const CPU_MARKER = '@@cpu ';
/** Preloaded into every measured process: its CPU time, written to stderr as it exits. */
const CPU_TIME_HOOK = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\n${CPU_MARKER}'+(u.user+u.system)/1000+'\\n')})`;

async function timeNodeProcess(
  args: readonly string[],
  environment: Record<string, string> = {},
  expectedOutput?: string,
): Promise<ProcessTime> {
  const started = performance.now();
  const { code, output } = await runNode(['--import', CPU_TIME_HOOK, ...args], environment);
  const wallMs = performance.now() - started;
  const lines = output.split('\n');
  const cpuMs = Number(lines.findLast((line) => line.startsWith(CPU_MARKER))?.slice(CPU_MARKER.length));
  if (code !== 0 || Number.isNaN(cpuMs) || (expectedOutput !== undefined && !lines.includes(expectedOutput))) {
    throw new Error(`node ${args.join(' ')} failed (exit ${code}):\n${output}`);
  }
  return { wallMs, cpuMs };
}

function runNode(
  args: readonly string[],
  environment: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolveRun, rejectRun) => {
    const child = spawn(process.execPath, args, {
      cwd: tmpdir(),
      env: { PATH: process.env.PATH ?? '', ...environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('error', rejectRun);
    child.once('close', (code) => resolveRun({ code, output }));
  });
}

/** Quartiles by linear interpolation between the closest ranks. */
export function summarise(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const quantile = (fraction: number) => {
    const position = (sorted.length - 1) * fraction;
    const below = Math.floor(position);
    const above = Math.min(below + 1, sorted.length - 1);
    return (sorted[below] ?? 0) + ((sorted[above] ?? 0) - (sorted[below] ?? 0)) * (position - below);
  };
  return {
    median: quantile(0.5),
    q1: quantile(0.25),
    q3: quantile(0.75),
    min: sorted[0] ?? 0,
    max: sorted.at(-1) ?? 0,
  };
}
