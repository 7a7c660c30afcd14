import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ChimeEmulator,
  SEED_CONTACT_CENTER_CONNECTOR_ID,
  startChimeEmulator,
} from '@chime-voice-ops/chime-emulator';
import {
  responseUrlAddress,
  SandboxChannelId,
  type SlackStandIn,
  slackSignature,
  startSlackStandIn,
} from '@chime-voice-ops/slack-sandbox';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLambdaBundles, LAMBDA_FUNCTIONS, type LambdaBundles, type LambdaFunctionName } from '../../scripts/build';
import { auditSequenceTableDefinition } from '../../src/audit/audit-sequence';
import { auditTableDefinition } from '../../src/audit/audit-table';
import { changesTableDefinition } from '../../src/changes/dynamodb-change-request-store';
import { driftTableDefinition } from '../../src/drift/dynamodb-drift-store';
import { parseJob } from '../../src/jobs/job-codec';
import { ensureTables } from '../../src/storage/ensure-tables';
import {
  createTestDynamoDbClient,
  type RunningDynamoDb,
  startDynalite,
  TEST_AWS_CREDENTIALS,
  TEST_AWS_REGION,
} from '../support/dynamodb';
import { type AwsJsonStandIn, startAwsJsonStandIn } from './aws-json-stand-in';
import { slackHttpApiEvent } from './slack-http-api-event';

/**
 * The bundles `npm run build` makes, run as Lambda runs them: a fresh `node` process imports one
 * function's module (`slack.mjs`, `worker.mjs`, `sweep.mjs`) and calls its `handler` with an API
 * Gateway (HTTP API, payload 2.0), SQS or schedule event. Everything it reaches is a local server speaking the real protocol, found through the
 * AWS SDK's standard endpoint variables and `SLACK_API_URL`; the Slack secrets come from
 * "Parameter Store" as they do in AWS.
 */

const RESULT_MARKER = '@@lambda-result@@';

/** The child: import one function's module, call its handler with the event on stdin, print its answer. */
const INVOKE_SCRIPT = `
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const [bundle, functionName] = process.argv.slice(2);
const event = JSON.parse(readFileSync(0, 'utf8'));
const { handler } = await import(pathToFileURL(bundle).href);
const result = await handler(event, { awsRequestId: 'local', functionName, getRemainingTimeInMillis: () => 120000 });
process.stdout.write('\\n${RESULT_MARKER}' + JSON.stringify(result) + '\\n');
// Keep-alive sockets would hold the process open; Lambda freezes it instead.
process.exit(0);
`;

const USER_ID = 'U0REQUESTER';
/** Non-ASCII on purpose: API Gateway base64-encodes the body, and it must come back as UTF-8. */
const USER_NAME = 'renée';

interface Invocation<T> {
  result: T;
  /** Everything the function wrote to stdout and stderr (its CloudWatch logs). */
  logs: string;
}

interface ApiGatewayResponse {
  statusCode: number;
  body?: string;
  headers?: Record<string, unknown>;
}

/**
 * What only the worker and the sweep run, by project-relative path, in one place. The Slack
 * function parses, acknowledges and queues: none of this may reach its bundle. Patterns rather
 * than file names, so that modules can move inside `src/handlers`: a job handler is any module
 * there in a `jobs/` folder or named `*-job.ts` / `*-jobs.ts`. Every rule must also match
 * something in the worker's bundle, so that a renamed module cannot make the check vacuous.
 */
const WORKER_ONLY: { what: string; pattern: RegExp }[] = [
  { what: 'the change engine', pattern: /^src\/changes\/change-engine\.ts$/ },
  { what: 'the change store', pattern: /^src\/changes\/[^/]*change-request-store\.ts$/ },
  { what: 'the audit chain', pattern: /^src\/audit\/audit-chain\.ts$/ },
  { what: 'the DynamoDB audit log', pattern: /^src\/audit\/dynamodb-audit-log\.ts$/ },
  { what: 'the audited connector reads', pattern: /^src\/reads\/connector-reads\.ts$/ },
  { what: 'a job handler', pattern: /^src\/(?:handlers|operations)\/(?:.+\/)?(?:jobs\/.+|[^/]+-jobs?\.ts)$/ },
  { what: 'a DynamoDB client', pattern: /^node_modules\/@aws-sdk\/(?:client|lib|util)-dynamodb\// },
];

function workerOnly(module: string): string | undefined {
  return WORKER_ONLY.find(({ pattern }) => pattern.test(module))?.what;
}

/** The import chain from the function's entry to `module`, for a failure message that says why it is there. */
function importChain(metafile: Metafile, entry: string, module: string): string[] {
  const cameFrom = new Map<string, string | undefined>([[entry, undefined]]);
  const pending = [entry];
  for (let path = pending.shift(); path !== undefined; path = pending.shift()) {
    for (const imported of metafile.inputs[path]?.imports ?? []) {
      if (imported.external || cameFrom.has(imported.path)) continue;
      cameFrom.set(imported.path, path);
      pending.push(imported.path);
    }
  }
  const chain: string[] = [];
  for (let path: string | undefined = module; path !== undefined; path = cameFrom.get(path)) chain.unshift(path);
  return chain;
}

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

let workDir: string;
let bundles: LambdaBundles;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'chime-voice-ops-bundle-'));
  bundles = await buildLambdaBundles({ outDir: join(workDir, 'dist') });
});

afterAll(async () => {
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

describe("the Slack function's bundle", () => {
  it('holds neither the change engine, the change store, the audit log nor any job handler', () => {
    // Prepare
    const { slack, worker } = bundles.functions;

    // Act
    const found = new Map<string, { module: string; what: string }>();
    for (const module of slack.modulesReachable) {
      const what = workerOnly(module);
      // One line per source module, or per npm package.
      const key = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(module)?.[1] ?? module;
      if (what !== undefined && !found.has(key)) found.set(key, { module, what });
    }
    const unmatched = WORKER_ONLY.filter(
      ({ pattern }) => !worker.modulesReachable.some((module) => pattern.test(module)),
    );

    // Assess
    const explained = [...found.values()].map(
      ({ module, what }) =>
        `${what}: ${importChain(slack.metafile, 'src/lambda/slack-handler.ts', module).join(' → ')}`,
    );
    expect(explained).toEqual([]);
    expect(unmatched.map(({ what }) => what)).toEqual([]);
  });

  it('leaves out the parts of zod the bot never calls (z.compile, z.fromJSONSchema, locales but English)', () => {
    // Act
    const zodModules = bundles.functions.slack.modulesReachable.filter((module) =>
      module.startsWith('node_modules/zod/'),
    );

    // Assess
    expect(zodModules).toContain('node_modules/zod/v4/classic/schemas.js');
    expect(zodModules.filter((module) => /\/compile\.js$|from-json-schema|\/locales\/(?!en\.js)/.test(module))).toEqual(
      [],
    );
  });

  it('loads the YAML parser and the approval policy schemas only when a policy is named', () => {
    // Act
    const { slack } = bundles.functions;
    const policyModules = (modules: string[]) =>
      modules.filter((module) => module === 'src/policy/approval-policy.ts' || module.startsWith('node_modules/yaml/'));

    // Assess
    expect(policyModules(slack.modulesReachable)).toContain('src/policy/approval-policy.ts');
    expect(policyModules(slack.modulesLoadedAtImport)).toEqual([]);
  });

  it('loads the KMS client only when a credential is sealed', () => {
    // Act
    const { slack } = bundles.functions;

    // Assess
    expect(slack.modulesReachable.some((module) => module.includes('@aws-sdk/client-kms/'))).toBe(true);
    expect(slack.modulesLoadedAtImport.filter((module) => module.includes('@aws-sdk/client-kms/'))).toEqual([]);
  });
});

describe("the Lambda bundles' first-use chunks", () => {
  it.each(Object.keys(LAMBDA_FUNCTIONS) as LambdaFunctionName[])(
    'the %s function loads the SSM client only when a parameter is read (the secrets, on the first invocation)',
    (name) => {
      // Act
      const bundle = bundles.functions[name];
      const ssmModules = (modules: string[]) => modules.filter((module) => module.includes('@aws-sdk/client-ssm/'));

      // Assess
      expect(ssmModules(bundle.modulesReachable)).not.toEqual([]);
      expect(ssmModules(bundle.modulesLoadedAtImport)).toEqual([]);
    },
  );
});

describe("the Lambda bundles' model layer", () => {
  it.each(Object.keys(LAMBDA_FUNCTIONS) as LambdaFunctionName[])(
    'the %s function builds only the model schemas its code uses',
    async (name) => {
      // Prepare
      const bundle = bundles.functions[name];
      const files = Object.keys(bundle.metafile.outputs).filter((path) => path.endsWith('.mjs'));

      // Act
      const text = (await Promise.all(files.map((path) => readFile(resolve(PROJECT_ROOT, path), 'utf8')))).join('\n');

      // Assess
      // Used by every function (connector IDs are validated everywhere)…
      expect(text).toContain('[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}');
      // …but no operation of the bot touches Alexa skills or phone number orders.
      expect(text).not.toContain('amzn1\\\\.application-oa2-client');
      expect(text).not.toContain('PendingDocuments');
    },
  );
});

describe('the Lambda bundles', () => {
  let chime: ChimeEmulator;
  let dynamo: RunningDynamoDb;
  let slack: SlackStandIn;
  let aws: AwsJsonStandIn;
  let signingSecret: string;
  let botToken: string;
  let environment: Record<string, string>;

  beforeAll(async () => {
    await writeFile(join(workDir, 'invoke.mjs'), INVOKE_SCRIPT);

    signingSecret = randomBytes(16).toString('hex');
    botToken = `xoxb-bundle-${randomBytes(6).toString('hex')}`;
    chime = await startChimeEmulator({ seed: 'default' });
    dynamo = await startDynalite();
    slack = await startSlackStandIn({ signingSecret, botToken });
    const signingSecretParameter = '/chime-voice-ops/test/slack-signing-secret';
    const botTokenParameter = '/chime-voice-ops/test/slack-bot-token';
    aws = await startAwsJsonStandIn({
      parameters: { [signingSecretParameter]: signingSecret, [botTokenParameter]: botToken },
    });

    // In AWS the tables come from serverless.yml; here, the same definitions.
    const auditTable = `audit-${randomBytes(4).toString('hex')}`;
    const changesTable = `changes-${randomBytes(4).toString('hex')}`;
    const driftTable = `drift-${randomBytes(4).toString('hex')}`;
    const client = createTestDynamoDbClient(dynamo.endpoint);
    await ensureTables(client, [
      auditTableDefinition(auditTable),
      // The audit chains' counters, as serverless.yml creates them (AUDIT_SEQUENCE_TABLE's default name).
      auditSequenceTableDefinition(`${auditTable}-sequence`),
      changesTableDefinition(changesTable),
      driftTableDefinition(driftTable),
    ]);
    client.destroy();

    environment = {
      PATH: process.env.PATH ?? '',
      HOME: workDir,
      AWS_REGION: TEST_AWS_REGION,
      AWS_ACCESS_KEY_ID: TEST_AWS_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_AWS_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_CHIME_SDK_VOICE: chime.url,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SQS: aws.url,
      AWS_ENDPOINT_URL_SSM: aws.url,
      JOB_QUEUE_URL: aws.queueUrl,
      SLACK_SIGNING_SECRET_PARAMETER: signingSecretParameter,
      SLACK_BOT_TOKEN_PARAMETER: botTokenParameter,
      SLACK_API_URL: slack.apiUrl,
      AUDIT_TABLE: auditTable,
      CHANGES_TABLE: changesTable,
      DRIFT_TABLE: driftTable,
      AWS_ENDPOINT_URL_CLOUDTRAIL: chime.url,
      DRIFT_IGNORE_ROLE_ARNS: 'arn:aws:iam::123456789012:role/chime-voice-ops-worker',
      // The most talkative level: even here no secret may reach the logs.
      LOG_LEVEL: 'trace',
    };
  });

  afterAll(async () => {
    await aws?.close();
    await slack?.close();
    await chime?.close();
    await dynamo?.stop();
  });

  function invoke<T>(functionName: LambdaFunctionName, event: unknown): Promise<Invocation<T>> {
    return new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [join(workDir, 'invoke.mjs'), bundles.functions[functionName].file, functionName],
        {
          cwd: workDir,
          env: environment,
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
      });
      child.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
      });
      child.on('error', reject);
      child.on('close', (code) => {
        const markerAt = output.lastIndexOf(RESULT_MARKER);
        if (code !== 0 || markerAt < 0) {
          reject(new Error(`the ${functionName} handler failed (exit ${code}):\n${output}`));
          return;
        }
        const resultLine = output.slice(markerAt + RESULT_MARKER.length).split('\n')[0] ?? '';
        resolve({ result: JSON.parse(resultLine) as T, logs: output.slice(0, markerAt) });
      });
      child.stdin.end(JSON.stringify(event));
    });
  }

  /** A slash command as Slack sends it, wrapped as API Gateway's HTTP API hands it to Lambda. */
  function slashCommandEvent(text: string, options: { signWith?: string } = {}) {
    const { workspace } = slack;
    const responseUrl = responseUrlAddress(
      slack.apiUrl,
      workspace.issueResponseUrl({ userId: USER_ID, channelId: SandboxChannelId.Ops, origin: 'slash_command' }).id,
    );
    const body = new URLSearchParams({
      token: 'verification-token',
      team_id: workspace.team.id,
      team_domain: workspace.team.domain,
      channel_id: SandboxChannelId.Ops,
      channel_name: 'voice-ops',
      user_id: USER_ID,
      user_name: USER_NAME,
      command: '/chime',
      text,
      api_app_id: workspace.bot.appId,
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: workspace.issueTrigger(USER_ID),
    }).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    return slackHttpApiEvent({
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'content-length': String(Buffer.byteLength(body)),
        host: 'abc123.execute-api.us-east-1.amazonaws.com',
        'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': slackSignature(options.signWith ?? signingSecret, timestamp, body),
      },
      requestContext: {
        apiId: 'abc123',
        domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
        http: {
          method: 'POST',
          path: '/slack/events',
          protocol: 'HTTP/1.1',
          sourceIp: '192.0.2.1',
          userAgent: 'Slackbot',
        },
        requestId: randomBytes(8).toString('hex'),
        routeKey: 'POST /slack/events',
        stage: '$default',
        time: new Date().toUTCString(),
        timeEpoch: Date.now(),
      },
      body: Buffer.from(body, 'utf8').toString('base64'),
      isBase64Encoded: true,
    });
  }

  function sqsEvent(messageId: string, body: string): SQSEvent {
    return {
      Records: [
        {
          messageId,
          receiptHandle: randomBytes(16).toString('base64'),
          body,
          attributes: {
            ApproximateReceiveCount: '1',
            SentTimestamp: String(Date.now()),
            SenderId: 'AROAEXAMPLE:chime-voice-ops-test-slack',
            ApproximateFirstReceiveTimestamp: String(Date.now()),
          },
          messageAttributes: {},
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:chime-voice-ops-test-jobs',
          awsRegion: 'us-east-1',
        },
      ],
    };
  }

  it('acknowledges a signed slash command at once and queues a job that carries no secret', async () => {
    // Prepare
    const event = slashCommandEvent(`termination ${SEED_CONTACT_CENTER_CONNECTOR_ID}`);
    const queuedBefore = aws.sentMessages.length;

    // Act
    const { result, logs } = await invoke<ApiGatewayResponse>('slack', event);

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain(`Looking up the termination of \`${SEED_CONTACT_CENTER_CONNECTOR_ID}\``);
    const queued = aws.sentMessages.slice(queuedBefore);
    expect(queued).toHaveLength(1);
    const job = parseJob(JSON.parse(queued[0]?.body ?? ''));
    expect(job).toMatchObject({
      kind: 'termination',
      ref: { voiceConnectorId: SEED_CONTACT_CENTER_CONNECTOR_ID, region: 'us-east-1' },
      actor: { userId: USER_ID, userName: USER_NAME },
    });
    for (const secret of [signingSecret, botToken, 'xoxb-']) {
      expect(queued[0]?.body).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    expect(aws.calls.map((call) => call.target)).toContain('AmazonSSM.GetParameters');
    expect(chime.requests).toHaveLength(0);
  });

  it('answers 401 to a request signed with another secret and queues nothing', async () => {
    // Prepare
    const event = slashCommandEvent(`termination ${SEED_CONTACT_CENTER_CONNECTOR_ID}`, {
      signWith: randomBytes(16).toString('hex'),
    });
    const queuedBefore = aws.sentMessages.length;

    // Act
    const { result } = await invoke<ApiGatewayResponse>('slack', event);

    // Assess
    expect(result.statusCode).toBe(401);
    expect(aws.sentMessages.length).toBe(queuedBefore);
  });

  it('runs the queued job in the worker and replies with the values the Chime server returned', async () => {
    // Prepare
    const queuedBefore = aws.sentMessages.length;
    await invoke<ApiGatewayResponse>('slack', slashCommandEvent(`termination ${SEED_CONTACT_CENTER_CONNECTOR_ID}`));
    const message = aws.sentMessages[queuedBefore];
    if (message === undefined) throw new Error('the slack handler queued no job');
    const termination = chime.getTermination(SEED_CONTACT_CENTER_CONNECTOR_ID);
    const repliesBefore = slack.workspace.ephemeralsFor(USER_ID).length;

    // Act
    const { result, logs } = await invoke<SQSBatchResponse>('worker', sqsEvent(message.messageId, message.body));

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    const replies = slack.workspace.ephemeralsFor(USER_ID).slice(repliesBefore);
    expect(replies).toHaveLength(1);
    const card = `${replies[0]?.text}\n${JSON.stringify(replies[0]?.blocks)}`;
    expect(card).toContain(SEED_CONTACT_CENTER_CONNECTOR_ID);
    expect(card).toContain(String(termination?.CpsLimit));
    for (const cidr of termination?.CidrAllowedList ?? []) expect(card).toContain(cidr);
    expect(chime.requestsFor('GetVoiceConnectorTermination').at(-1)?.path).toBe(
      `/voice-connectors/${SEED_CONTACT_CENTER_CONNECTOR_ID}/termination`,
    );
    expect(logs).not.toContain(botToken);
  });

  it('runs the drift check on its schedule, and for one connector on a CloudTrail event, ignoring the bot’s own roles', async () => {
    // Act
    const scheduled = await invoke<{ passCompleted: boolean; outcomes: Record<string, number> }>('drift', {
      version: '0',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      time: new Date().toISOString(),
      detail: {},
    });
    const apiCall = (issuer: string) => ({
      version: '0',
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.chime',
      detail: {
        eventSource: 'chime.amazonaws.com',
        eventName: 'PutVoiceConnectorTermination',
        awsRegion: 'us-east-1',
        userIdentity: { type: 'AssumedRole', sessionContext: { sessionIssuer: { arn: issuer } } },
        requestParameters: { voiceConnectorId: SEED_CONTACT_CENTER_CONNECTOR_ID },
      },
    });
    const outside = await invoke<{ connector: string }>('drift', apiCall('arn:aws:iam::123456789012:role/Admin'));
    const own = await invoke<{ connector: string }>(
      'drift',
      apiCall('arn:aws:iam::123456789012:role/chime-voice-ops-worker'),
    );

    // Assess
    expect(scheduled.result.passCompleted).toBe(true);
    expect(scheduled.result.outcomes['baseline-recorded']).toBeGreaterThan(0);
    expect(scheduled.logs).not.toContain(botToken);
    expect(outside.result).toEqual({ connector: 'in-sync' });
    expect(own.result).toEqual({ connector: 'ignored' });
  });

  it('runs the scheduled sweep, which finds no change request due', async () => {
    // Act
    const { result } = await invoke<{ ended: number }>('sweep', {
      version: '0',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      time: new Date().toISOString(),
      detail: {},
    });

    // Assess
    expect(result).toEqual({ ended: 0 });
  });
});
