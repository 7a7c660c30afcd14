import { afterAll, beforeAll } from 'vitest';
import { type KmsStandIn, startKmsStandIn } from './kms-stand-in';
import { type S3StandIn, startS3StandIn } from './s3-stand-in';
import { type SqsFifoStandIn, startSqsFifoStandIn } from './sqs-fifo-stand-in';

/** Where the audit log's signed checkpoints and its SIEM stream go, in a test. */
export interface AuditSinks {
  s3: S3StandIn;
  kms: KmsStandIn;
  sqs: SqsFifoStandIn;
}

/** The bucket, with Object Lock, that {@link useAuditSinks} creates for checkpoints. */
export const CHECKPOINT_BUCKET = 'chime-voice-ops-audit-checkpoints';
/** The alias of the KMS key that {@link useAuditSinks} creates to sign checkpoints. */
export const CHECKPOINT_KEY_ALIAS = 'alias/chime-voice-ops-audit-checkpoints';

/**
 * S3, KMS and an SQS FIFO queue for the tests of the enclosing `describe`: started (with the
 * checkpoint bucket and signing key) before them, reached through the SDK's own endpoint variables,
 * as for the bot harness's Chime and DynamoDB; closed, and the environment restored, after them.
 * Call it before `useBotHarness`, so that the bot starts with the variables set. The object is
 * filled in when the stand-ins have started.
 */
export function useAuditSinks(): AuditSinks {
  const sinks = {} as AuditSinks;
  const saved = { ...process.env };
  beforeAll(async () => {
    const [s3, kms, sqs] = await Promise.all([
      startS3StandIn(),
      startKmsStandIn(),
      startSqsFifoStandIn('chime-voice-ops-audit.fifo'),
    ]);
    Object.assign(sinks, { s3, kms, sqs });
    s3.createBucket(CHECKPOINT_BUCKET, { objectLock: { mode: 'COMPLIANCE', days: 365 } });
    kms.createSigningKey(CHECKPOINT_KEY_ALIAS);
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_S3: s3.url,
      AWS_ENDPOINT_URL_KMS: kms.url,
      AWS_ENDPOINT_URL_SQS: sqs.url,
    });
  });
  afterAll(async () => {
    await Promise.all([sinks.s3?.close(), sinks.kms?.close(), sinks.sqs?.close()]);
    process.env = saved;
  });
  return sinks;
}
