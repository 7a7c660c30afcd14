import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SEED_CONTACT_CENTER_CONNECTOR_ID, startChimeEmulator } from '@chime-voice-ops/chime-emulator';
import {
  responseUrlAddress,
  SandboxChannelId,
  SandboxUserId,
  slackSignature,
  startEmbeddedDynamoDb,
  startSlackStandIn,
} from '@chime-voice-ops/slack-sandbox';
import { auditSequenceTableDefinition } from '../src/audit/audit-sequence';
import { auditTableDefinition } from '../src/audit/audit-table';
import { DynamoDbAuditLog } from '../src/audit/dynamodb-audit-log';
import { countDynamoDbWrites } from '../src/storage/dynamodb-write-counter';
import { ensureTables } from '../src/storage/ensure-tables';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CREDENTIALS = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' };

/** One scenario of appends: how many write attempts each entry cost, and whether every chain verifies. */
export interface AppendScenario {
  label: string;
  entries: number;
  /** Write attempts per entry, one figure per run. */
  writesPerEntry: number[];
  /** Wall time of the whole burst, one figure per run. */
  elapsedMs: number[];
  /** Runs in which every chain verified intact. */
  intactRuns: number;
  runs: number;
}

/**
 * Write attempts per audit entry (`DynamoDbAuditLog` against dynalite, every PutItem and
 * UpdateItem attempt counted, SDK retries included): a lone append, 200 concurrent appends to one
 * chain, and 200 to 200 chains; each chain is verified afterwards.
 */
export async function measureAppendWrites(options: { runs: number }): Promise<AppendScenario[]> {
  const dynamo = await startEmbeddedDynamoDb();
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: CREDENTIALS });
  const documentClient = DynamoDBDocumentClient.from(client);
  const writes = countDynamoDbWrites(documentClient);
  const scenarios: AppendScenario[] = [
    { label: '1 append (one chain)', entries: 1, writesPerEntry: [], elapsedMs: [], intactRuns: 0, runs: 0 },
    { label: '200 concurrent, one chain', entries: 200, writesPerEntry: [], elapsedMs: [], intactRuns: 0, runs: 0 },
    { label: '200 concurrent, 200 chains', entries: 200, writesPerEntry: [], elapsedMs: [], intactRuns: 0, runs: 0 },
  ];
  try {
    for (let run = 0; run < options.runs; run++) {
      for (const [index, scenario] of scenarios.entries()) {
        const tableName = `bench-audit-${run}-${index}-${randomBytes(3).toString('hex')}`;
        await ensureTables(client, [
          auditTableDefinition(tableName),
          auditSequenceTableDefinition(`${tableName}-sequence`),
        ]);
        const auditLog = new DynamoDbAuditLog({ documentClient, tableName });
        const connectors = Array.from({ length: scenario.entries }, (_, entry) =>
          index === 2 ? `b${String(entry).padStart(21, '0')}` : SEED_CONTACT_CENTER_CONNECTOR_ID,
        );
        writes.reset();
        const started = performance.now();
        await Promise.all(
          connectors.map((voiceConnectorId, entry) =>
            auditLog.append({
              actorUserId: 'U0BENCH',
              actorTeamId: 'T0BENCH',
              action: 'read.termination',
              voiceConnectorId,
              region: 'us-east-1',
              outcome: 'ok',
              details: { request: entry },
            }),
          ),
        );
        scenario.elapsedMs.push(performance.now() - started);
        scenario.writesPerEntry.push(writes.total() / scenario.entries);
        const verdicts = await Promise.all(
          [...new Set(connectors)].map((voiceConnectorId) => auditLog.verifyConnector(voiceConnectorId)),
        );
        const expected = index === 1 ? scenario.entries : 1;
        if (verdicts.every((verdict) => verdict.intact && verdict.entries === expected)) scenario.intactRuns += 1;
        scenario.runs += 1;
      }
    }
  } finally {
    client.destroy();
    await dynamo.stop();
  }
  return scenarios;
}

/** 200 reads of one connector with Chime answering in 2 s, as `npm start` serves them. */
export interface ReadBurst {
  requests: number;
  chimeLatencyMs: number;
  /** Per run: when the last person had their answer, from the first request sent. */
  lastAnswerMs: number[];
  /** Per run: the median person's wait. */
  medianAnswerMs: number[];
  answered: number[];
  /** Per run: the connector's chain verified intact, with every read in it. */
  chainIntact: boolean[];
}

/**
 * The whole bot as `npm start` runs it against a workspace (its own process, jobs in-process),
 * the Chime emulator answering every call after `chimeLatencyMs`: `requests` signed
 * `/chime termination` commands for one connector sent at once, each answer timed when it reaches
 * its response_url; then the connector's audit chain is verified.
 */
export async function measureReadBurst(options: {
  requests: number;
  chimeLatencyMs: number;
  runs: number;
}): Promise<ReadBurst> {
  const signingSecret = randomBytes(16).toString('hex');
  const botToken = `xoxb-bench-${randomBytes(6).toString('hex')}`;
  const chime = await startChimeEmulator({ seed: 'default' });
  const dynamo = await startEmbeddedDynamoDb();
  const slack = await startSlackStandIn({ signingSecret, botToken });
  const auditTable = `bench-reads-${randomBytes(3).toString('hex')}`;
  const result: ReadBurst = {
    requests: options.requests,
    chimeLatencyMs: options.chimeLatencyMs,
    lastAnswerMs: [],
    medianAnswerMs: [],
    answered: [],
    chainIntact: [],
  };
  const bot = await spawnNpmStart({
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_BOT_TOKEN: botToken,
    SLACK_API_URL: slack.apiUrl,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_CHIME_SDK_VOICE: chime.url,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AUDIT_TABLE: auditTable,
    DYNAMODB_CREATE_TABLES: 'true',
    PORT: '0',
    LOG_LEVEL: 'warn',
  });
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: CREDENTIALS });
  try {
    chime.setLatency('*', options.chimeLatencyMs);
    let readsSoFar = 0;
    for (let run = 0; run < options.runs; run++) {
      const ids: string[] = [];
      const sentAt: number[] = [];
      const started = performance.now();
      const acknowledgements = Array.from({ length: options.requests }, async (_, index) => {
        const responseUrlId = slack.workspace.issueResponseUrl({
          userId: SandboxUserId.Requester,
          channelId: SandboxChannelId.Ops,
          origin: 'slash_command',
        }).id;
        ids[index] = responseUrlId;
        const body = new URLSearchParams({
          token: 'bench-verification-token',
          team_id: slack.workspace.team.id,
          team_domain: slack.workspace.team.domain,
          channel_id: SandboxChannelId.Ops,
          channel_name: 'voice-ops',
          user_id: SandboxUserId.Requester,
          user_name: 'alice',
          command: '/chime',
          text: `termination ${SEED_CONTACT_CENTER_CONNECTOR_ID}`,
          api_app_id: slack.workspace.bot.appId,
          is_enterprise_install: 'false',
          response_url: responseUrlAddress(slack.apiUrl, responseUrlId),
          trigger_id: slack.workspace.issueTrigger(SandboxUserId.Requester),
        }).toString();
        const timestamp = Math.floor(Date.now() / 1000);
        sentAt[index] = performance.now();
        const response = await fetch(bot.eventsUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-slack-request-timestamp': String(timestamp),
            'x-slack-signature': slackSignature(signingSecret, timestamp, body),
          },
          body,
        });
        await response.arrayBuffer();
      });
      await Promise.all(acknowledgements);
      // The acknowledgement is the HTTP answer; the card goes to the response_url once the job is done.
      const answeredAt = new Map<string, number>();
      const deadline = performance.now() + 60_000;
      while (answeredAt.size < ids.length && performance.now() < deadline) {
        for (const id of ids) {
          if (!answeredAt.has(id) && (slack.workspace.responseUrl(id)?.uses ?? 0) > 0) {
            answeredAt.set(id, performance.now());
          }
        }
        await new Promise((resolveWait) => setTimeout(resolveWait, 10));
      }
      const waits = ids
        .map((id, index) => (answeredAt.get(id) ?? Number.NaN) - (sentAt[index] ?? started))
        .filter((wait) => Number.isFinite(wait))
        .sort((a, b) => a - b);
      result.answered.push(answeredAt.size);
      result.lastAnswerMs.push(Math.max(...answeredAt.values()) - started);
      result.medianAnswerMs.push(waits[Math.floor(waits.length / 2)] ?? Number.NaN);
      readsSoFar += options.requests;
      // Every reply was sent after its entry was written, so the chain is complete now.
      const auditLog = new DynamoDbAuditLog({
        documentClient: DynamoDBDocumentClient.from(client),
        tableName: auditTable,
      });
      const verdict = await auditLog.verifyConnector(SEED_CONTACT_CENTER_CONNECTOR_ID);
      result.chainIntact.push(verdict.intact && verdict.entries >= readsSoFar);
    }
  } finally {
    client.destroy();
    await bot.stop();
    await Promise.all([slack.close(), chime.close(), dynamo.stop()]);
  }
  return result;
}

interface RunningBot {
  eventsUrl: string;
  stop(): Promise<void>;
}

/** `npm start` (`tsx src/local/start.ts`) as its own `node` process, as `bench/ack-latency.ts` runs it. */
function spawnNpmStart(environment: Record<string, string>): Promise<RunningBot> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/local/start.ts'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? PROJECT_ROOT, ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolveStart, rejectStart) => {
    let output = '';
    const onOutput = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-8_000);
      const listening = /Slack requests at (\S+\/slack\/events)/.exec(output);
      if (listening?.[1] !== undefined) {
        child.stdout?.off('data', onOutput);
        child.stdout?.resume();
        resolveStart({ eventsUrl: listening[1].replace('//localhost:', '//127.0.0.1:'), stop: () => stop(child) });
      }
    };
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-8_000);
    });
    child.once('exit', (code) => rejectStart(new Error(`npm start exited (${code}) before listening:\n${output}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(force);
}

const REQUESTS = 200;
const CHIME_LATENCY_MS = 2_000;

function spread(values: number[], digits = 0): string {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  const format = (value: number) => value.toFixed(digits);
  return `${format(median)} (${format(sorted[0] ?? Number.NaN)}–${format(sorted.at(-1) ?? Number.NaN)})`;
}

/** The audit log's figures for `npm run bench` (BENCHMARKS.md, "Audit log at scale"). */
export async function printAuditScale(print: (line?: string) => void, runs = 5): Promise<void> {
  const scenarios = await measureAppendWrites({ runs });
  print(
    `Audit appends: DynamoDB write attempts per entry (PutItem + UpdateItem, retries included), median (min–max) of ${runs} runs`,
  );
  for (const scenario of scenarios) {
    print(
      `  ${scenario.label.padEnd(28)} writes/entry ${spread(scenario.writesPerEntry, 3).padEnd(24)} ` +
        `time ${spread(scenario.elapsedMs)} ms   chains intact ${scenario.intactRuns}/${scenario.runs}`,
    );
  }
  print();
  const burst = await measureReadBurst({ requests: REQUESTS, chimeLatencyMs: CHIME_LATENCY_MS, runs: 3 });
  print(
    `${REQUESTS} reads of one connector sent at once, Chime answering in ${CHIME_LATENCY_MS} ms, npm start (3 runs, median (min–max))`,
  );
  print(`  everyone answered after   ${spread(burst.lastAnswerMs)} ms   (aim: about 5,000 ms)`);
  print(`  median wait               ${spread(burst.medianAnswerMs)} ms`);
  print(`  answered                  ${burst.answered.join(', ')} of ${REQUESTS}`);
  print(`  chain intact with every read: ${burst.chainIntact.map((intact) => (intact ? 'yes' : 'NO')).join(', ')}`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await printAuditScale((line = '') => process.stdout.write(`${line}\n`));
}
