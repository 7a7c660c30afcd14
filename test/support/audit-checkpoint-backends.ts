import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { ensureTables } from '../../src/storage/ensure-tables';
import { auditTables } from './audit-tables';
import {
  createTestDynamoDbClient,
  type RunningDynamoDb,
  startDynalite,
  TEST_AWS_CREDENTIALS,
  uniqueTableName,
} from './dynamodb';
import { type KmsStandIn, startKmsStandIn } from './kms-stand-in';
import { type S3StandIn, startS3StandIn } from './s3-stand-in';

/** The alias of the KMS key that signs checkpoints. */
export const CHECKPOINT_KEY_ALIAS = 'alias/chime-voice-ops-audit-checkpoints';

/**
 * What signed audit checkpoints run on, each local: dynalite, S3 with Object Lock and KMS with one
 * signing key (alias {@link CHECKPOINT_KEY_ALIAS}).
 */
export interface CheckpointBackends {
  dynamo: RunningDynamoDb;
  s3: S3StandIn;
  kms: KmsStandIn;
  /** The signing key's ARN. */
  keyArn: string;
  /** The SDK's standard variables for all three (endpoints and fake credentials), as an operator sets them. */
  environment: Record<string, string>;
  stop(): Promise<void>;
}

export async function startCheckpointBackends(): Promise<CheckpointBackends> {
  const [dynamo, s3, kms] = await Promise.all([startDynalite(), startS3StandIn(), startKmsStandIn()]);
  return {
    dynamo,
    s3,
    kms,
    keyArn: kms.createSigningKey(CHECKPOINT_KEY_ALIAS).arn,
    environment: {
      AWS_ENDPOINT_URL_S3: s3.url,
      AWS_ENDPOINT_URL_KMS: kms.url,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ACCESS_KEY_ID: TEST_AWS_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_AWS_CREDENTIALS.secretAccessKey,
    },
    stop: async () => {
      await Promise.all([dynamo.stop(), s3.close(), kms.close()]);
    },
  };
}

/**
 * Checkpoint backends for the tests of the calling `describe` block: started before them, stopped
 * after them. Returns a getter (call it inside hooks and tests).
 */
export function useCheckpointBackends(): () => CheckpointBackends {
  let backends: CheckpointBackends | undefined;
  beforeAll(async () => {
    backends = await startCheckpointBackends();
  });
  afterAll(async () => {
    await backends?.stop();
  });
  return () => {
    if (!backends) throw new Error('the checkpoint backends run only inside hooks and tests');
    return backends;
  };
}

/** One deployment's storage: its audit tables and its checkpoint bucket (versioning, Object Lock in COMPLIANCE mode). */
export interface CheckpointedAuditTable {
  table: string;
  bucket: string;
  client: DynamoDBClient;
  documentClient: DynamoDBDocumentClient;
}

export async function createCheckpointedAuditTable(
  backends: CheckpointBackends,
  bucket: { prefix: string; retentionDays: number },
): Promise<CheckpointedAuditTable> {
  const table = uniqueTableName('audit');
  const bucketName = `${bucket.prefix}-${table.slice(-8)}`;
  backends.s3.createBucket(bucketName, { objectLock: { mode: 'COMPLIANCE', days: bucket.retentionDays } });
  const client = createTestDynamoDbClient(backends.dynamo.endpoint);
  await ensureTables(client, auditTables(table));
  return { table, bucket: bucketName, client, documentClient: DynamoDBDocumentClient.from(client) };
}
