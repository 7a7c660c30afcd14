import { S3Client } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealEntry } from '../../src/audit/audit-chain';
import type { AuditEntry } from '../../src/audit/audit-entry';
import { readSignedCheckpoint } from '../../src/audit/checkpoint';
import { CheckpointExistsError, S3CheckpointStore } from '../../src/audit/checkpoint-store';
import { systemClock } from '../../src/clock';
import { createAuditServices } from '../../src/composition-root';
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/logging/logger';
import {
  CHECKPOINT_KEY_ALIAS,
  type CheckpointBackends,
  createCheckpointedAuditTable,
  startCheckpointBackends,
} from '../support/audit-checkpoint-backends';
import { CONNECTOR, OTHER_CONNECTOR, readInput } from '../support/audit-entries';
import { deleteNewestEntries } from '../support/audit-tampering';

const BUCKET = 'audit-checkpoints';

describe('signed checkpoints in S3 with Object Lock, signed by KMS', () => {
  let backends: CheckpointBackends;
  const saved = { ...process.env };

  beforeAll(async () => {
    backends = await startCheckpointBackends();
    // The standard variables, as an operator sets them: the SDK finds the stand-ins by itself.
    Object.assign(process.env, backends.environment);
  });
  afterAll(async () => {
    process.env = saved;
    await backends?.stop();
  });

  /** A table, a bucket (versioning and Object Lock) and the services over them, as one deployment has. */
  async function services() {
    const storage = await createCheckpointedAuditTable(backends, { prefix: BUCKET, retentionDays: 365 });
    const { table: auditTable, bucket, client, documentClient } = storage;
    const config = loadConfig({
      AUDIT_TABLE: auditTable,
      AUDIT_CHECKPOINT_BUCKET: bucket,
      AUDIT_SIGNING_KEY_ID: CHECKPOINT_KEY_ALIAS,
      AWS_ENDPOINT_URL_S3: backends.s3.url,
    });
    const audit = createAuditServices(config, documentClient, systemClock, createLogger('silent'));
    if (!audit.checkpoints) throw new Error('checkpoints are configured');
    return { ...audit, checkpoints: audit.checkpoints, documentClient, auditTable, client, bucket };
  }

  it('writes one object per checkpoint, path-style with If-None-Match, signed so that the public key verifies it', async () => {
    // Prepare
    const { auditLog, checkpoints, close, bucket } = await services();
    const entries = [await auditLog.append(readInput()), await auditLog.append(readInput())];
    const other = await auditLog.append(readInput({ voiceConnectorId: OTHER_CONNECTOR }));
    const before = backends.s3.requests.length;

    // Act
    const result = await checkpoints.write();

    // Assess
    const put = backends.s3.requests.slice(before).find((request) => request.method === 'PUT');
    expect(put?.path).toBe(`/${bucket}/${result.key}`);
    expect(put?.headers['if-none-match']).toBe('*');
    const [version] = backends.s3.versionsOf(bucket, result.key);
    expect(version?.retention?.mode).toBe('COMPLIANCE');
    const reading = readSignedCheckpoint(version?.body ?? Buffer.alloc(0), await checkpoints.publicKeyPem());
    expect(reading.ok).toBe(true);
    if (!reading.ok) return;
    expect(reading.checkpoint.signer.keyId).toBe('alias/chime-voice-ops-audit-checkpoints');
    expect(reading.checkpoint.chains).toEqual(
      expect.arrayContaining([
        { chain: `vc:${CONNECTOR}`, seq: 2, hash: entries[1]?.hash },
        { chain: `vc:${OTHER_CONNECTOR}`, seq: 1, hash: other.hash },
      ]),
    );
    expect(backends.keyArn).toContain(':key/');
    close();
  });

  it('links each checkpoint to the one before and names only the chains that changed', async () => {
    // Prepare
    const { auditLog, checkpoints, close } = await services();
    await auditLog.append(readInput());
    await auditLog.append(readInput({ voiceConnectorId: OTHER_CONNECTOR }));
    const first = await checkpoints.write();
    const newest = await auditLog.append(readInput());

    // Act
    const second = await checkpoints.write();

    // Assess
    const bytes = (await checkpoints.store.read(second.key)) ?? Buffer.alloc(0);
    const reading = readSignedCheckpoint(bytes, await checkpoints.publicKeyPem());
    if (!reading.ok) throw new Error(reading.problem);
    expect(second.number).toBe(first.number + 1);
    expect(reading.checkpoint.previous?.number).toBe(first.number);
    expect(reading.checkpoint.chains).toEqual([{ chain: `vc:${CONNECTOR}`, seq: 2, hash: newest.hash }]);
    close();
  });

  it('never overwrites a stored checkpoint: a second put of the key is refused and the first version stays', async () => {
    // Prepare
    const { auditLog, checkpoints, close, bucket } = await services();
    await auditLog.append(readInput());
    const written = await checkpoints.write();
    const client = new S3Client({ region: 'us-east-1', forcePathStyle: true, maxAttempts: 1 });
    const store = new S3CheckpointStore(async () => ({ client, sdk: await import('@aws-sdk/client-s3') }), bucket);

    // Act
    const overwrite = store.create(written.key, Buffer.from('{"forged":true}'));

    // Assess
    await expect(overwrite).rejects.toBeInstanceOf(CheckpointExistsError);
    const versions = backends.s3.versionsOf(bucket, written.key);
    expect(versions).toHaveLength(1);
    expect(versions[0]?.body.toString()).not.toContain('forged');
    close();
  });

  it('reports the newest entries deleted and the counter rewritten to match, naming the checkpoint that proves it', async () => {
    // Prepare
    const { auditLog, checkpoints, documentClient, auditTable, close } = await services();
    for (let index = 0; index < 5; index++) await auditLog.append(readInput());
    const checkpoint = await checkpoints.write();
    await deleteNewestEntries(documentClient, auditTable, `vc:${CONNECTOR}`, {
      seqs: [4, 5],
      next: 3,
      rewindBlockStart: true,
    });

    // Act
    const verdict = await auditLog.verifyConnector(CONNECTOR);

    // Assess
    expect(verdict.intact).toBe(false);
    expect(verdict.firstBreak).toMatchObject({
      kind: 'truncated',
      lastSeq: 3,
      headSeq: 5,
      checkpoint: { key: checkpoint.key, number: checkpoint.number, seq: 5 },
    });
    expect(verdict.summary).toContain(`checkpoint ${checkpoint.number} of ${checkpoint.time} vouches for entry 5`);
    close();
  });

  it('reports a chain rewritten and re-linked from entry 3 on, naming the first bad entry and both checkpoints', async () => {
    // Prepare: checkpoint 1 vouches for entries 1–2, checkpoint 2 for 1–5; then 3–5 are forged and
    // re-linked so that the chain itself verifies.
    const { auditLog, checkpoints, documentClient, auditTable, close } = await services();
    const entries: AuditEntry[] = [];
    for (let index = 0; index < 2; index++) entries.push(await auditLog.append(readInput()));
    const early = await checkpoints.write();
    for (let index = 0; index < 3; index++) entries.push(await auditLog.append(readInput()));
    const late = await checkpoints.write();
    let prevHash = entries[1]?.hash ?? '';
    for (const original of entries.slice(2)) {
      const { id, time, chain, seq } = original;
      const forged = sealEntry(readInput({ outcome: 'denied' }), { id, time, chain, seq, prevHash });
      await documentClient.send(new PutCommand({ TableName: auditTable, Item: forged }));
      prevHash = forged.hash;
    }

    // Act
    const verdict = await auditLog.verifyConnector(CONNECTOR);

    // Assess
    expect(verdict.firstBreak).toMatchObject({ kind: 'modified', seq: 3, checkpoint: { number: late.number, seq: 5 } });
    expect(verdict.vouchedBy).toMatchObject({ number: early.number, seq: 2 });
    close();
  });
});
