import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditCheckpoints, type CheckpointStreamCatchUp } from '../../src/audit/audit-checkpoints';
import { AuditSequence } from '../../src/audit/audit-sequence';
import { readCheckpointArchive } from '../../src/audit/checkpoint-archive';
import { LocalCheckpointSigner } from '../../src/audit/checkpoint-signer';
import { DirectoryCheckpointStore } from '../../src/audit/checkpoint-store';
import { DynamoDbAuditLog } from '../../src/audit/dynamodb-audit-log';
import { ensureTables } from '../../src/storage/ensure-tables';
import { CONNECTOR, OTHER_CONNECTOR, readInput } from '../support/audit-entries';
import { auditTables } from '../support/audit-tables';
import { createTestDynamoDbClient, type RunningDynamoDb, startDynalite, uniqueTableName } from '../support/dynamodb';
import { useTemporaryDirectory } from './temporary-directory';

describe('checkpoints in a directory, signed with a local key', () => {
  let dynamo: RunningDynamoDb;
  const root = useTemporaryDirectory('checkpoint-archive-');

  beforeAll(async () => {
    dynamo = await startDynalite();
  });
  afterAll(async () => {
    await dynamo?.stop();
  });

  async function deployment(timer?: { now(): number }, stream?: CheckpointStreamCatchUp) {
    const tableName = uniqueTableName('audit');
    await ensureTables(createTestDynamoDbClient(dynamo.endpoint), auditTables(tableName));
    const documentClient = DynamoDBDocumentClient.from(createTestDynamoDbClient(dynamo.endpoint));
    const directory = join(root(), tableName);
    const store = new DirectoryCheckpointStore(directory);
    const signer = LocalCheckpointSigner.generate();
    const checkpoints = new AuditCheckpoints({
      documentClient,
      tableName,
      sequence: new AuditSequence(documentClient, `${tableName}-sequence`),
      store,
      signer,
      ...(timer ? { timer } : {}),
      ...(stream ? { stream } : {}),
    });
    const auditLog = new DynamoDbAuditLog({ documentClient, tableName, checkpoints });
    return { auditLog, checkpoints, store, signer, directory, documentClient, tableName };
  }

  it('publishes the public key next to the checkpoints and links each one to the one before', async () => {
    // Prepare
    const { auditLog, checkpoints, store, signer, directory } = await deployment();
    await auditLog.append(readInput());
    await checkpoints.write();
    await auditLog.append(readInput({ voiceConnectorId: OTHER_CONNECTOR }));
    await checkpoints.write();

    // Act
    const archive = await readCheckpointArchive(store, await readFile(join(directory, 'public-key.pem'), 'utf8'));

    // Assess
    expect(await readFile(join(directory, 'public-key.pem'), 'utf8')).toBe(await signer.publicKeyPem());
    expect(archive.problems).toEqual([]);
    expect(archive.checkpoints.map((checkpoint) => checkpoint.number)).toEqual([1, 2]);
    expect(archive.vouchersByChain.get(`vc:${OTHER_CONNECTOR}`)?.map((voucher) => voucher.number)).toEqual([2]);
  });

  it('reports a checkpoint whose signature fails, and one that is missing', async () => {
    // Prepare
    const { auditLog, checkpoints, store, directory } = await deployment();
    for (let index = 0; index < 3; index++) {
      await auditLog.append(readInput());
      await checkpoints.write();
    }
    const second = join(directory, 'checkpoints/000000000002.json');
    const forged = JSON.parse(await readFile(second, 'utf8'));
    forged.chains[0].seq = 99;
    await unlink(second);
    await writeFile(second, JSON.stringify(forged));
    await unlink(join(directory, 'checkpoints/000000000003.json'));
    await auditLog.append(readInput());
    await checkpoints.write();

    // Act
    const archive = await readCheckpointArchive(store, await checkpoints.publicKeyPem());

    // Assess
    expect(archive.problems).toEqual([
      'checkpoints/000000000002.json: its signature does not verify with the public key',
      'checkpoint 2–3 missing',
    ]);
  });

  it('leaves out of a checkpoint a chain whose new entries do not verify, and says so', async () => {
    // Prepare
    const { auditLog, checkpoints, documentClient, tableName } = await deployment();
    const entry = await auditLog.append(readInput());
    await auditLog.append(readInput({ voiceConnectorId: OTHER_CONNECTOR }));
    await documentClient.send(new PutCommand({ TableName: tableName, Item: { ...entry, outcome: 'denied' } }));

    // Act
    const result = await checkpoints.write();

    // Assess
    expect(result.refused).toEqual([`vc:${CONNECTOR}`]);
    expect(result.chains).toBe(1);
  });

  it('writes a scheduled checkpoint only once the interval has passed since the last one', async () => {
    // Prepare
    let now = Date.now();
    const { auditLog, checkpoints } = await deployment({ now: () => now });
    await auditLog.append(readInput());
    const first = await checkpoints.writeIfDue(60_000);

    // Act
    now += 30_000;
    const early = await checkpoints.writeIfDue(60_000);
    now += 31_000;
    const due = await checkpoints.writeIfDue(60_000);

    // Assess
    expect(first?.number).toBe(1);
    expect(early).toBeUndefined();
    expect(due?.number).toBe(2);
  });

  it('still anchors a chain while the SIEM stream is down, says how far delivery got, and sends the backlog later', async () => {
    // Prepare: a stream that is down for the first checkpoint.
    const shipped: number[][] = [];
    let down = true;
    const stream: CheckpointStreamCatchUp = {
      async shipRange(_chain, records) {
        if (down) throw new Error('SQS is unreachable');
        shipped.push(records.map((record) => record.seq));
      },
    };
    const { auditLog, checkpoints, store } = await deployment(undefined, stream);
    await auditLog.append(readInput());
    await auditLog.append(readInput());
    const first = await checkpoints.write();
    down = false;
    await auditLog.append(readInput());

    // Act
    const second = await checkpoints.write();

    // Assess
    const archive = await readCheckpointArchive(store, await checkpoints.publicKeyPem());
    const [latest, earlier] = archive.vouchersByChain.get(`vc:${CONNECTOR}`) ?? [];
    expect(earlier).toMatchObject({ number: first.number, seq: 2, streamed: 0 });
    expect(latest).toMatchObject({ number: second.number, seq: 3, streamed: 3 });
    expect(shipped).toEqual([[1, 2, 3]]);
  });
});
