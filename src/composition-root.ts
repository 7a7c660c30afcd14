import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type DynamoDBDocumentClient as DocumentClient, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { App, type Receiver } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { AccessPolicy } from './access/access-policy';
import { type SlackDirectory, WebApiSlackDirectory } from './access/slack-directory';
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
import type { Config } from './config/config';
import { JobRunner } from './handlers/jobs/job-runner';
import type { WorkerDependencies } from './handlers/jobs/worker-dependencies';
import { registerListeners } from './handlers/register-listeners';
import type { JobQueue } from './jobs/job';
import { boltLogger, type Logger } from './logging/logger';
import { REGISTRY } from './operations/registry';
import { ConnectorCatalog } from './reads/connector-catalog';
import { ConnectorReads } from './reads/connector-reads';
import type { InFlightWork } from './server/in-flight';
import { SlackReplies } from './slack/slack-replies';
import { ensureTables } from './storage/ensure-tables';

/**
 * The one place that builds clients, adapters and services and hands them to the handlers.
 * Nothing else constructs an AWS or Slack client, and nothing here does I/O until asked
 * (`prepareTables`), so importing it costs only module loading.
 */
export interface Core {
  config: Config;
  logger: Logger;
  clock: Clock;
  dynamoDb: DynamoDBClient;
  auditLog: AuditLog;
  /** Signed checkpoints of the audit log, when AUDIT_CHECKPOINT_BUCKET or AUDIT_CHECKPOINT_DIR is set. */
  checkpoints?: AuditCheckpoints;
  voiceConnectors: VoiceConnectors;
  reads: ConnectorReads;
  catalog: ConnectorCatalog;
  changes: ChangeEngine;
  sealer?: SecretSealer;
  /** Creates the tables when `DYNAMODB_CREATE_TABLES=true`. */
  prepareTables(): Promise<void>;
  close(): void;
}

export interface SlackSecrets {
  signingSecret: string;
  botToken: string;
}

export function createCore(
  config: Config,
  logger: Logger,
  clock: Clock = systemClock,
  auditOptions: AuditServiceOptions = {},
): Core {
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
  // Worst case for one read: 3 attempts × (2 s to connect + 5 s to answer) ≈ 21 s, inside the
  // worker's 60 s timeout together with the audit write (serverless.yml).
  const chimeClients = new ChimeClients({ connectionTimeoutMs: 2_000, requestTimeoutMs: 5_000 });
  const voiceConnectors = new ChimeVoiceConnectors(chimeClients);
  const sealer = createSealer(config);
  const changes = new ChangeEngine({
    store: new DynamoDbChangeRequestStore(documentClient, config.changesTable),
    voiceConnectors,
    auditLog,
    clock,
    logger,
    kinds: REGISTRY.changeKinds,
    sealer,
    approvalTtlMs: config.approvalTtlMs,
  });
  return {
    config,
    logger,
    clock,
    dynamoDb,
    auditLog,
    voiceConnectors,
    reads: new ConnectorReads(voiceConnectors, auditLog, clock),
    catalog: new ConnectorCatalog(voiceConnectors, logger),
    changes,
    sealer,
    async prepareTables() {
      if (!config.createTables) return;
      const created = await ensureTables(dynamoDb, [
        auditTableDefinition(config.auditTable),
        auditSequenceTableDefinition(config.auditSequenceTable),
        changesTableDefinition(config.changesTable),
      ]);
      if (created.length > 0) logger.info({ tables: created }, 'created DynamoDB tables');
    },
    checkpoints: audit.checkpoints,
    close() {
      chimeClients.destroy();
      dynamoDb.destroy();
      audit.close();
    },
  };
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

function createSealer(config: Config): SecretSealer | undefined {
  if (config.sealing?.kind === 'key') return new KeySealer(config.sealing.key);
  if (config.sealing?.kind === 'kms') return new KmsSealer(config.awsRegion, config.sealing.keyId);
  return undefined;
}

/** The SQS client of the Lambda Slack function's job queue. */
export function createQueueClient(config: Config): SQSClient {
  return new SQSClient({
    region: config.awsRegion,
    maxAttempts: 3,
    requestHandler: new NodeHttpHandler({ connectionTimeout: 1_000, requestTimeout: 2_000 }),
  });
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

/** The worker side: the job runner and what it needs. */
export function createWorker(core: Core, client: WebClient, directory?: SlackDirectory): JobRunner {
  const deps: WorkerDependencies = {
    config: core.config,
    registry: REGISTRY,
    logger: core.logger,
    clock: core.clock,
    access: new AccessPolicy(core.config, directory ?? new WebApiSlackDirectory(client), core.logger),
    auditLog: core.auditLog,
    checkpoints: core.checkpoints,
    reads: core.reads,
    voiceConnectors: core.voiceConnectors,
    changes: core.changes,
    replies: new SlackReplies(client, (message) => resultModal({ title: 'Chime voice ops', message })),
    client,
  };
  return new JobRunner(deps);
}

export function createWebClient(core: Core, botToken: string): WebClient {
  return new WebClient(botToken, slackClientOptions(core.config, core.logger));
}

/** The Slack side: a Bolt app on the given receiver, with every listener registered. */
export function createSlackApp(
  core: Core,
  secrets: SlackSecrets,
  receiver: Receiver,
  jobs: JobQueue,
  inFlight?: InFlightWork,
): App {
  const app = new App({
    // A fixed authorization instead of `token`: Bolt would otherwise call auth.test on the first
    // request of every cold start (to learn the bot's own ids, which this bot never needs).
    authorize: async () => ({ botToken: secrets.botToken }),
    receiver,
    logger: boltLogger(core.logger),
    clientOptions: slackClientOptions(core.config, core.logger),
    convoStore: false,
  });
  if (inFlight) {
    app.use(async ({ next }) => {
      await inFlight.track(next());
    });
  }
  const directory = new WebApiSlackDirectory(createWebClient(core, secrets.botToken));
  registerListeners(app, {
    config: core.config,
    registry: REGISTRY,
    jobs,
    catalog: core.catalog,
    access: new AccessPolicy(core.config, directory, core.logger),
    sealer: core.sealer,
    logger: core.logger,
  });
  return app;
}
