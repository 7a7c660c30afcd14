import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KMSClient } from '@aws-sdk/client-kms';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SSMClient, SSMClientConfig } from '@aws-sdk/client-ssm';
import { type DynamoDBDocumentClient as DocumentClient, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { App, AwsLambdaReceiver, HTTPReceiver, type Receiver, SocketModeReceiver } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { AccessPolicy } from './access/access-policy';
import { WebApiSlackDirectory } from './access/slack-directory';
import { AuditCheckpoints } from './audit/audit-checkpoints';
import type { AuditLog } from './audit/audit-log';
import { AuditSequence, auditSequenceTableDefinition } from './audit/audit-sequence';
import { SqsAuditStream } from './audit/audit-stream';
import { auditTableDefinition } from './audit/audit-table';
import { type CheckpointSigner, FileCheckpointSigner, KmsCheckpointSigner } from './audit/checkpoint-signer';
import { type CheckpointStore, DirectoryCheckpointStore, S3CheckpointStore } from './audit/checkpoint-store';
import { DynamoDbAuditLog } from './audit/dynamodb-audit-log';
import { resultModal } from './blocks/result-modal';
import { ChangeEngine } from './changes/change-engine';
import { changesTableDefinition, DynamoDbChangeRequestStore } from './changes/dynamodb-change-request-store';
import { KeySealer, KmsSealer, type SecretSealer } from './changes/secret-sealer';
import { ChimeClients } from './chime/chime-clients';
import { ChimeVoiceConnectors } from './chime/chime-voice-connectors';
import type { VoiceConnectors } from './chime/voice-connectors';
import { type Clock, systemClock } from './clock';
import { withApprovalPolicy } from './config/approval-policy-loader';
import type { Config } from './config/config';
import { readSlackSecrets, type SlackSecrets } from './config/slack-secrets';
import { type ChangeAttributions, CloudTrailChangeAttributions } from './drift/change-attribution';
import { DriftBaselines } from './drift/drift-baselines';
import { DriftMonitor } from './drift/drift-monitor';
import { DynamoDbDriftStore, driftTableDefinition } from './drift/dynamodb-drift-store';
import { JobRunner } from './handlers/jobs/job-runner';
import type { WorkerDependencies } from './handlers/jobs/worker-dependencies';
import { registerListeners } from './handlers/register-listeners';
import { InProcessJobQueue } from './jobs/in-process-job-queue';
import type { JobQueue } from './jobs/job';
import { SqsJobQueue } from './jobs/sqs-job-queue';
import { boltLogger, type Logger } from './logging/logger';
import { SlackDriftAlerts } from './operations/drift/slack-drift-alerts';
import { REGISTRY } from './operations/registry';
import { ChangeFreezes } from './policy/change-freeze';
import { SsmChangeCalendar } from './policy/ssm-change-calendar';
import { ConnectorCatalog } from './reads/connector-catalog';
import { ConnectorReads } from './reads/connector-reads';
import { ChangeSweeper } from './server/change-sweeper';
import { InFlightWork } from './server/in-flight';
import { type SlackRequestGuard, slackRequestGuard } from './slack/slack-envelope';
import { SlackReplies } from './slack/slack-replies';
import { ensureTables } from './storage/ensure-tables';

/**
 * The one place that builds the AWS and Slack clients, the adapters and the services, and hands
 * them to the handlers. Every runtime gets what it runs from here:
 *
 * - `npm start` over HTTP: {@link createHttpBot}; with Socket Mode: {@link createSocketModeBot};
 * - the Lambda functions: {@link createSlackFunction} (slack), {@link createWorkerFunction}
 *   (worker and sweep).
 *
 * Nothing else constructs a client, and nothing here does I/O until asked, so importing this
 * module costs only module loading. Each runtime's function reaches only what that runtime runs:
 * the Lambda bundles (scripts/build.ts) rely on it, since esbuild keeps only the modules the
 * entry's functions reach (`"sideEffects": false` in package.json), and the Slack function's
 * bundle is checked to hold no change engine, change store or audit log (test/lambda).
 */
export type { SlackSecrets };

/**
 * What both sides of the bot use, built from the configuration alone: the Slack listeners (the
 * typeahead's connector catalog, the sealing of typed passwords) and the worker.
 */
export interface SharedServices {
  config: Config;
  logger: Logger;
  clock: Clock;
  voiceConnectors: VoiceConnectors;
  catalog: ConnectorCatalog;
  sealer?: SecretSealer;
  close(): void;
}

/** Everything the worker uses besides Slack: the shared services, the audit log and the change engine. */
export interface Core extends SharedServices {
  dynamoDb: DynamoDBClient;
  auditLog: AuditLog;
  /** Signed checkpoints of the audit log, when AUDIT_CHECKPOINT_BUCKET or AUDIT_CHECKPOINT_DIR is set. */
  checkpoints?: AuditCheckpoints;
  reads: ConnectorReads;
  changes: ChangeEngine;
  /** Connectors' drift baselines (moved by the change engine after every apply). */
  driftBaselines: DriftBaselines;
  driftStore: DynamoDbDriftStore;
  /** The drift check's Chime reads: no SDK retries, since the check paces and retries them itself. */
  driftCheckVoiceConnectors: VoiceConnectors;
  /** Who changed a connector, from CloudTrail (`AWS_ENDPOINT_URL_CLOUDTRAIL` for a stand-in). */
  attributions: ChangeAttributions;
  /** Creates the tables when `DYNAMODB_CREATE_TABLES=true`. */
  prepareTables(): Promise<void>;
}

/**
 * The bot's Web API client and what hangs off it, built once per process: one Slack directory
 * (one cache of users and group members) and the one {@link AccessPolicy} that the listeners and
 * the worker share.
 */
export interface SlackServices {
  client: WebClient;
  access: AccessPolicy;
}

/** What `npm start` runs in one process: Bolt on `receiver`, jobs in-process after the acknowledgement, the sweep on a timer. */
export interface InProcessBot<R extends Receiver> {
  receiver: R;
  app: App;
  jobs: InProcessJobQueue;
  worker: JobRunner;
  sweeper: ChangeSweeper;
  /** Drift detection; its check runs on `DRIFT_CHECK_MINUTES` under `npm start`. */
  drift: DriftMonitor;
  /** Refuses correctly signed requests that are not a shape Slack sends, before Bolt sees them. */
  guard: SlackRequestGuard;
  /** Resolves once every listener still running after its acknowledgement, and every job, is done. */
  idle(): Promise<void>;
}

/** The Lambda Slack function: Bolt on API Gateway, handing slow work to SQS. */
export interface SlackFunction {
  receiver: AwsLambdaReceiver;
  app: App;
  guard: SlackRequestGuard;
}

/** The Lambda worker and sweep functions: the job runner (SQS) and the sweep (schedule). */
export interface WorkerFunction {
  core: Core;
  worker: JobRunner;
  sweeper: ChangeSweeper;
  drift: DriftMonitor;
}

/**
 * The Slack signing secret and bot token: from the configuration, or read from SSM Parameter
 * Store (`SLACK_*_PARAMETER`, on Lambda), through an SSM client built for that one call.
 */
export function loadSlackSecrets(config: Config): Promise<SlackSecrets> {
  return readSlackSecrets(config, () => createSsmClient(config));
}

/**
 * An SSM client: for the parameters a start reads (the Slack secrets, the approval policy) and for
 * the Change Calendar. The SDK's SSM package is loaded here only when one is built, so that the
 * Slack function, which needs SSM for nothing else, does not load it at import.
 */
async function createSsmClient(config: Config, settings: Omit<SSMClientConfig, 'region'> = {}): Promise<SSMClient> {
  const { SSMClient: Client } = await import('./config/ssm-reads');
  return new Client({ region: config.awsRegion, ...settings });
}

/**
 * The configuration with its approval policy, read from the file `APPROVAL_POLICY` names or the
 * SSM parameter `APPROVAL_POLICY_PARAMETER` names. Every start calls it after `loadConfig` and
 * before {@link createCore}, which refuses a configuration whose policy was never read.
 */
export function loadApprovalPolicy(config: Config): Promise<Config> {
  return withApprovalPolicy(config, () => createSsmClient(config), [...REGISTRY.changeKinds.keys()]);
}

export function createSharedServices(config: Config, logger: Logger, clock: Clock = systemClock): SharedServices {
  if (
    (config.approvalPolicyFile ?? config.approvalPolicyParameter) !== undefined &&
    config.approvalPolicy === undefined
  ) {
    // Without this, a start that forgot to read its policy would run with no approvers at all.
    throw new Error('The approval policy was not read: call loadApprovalPolicy(config) before building the services');
  }
  // Worst case for one read: 3 attempts × (2 s to connect + 5 s to answer) ≈ 21 s, inside the
  // worker's 60 s timeout together with the audit write (serverless.yml).
  const chimeClients = new ChimeClients({ connectionTimeoutMs: 2_000, requestTimeoutMs: 5_000 });
  const voiceConnectors = new ChimeVoiceConnectors(chimeClients);
  const sealing = createSealer(config);
  return {
    config,
    logger,
    clock,
    voiceConnectors,
    catalog: new ConnectorCatalog(voiceConnectors, logger),
    sealer: sealing?.sealer,
    close() {
      chimeClients.destroy();
      sealing?.close();
    },
  };
}

export function createCore(
  config: Config,
  logger: Logger,
  clock: Clock = systemClock,
  auditOptions: AuditServiceOptions = {},
): Core {
  const shared = createSharedServices(config, logger, clock);
  const dynamoDb = new DynamoDBClient({
    region: config.awsRegion,
    maxAttempts: 3,
    // Fail closed fast: a DynamoDB that does not answer must not hold the worker for minutes.
    requestHandler: new NodeHttpHandler({ connectionTimeout: 2_000, requestTimeout: 5_000 }),
  });
  const documentClient = DynamoDBDocumentClient.from(dynamoDb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const audit = createAuditServices(config, documentClient, clock, logger, auditOptions);
  const auditLog = audit.auditLog;
  const freezes = createChangeFreezes(config, logger);
  const driftStore = new DynamoDbDriftStore(documentClient, config.driftTable);
  const driftBaselines = new DriftBaselines({
    store: driftStore,
    voiceConnectors: shared.voiceConnectors,
    auditLog,
    clock,
    logger,
    auditTeamId: config.allowedTeams?.[0] ?? 'system',
  });
  const driftChimeClients = new ChimeClients({
    connectionTimeoutMs: 2_000,
    requestTimeoutMs: 5_000,
    readMaxAttempts: 1,
  });
  const cloudTrail = createCloudTrailClients();
  const changes = new ChangeEngine({
    store: new DynamoDbChangeRequestStore(documentClient, config.changesTable),
    voiceConnectors: shared.voiceConnectors,
    auditLog,
    clock,
    logger,
    kinds: REGISTRY.changeKinds,
    sealer: shared.sealer,
    approvalTtlMs: config.approvalTtlMs,
    policy: config.approvalPolicy?.policy,
    freezes: freezes?.freezes,
    afterApply: (request) =>
      driftBaselines.recordApplied(
        { voiceConnectorId: request.voiceConnectorId, region: request.region },
        request.kind,
      ),
  });
  return {
    ...shared,
    dynamoDb,
    auditLog,
    reads: new ConnectorReads(shared.voiceConnectors, auditLog, clock),
    changes,
    driftBaselines,
    driftStore,
    driftCheckVoiceConnectors: new ChimeVoiceConnectors(driftChimeClients),
    attributions: new CloudTrailChangeAttributions(cloudTrail.clientFor, logger),
    checkpoints: audit.checkpoints,
    async prepareTables() {
      if (!config.createTables) return;
      const created = await ensureTables(dynamoDb, [
        auditTableDefinition(config.auditTable),
        auditSequenceTableDefinition(config.auditSequenceTable),
        changesTableDefinition(config.changesTable),
        driftTableDefinition(config.driftTable),
      ]);
      if (created.length > 0) logger.info({ tables: created }, 'created DynamoDB tables');
    },
    close() {
      shared.close();
      dynamoDb.destroy();
      audit.close();
      freezes?.close();
      driftChimeClients.destroy();
      cloudTrail.close();
    },
  };
}

/**
 * The policy's freezes: its windows, and its Change Calendar read through an SSM client with short
 * timeouts (`AWS_ENDPOINT_URL_SSM` points it elsewhere); none without a policy that declares them.
 */
function createChangeFreezes(config: Config, logger: Logger): { freezes: ChangeFreezes; close(): void } | undefined {
  const policy = config.approvalPolicy?.policy;
  if (policy === undefined || (policy.freezes === undefined && policy.changeCalendar === undefined)) return undefined;
  const calendar =
    policy.changeCalendar === undefined
      ? undefined
      : new SsmChangeCalendar(() =>
          createSsmClient(config, {
            maxAttempts: 2,
            requestHandler: new NodeHttpHandler({ connectionTimeout: 1_000, requestTimeout: 3_000 }),
          }),
        );
  const freezes = new ChangeFreezes(policy, calendar, (error) =>
    logger.error({ err: error }, 'could not read the Change Calendar: treated as closed'),
  );
  return { freezes, close: () => calendar?.destroy() };
}

/**
 * CloudTrail clients, one per region, built on first use (most checks find no drift, and the
 * client module is loaded only then). The SDK reads `AWS_ENDPOINT_URL_CLOUDTRAIL` itself.
 */
function createCloudTrailClients() {
  const clients = new Map<
    string,
    Promise<{
      client: import('@aws-sdk/client-cloudtrail').CloudTrailClient;
      sdk: typeof import('@aws-sdk/client-cloudtrail');
    }>
  >();
  return {
    clientFor(region: string) {
      let loaded = clients.get(region);
      if (loaded === undefined) {
        loaded = import('@aws-sdk/client-cloudtrail').then((sdk) => ({
          sdk,
          client: new sdk.CloudTrailClient({
            region,
            maxAttempts: 3,
            requestHandler: new NodeHttpHandler({ connectionTimeout: 2_000, requestTimeout: 5_000 }),
          }),
        }));
        clients.set(region, loaded);
      }
      return loaded;
    },
    close() {
      for (const loaded of clients.values())
        void loaded.then(
          ({ client }) => client.destroy(),
          () => {},
        );
    },
  };
}

/**
 * Drift detection with its Slack side: the check, its alerts, Accept and Revert. `overrides` lets a
 * benchmark or a test choose the regions, the rate, the alerts' adapter or the waiting.
 */
export function createDriftMonitor(
  core: Core,
  client: WebClient,
  overrides: Partial<ConstructorParameters<typeof DriftMonitor>[0]> = {},
): DriftMonitor {
  return new DriftMonitor({
    store: core.driftStore,
    baselines: core.driftBaselines,
    checkVoiceConnectors: core.driftCheckVoiceConnectors,
    voiceConnectors: core.voiceConnectors,
    auditLog: core.auditLog,
    changes: core.changes,
    attributions: core.attributions,
    alerts: new SlackDriftAlerts(client, core.config.driftChannel, core.logger),
    clock: core.clock,
    logger: core.logger,
    regions: core.config.driftRegions,
    callsPerSecond: core.config.driftChimeCallsPerSecond,
    ...overrides,
  });
}

/** The first call's promise for every call (a failed load is tried again). */
function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  };
}

export interface AuditServiceOptions {
  /** Where a directory of checkpoints keeps its signing key; default `<AUDIT_CHECKPOINT_DIR>/signing-key.pem`. */
  checkpointSigningKeyFile?: string;
}

/** What the audit services need of the configuration (the CLI builds it from its own variables). */
export type AuditSettings = Pick<
  Config,
  'auditTable' | 'auditSequenceTable' | 'auditCheckpoints' | 'auditStreamQueueUrl' | 's3ForcePathStyle'
> & { awsRegion: string };

/**
 * The audit log, its checkpoints and their clients for `npm run audit` (no Slack, no Chime).
 *
 * @example
 * const { auditLog, checkpoints, close } = createAuditCliServices(settings, logger);
 */
export function createAuditCliServices(settings: AuditSettings, logger: Logger): AuditServices {
  // The SDK reads AWS_ENDPOINT_URL_DYNAMODB (and _S3, _KMS) and the credentials itself.
  const client = new DynamoDBClient({ region: settings.awsRegion });
  const services = createAuditServices(settings, DynamoDBDocumentClient.from(client), systemClock, logger);
  return {
    ...services,
    close: () => {
      services.close();
      client.destroy();
    },
  };
}

export interface AuditServices {
  auditLog: DynamoDbAuditLog;
  checkpoints?: AuditCheckpoints;
  close(): void;
}

/**
 * The audit log with what it needs from outside DynamoDB: the checkpoint store and signer (S3 and
 * KMS, or a directory and a local key) and the SIEM stream (SQS FIFO). Used by `createCore` and by
 * the audit CLI, which needs no Slack and no Chime.
 */
export function createAuditServices(
  config: AuditSettings,
  documentClient: DocumentClient,
  clock: Clock,
  logger: Logger,
  options: AuditServiceOptions = {},
): AuditServices {
  const closers: (() => void)[] = [];
  // One handler per client: destroying a client destroys its handler.
  const awsTimeouts = () => new NodeHttpHandler({ connectionTimeout: 2_000, requestTimeout: 5_000 });
  let store: CheckpointStore | undefined;
  let signer: CheckpointSigner | undefined;
  const checkpointConfig = config.auditCheckpoints;
  if (checkpointConfig?.kind === 's3') {
    // Loaded on first use: most cold starts write and verify no checkpoint, and client-s3 is large.
    const s3 = loadOnce(async () => {
      const sdk = await import('@aws-sdk/client-s3');
      const client = new sdk.S3Client({
        region: config.awsRegion,
        maxAttempts: 3,
        forcePathStyle: config.s3ForcePathStyle,
        requestHandler: awsTimeouts(),
      });
      closers.push(() => client.destroy());
      return { sdk, client };
    });
    const kms = loadOnce(async () => {
      const sdk = await import('@aws-sdk/client-kms');
      const client = new sdk.KMSClient({ region: config.awsRegion, maxAttempts: 3, requestHandler: awsTimeouts() });
      closers.push(() => client.destroy());
      return { sdk, client };
    });
    store = new S3CheckpointStore(s3, checkpointConfig.bucket);
    signer = new KmsCheckpointSigner(kms, checkpointConfig.signingKeyId);
  } else if (checkpointConfig?.kind === 'directory') {
    store = new DirectoryCheckpointStore(checkpointConfig.directory);
    signer = new FileCheckpointSigner(
      options.checkpointSigningKeyFile ?? join(checkpointConfig.directory, 'signing-key.pem'),
    );
  }
  const sequence = new AuditSequence(documentClient, config.auditSequenceTable);
  let stream: SqsAuditStream | undefined;
  // Bound late: the stream reads history through the log, and the log ships through the stream.
  let auditLog: DynamoDbAuditLog | undefined;
  let checkpoints: AuditCheckpoints | undefined;
  if (config.auditStreamQueueUrl !== undefined) {
    const sqs = new SQSClient({
      region: config.awsRegion,
      maxAttempts: 2,
      requestHandler: new NodeHttpHandler({ connectionTimeout: 1_000, requestTimeout: 2_000 }),
    });
    closers.push(() => sqs.destroy());
    stream = new SqsAuditStream(
      sqs,
      config.auditStreamQueueUrl,
      {
        recordsBetween: (chain, after, before) => auditLog?.recordsBetween(chain, after, before) ?? Promise.resolve([]),
        shippedThrough: async (chain) => (await checkpoints?.vouchersFor(chain))?.[0]?.streamed ?? 0,
      },
      logger,
    );
  }
  if (store !== undefined && signer !== undefined) {
    checkpoints = new AuditCheckpoints({
      documentClient,
      tableName: config.auditTable,
      sequence,
      store,
      signer,
      clock,
      stream,
    });
  }
  auditLog = new DynamoDbAuditLog({
    documentClient,
    tableName: config.auditTable,
    sequenceTableName: config.auditSequenceTable,
    clock,
    checkpoints,
    stream,
  });
  return {
    auditLog,
    checkpoints,
    close: () => {
      for (const close of closers) close();
    },
  };
}

/**
 * `KMS_KEY_ID`: the KMS client is built on the first seal or unseal (its module is loaded only
 * then: most cold starts never seal anything); `SEAL_KEY`: AES-GCM in process.
 */
function createSealer(config: Config): { sealer: SecretSealer; close(): void } | undefined {
  const sealing = config.sealing;
  if (sealing?.kind === 'key') return { sealer: new KeySealer(sealing.key), close() {} };
  if (sealing?.kind !== 'kms') return undefined;
  let kms: Promise<KMSClient> | undefined;
  const client = () =>
    (kms ??= import('@aws-sdk/client-kms').then(({ KMSClient }) => new KMSClient({ region: config.awsRegion })));
  return {
    sealer: new KmsSealer(client, sealing.keyId),
    close() {
      void kms?.then(
        (built) => built.destroy(),
        () => {},
      );
    },
  };
}

/**
 * Slack's Web API client with a short retry policy and a timeout: the default retries for about
 * 30 minutes with no timeout, which a Lambda cannot afford.
 */
export function slackClientOptions(config: Config, logger: Logger): WebClientOptions {
  return {
    slackApiUrl: config.slack.apiUrl,
    logger: boltLogger(logger),
    timeout: 5_000,
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 1_000 },
  };
}

export function createWebClient(services: Pick<SharedServices, 'config' | 'logger'>, botToken: string): WebClient {
  return new WebClient(botToken, slackClientOptions(services.config, services.logger));
}

export function createSlackServices(shared: SharedServices, botToken: string): SlackServices {
  const client = createWebClient(shared, botToken);
  return { client, access: new AccessPolicy(shared.config, new WebApiSlackDirectory(client), shared.logger) };
}

/**
 * The worker: the job runner and what it needs. Give it the process's {@link AccessPolicy} when
 * the listeners run in the same process, so that both use one directory cache.
 */
export function createWorker(
  core: Core,
  client: WebClient,
  access: AccessPolicy = new AccessPolicy(core.config, new WebApiSlackDirectory(client), core.logger),
  drift: DriftMonitor = createDriftMonitor(core, client),
): JobRunner {
  const deps: WorkerDependencies = {
    config: core.config,
    registry: REGISTRY,
    logger: core.logger,
    clock: core.clock,
    access,
    auditLog: core.auditLog,
    checkpoints: core.checkpoints,
    reads: core.reads,
    voiceConnectors: core.voiceConnectors,
    catalog: core.catalog,
    changes: core.changes,
    replies: new SlackReplies(client, (message) => resultModal({ title: 'Chime voice ops', message })),
    client,
    drift,
  };
  return new JobRunner(deps);
}

/** The Slack side: a Bolt app on the given receiver, with every listener registered. */
function createSlackApp(
  shared: SharedServices,
  secrets: SlackSecrets,
  receiver: Receiver,
  jobs: JobQueue,
  access: AccessPolicy,
  inFlight?: InFlightWork,
): App {
  const app = new App({
    // A fixed authorization instead of `token`: Bolt would otherwise call auth.test on the first
    // request of every cold start (to learn the bot's own ids, which this bot never needs).
    authorize: async () => ({ botToken: secrets.botToken }),
    receiver,
    logger: boltLogger(shared.logger),
    clientOptions: slackClientOptions(shared.config, shared.logger),
    convoStore: false,
  });
  if (inFlight) {
    app.use(async ({ next }) => {
      await inFlight.track(next());
    });
  }
  registerListeners(app, {
    config: shared.config,
    registry: REGISTRY,
    jobs,
    catalog: shared.catalog,
    access,
    sealer: shared.sealer,
    logger: shared.logger,
  });
  return app;
}

/**
 * `npm start` against a workspace over HTTP: Bolt's HTTP receiver (its `requestListener` is
 * mounted on `eventsPath` by src/server/http-server.ts), with the listeners, the worker and the
 * sweeper in this process.
 */
export function createHttpBot(core: Core, secrets: SlackSecrets, eventsPath: string): InProcessBot<HTTPReceiver> {
  const receiver = new HTTPReceiver({
    signingSecret: secrets.signingSecret,
    endpoints: eventsPath,
    logger: boltLogger(core.logger),
  });
  return createInProcessBot(core, secrets, receiver);
}

/** `npm start` with `SLACK_APP_TOKEN`: the same bot over Socket Mode. */
export function createSocketModeBot(
  core: Core,
  secrets: SlackSecrets,
  appToken: string,
): InProcessBot<SocketModeReceiver> {
  const receiver = new SocketModeReceiver({ appToken, logger: boltLogger(core.logger) });
  return createInProcessBot(core, secrets, receiver);
}

function createInProcessBot<R extends Receiver>(core: Core, secrets: SlackSecrets, receiver: R): InProcessBot<R> {
  const slack = createSlackServices(core, secrets.botToken);
  const jobs = new InProcessJobQueue(core.logger);
  const inFlight = new InFlightWork();
  const app = createSlackApp(core, secrets, receiver, jobs, slack.access, inFlight);
  const drift = createDriftMonitor(core, slack.client);
  const worker = createWorker(core, slack.client, slack.access, drift);
  jobs.attach(worker);
  async function idle(): Promise<void> {
    // A listener may queue a job as its last step, and a job may not open new listeners: two rounds suffice.
    await inFlight.idle();
    await jobs.idle();
    await inFlight.idle();
  }
  const guard = slackRequestGuard({ signingSecret: secrets.signingSecret, logger: core.logger, jobs });
  return { receiver, app, jobs, worker, sweeper: new ChangeSweeper(core, worker), drift, guard, idle };
}

/**
 * The Lambda Slack function: reads the secrets, then builds Bolt on an `AwsLambdaReceiver` with
 * the SQS job queue. It builds neither DynamoDB nor the change engine: listeners only parse,
 * acknowledge and queue.
 */
export async function createSlackFunction(environment: Config, logger: Logger): Promise<SlackFunction> {
  if (environment.jobQueueUrl === undefined) throw new Error('JOB_QUEUE_URL is not set');
  const [secrets, config] = await Promise.all([loadSlackSecrets(environment), loadApprovalPolicy(environment)]);
  const jobQueueUrl = environment.jobQueueUrl;
  const shared = createSharedServices(config, logger);
  const slack = createSlackServices(shared, secrets.botToken);
  const receiver = new AwsLambdaReceiver({ signingSecret: secrets.signingSecret, logger: boltLogger(logger) });
  const sqs = new SQSClient({
    region: config.awsRegion,
    maxAttempts: 3,
    requestHandler: new NodeHttpHandler({ connectionTimeout: 1_000, requestTimeout: 2_000 }),
  });
  const jobs = new SqsJobQueue(sqs, jobQueueUrl);
  const app = createSlackApp(shared, secrets, receiver, jobs, slack.access);
  const guard = slackRequestGuard({ signingSecret: secrets.signingSecret, logger, jobs });
  return { receiver, app, guard };
}

/** The Lambda worker and sweep functions: the secrets (for the bot token), the core services, the job runner. */
export async function createWorkerFunction(environment: Config, logger: Logger): Promise<WorkerFunction> {
  const [secrets, config] = await Promise.all([loadSlackSecrets(environment), loadApprovalPolicy(environment)]);
  const core = createCore(config, logger);
  const slack = createSlackServices(core, secrets.botToken);
  const drift = createDriftMonitor(core, slack.client);
  const worker = createWorker(core, slack.client, slack.access, drift);
  return { core, worker, sweeper: new ChangeSweeper(core, worker), drift };
}
