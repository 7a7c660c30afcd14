import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { expect, it } from 'vitest';
import { headKeyFor } from '../../src/audit/audit-chain';
import { DynamoDbAuditLog } from '../../src/audit/dynamodb-audit-log';
import { countDynamoDbWrites } from '../../src/storage/dynamodb-write-counter';
import { ensureTables } from '../../src/storage/ensure-tables';
import { CONNECTOR, readInput } from '../support/audit-entries';
import { auditTables } from '../support/audit-tables';
import { type DynamoDbTestEngine, describeEachDynamoDbEngine, uniqueTableName } from '../support/dynamodb';
import previousVersionItems from './legacy/previous-version-items.json';

/**
 * What the previous version's writer (before the counter-based appends, commit e98cb4d) stored for
 * four entries of CONNECTOR and one of workspace T1: the entries and a head record per chain
 * (`head#<chain>`, seq 0), read back with a Scan. Recorded, so that the old writer need not be kept.
 */
const PREVIOUS_VERSION_ITEMS: Record<string, unknown>[] = previousVersionItems;

/** The 22-character connector id of chain number `index`. */
function connectorNumber(index: number): string {
  return `c${String(index).padStart(21, '0')}`;
}

async function freshTable(engine: DynamoDbTestEngine) {
  const tableName = uniqueTableName('audit');
  await ensureTables(engine.client(), auditTables(tableName));
  return tableName;
}

/** A fresh table and a way to open writers on it with the given deadline, each standing for a process of its own. */
async function freshTableWithWriters(engine: DynamoDbTestEngine, writeDeadlineMs: number) {
  const tableName = await freshTable(engine);
  const documentClient = engine.documentClient();
  const openWriter = () => new DynamoDbAuditLog({ documentClient, tableName, writeDeadlineMs });
  return { tableName, documentClient, openWriter };
}

describeEachDynamoDbEngine('audit appends without a race', (engine) => {
  it('writes 200 concurrent appends to one chain with at most two write attempts per entry, as one append', async () => {
    // Prepare
    const tableName = await freshTable(engine);
    const documentClient = engine.documentClient();
    const writes = countDynamoDbWrites(documentClient);
    const auditLog = new DynamoDbAuditLog({ documentClient, tableName });
    await auditLog.append(readInput({ voiceConnectorId: connectorNumber(999) }));
    const single = writes.total();
    writes.reset();

    // Act
    const entries = await Promise.all(
      Array.from({ length: 200 }, (_, index) => auditLog.append(readInput({ details: { request: index } }))),
    );

    // Assess
    expect(single).toBe(2);
    expect(entries.map((entry) => entry.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 200 }, (_, index) => index + 1),
    );
    expect(writes.total() / 200).toBeLessThanOrEqual(2);
    expect(writes.byCommand.get('PutItemCommand')).toBe(200);
    expect(await auditLog.verifyConnector(CONNECTOR)).toMatchObject({ intact: true, summary: 'intact (200 entries)' });
  }, 120_000);

  it('writes 200 appends to 200 chains with two write attempts each, every chain intact', async () => {
    // Prepare
    const tableName = await freshTable(engine);
    const documentClient = engine.documentClient();
    const writes = countDynamoDbWrites(documentClient);
    const auditLog = new DynamoDbAuditLog({ documentClient, tableName });

    // Act
    await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        auditLog.append(readInput({ voiceConnectorId: connectorNumber(index) })),
      ),
    );

    // Assess
    expect(writes.total()).toBe(400);
    const verdicts = await Promise.all(
      Array.from({ length: 200 }, (_, index) => auditLog.verifyConnector(connectorNumber(index))),
    );
    expect(verdicts.filter((verdict) => verdict.summary !== 'intact (1 entry)')).toEqual([]);
  }, 120_000);

  it('keeps one chain gap-free and linked when two processes append to it at once', async () => {
    // Prepare: two adapters with their own clients stand for two worker processes.
    const tableName = await freshTable(engine);
    const first = new DynamoDbAuditLog({ documentClient: engine.documentClient(), tableName });
    const second = new DynamoDbAuditLog({ documentClient: engine.documentClient(), tableName });

    // Act
    await Promise.all(
      Array.from({ length: 60 }, (_, index) =>
        (index % 2 === 0 ? first : second).append(readInput({ details: { request: index } })),
      ),
    );

    // Assess
    expect(await first.verifyConnector(CONNECTOR)).toMatchObject({ intact: true, summary: 'intact (60 entries)' });
  }, 120_000);

  it('voids a position whose writer stopped after reserving it, once its deadline passed, and says so', async () => {
    // Prepare: a writer reserves position 2 and dies before writing it.
    const { tableName, documentClient, openWriter } = await freshTableWithWriters(engine, 300);
    const auditLog = openWriter();
    await auditLog.append(readInput());
    const dead = openWriter();
    await dead.sequence.reserve(`vc:${CONNECTOR}`, 1, 0, new Date());

    // Act: another process appends, waits for position 2 until its deadline, then voids it.
    const other = openWriter();
    const third = await other.append(readInput({ outcome: 'failed' }));

    // Assess
    expect(third.seq).toBe(3);
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: tableName, Key: { chain: `vc:${CONNECTOR}`, seq: 2 }, ConsistentRead: true }),
    );
    expect(Item?.void).toMatchObject({ reason: 'writer-stopped' });
    expect(await other.verifyConnector(CONNECTOR)).toMatchObject({
      intact: true,
      summary: 'intact (2 entries, 1 void position (a writer stopped))',
    });
    expect((await other.recentForConnector(CONNECTOR, 10)).map((entry) => entry.seq)).toEqual([3, 1]);
  }, 60_000);

  it('does not void an entry deleted behind its writer’s back: the gap is reported as a removal', async () => {
    // Prepare: entry 2 is written, then deleted, and a writer of another process appends after it
    // once entry 2's deadline is long past (nobody was waiting for it).
    const { tableName, documentClient, openWriter } = await freshTableWithWriters(engine, 100);
    const writer = openWriter();
    await writer.append(readInput());
    await writer.append(readInput());
    await documentClient.send(new DeleteCommand({ TableName: tableName, Key: { chain: `vc:${CONNECTOR}`, seq: 2 } }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const other = openWriter();

    // Act
    const next = await other.append(readInput());

    // Assess
    expect(next.seq).toBe(3);
    const verdict = await other.verifyConnector(CONNECTOR);
    expect(verdict.firstBreak).toEqual({ kind: 'removed', seq: 2 });
  }, 60_000);

  it('migrates a table written by the previous version: history kept as it was, appends continue after it', async () => {
    // Prepare: the items the previous version's writer left (entries and a head record per chain).
    const tableName = await freshTable(engine);
    const documentClient = engine.documentClient();
    for (const item of PREVIOUS_VERSION_ITEMS)
      await documentClient.send(new PutCommand({ TableName: tableName, Item: item }));
    const old = PREVIOUS_VERSION_ITEMS.filter((item) => item.chain === `vc:${CONNECTOR}`);
    const headBefore = await documentClient.send(
      new GetCommand({ TableName: tableName, Key: { chain: headKeyFor(`vc:${CONNECTOR}`), seq: 0 } }),
    );

    // Act
    const auditLog = new DynamoDbAuditLog({ documentClient, tableName });
    const listedBefore = await auditLog.recentForConnector(CONNECTOR, 10);
    const appended = await Promise.all(Array.from({ length: 5 }, () => auditLog.append(readInput())));
    const workspace = await auditLog.append(readInput({ voiceConnectorId: undefined, action: 'command' }));

    // Assess: the old entries are untouched (same items, same hashes), the new ones continue the chain.
    expect(old).toHaveLength(4);
    expect(listedBefore).toEqual([...old].reverse());
    for (const entry of old) {
      const { Item } = await documentClient.send(
        new GetCommand({ TableName: tableName, Key: { chain: entry.chain, seq: entry.seq }, ConsistentRead: true }),
      );
      expect(Item).toEqual(entry);
    }
    expect(appended.map((entry) => entry.seq).sort((a, b) => a - b)).toEqual([5, 6, 7, 8, 9]);
    expect(appended.find((entry) => entry.seq === 5)?.prevHash).toBe(old[3]?.hash);
    expect(workspace).toMatchObject({ chain: 'ws:T1', seq: 2 });
    const headAfter = await documentClient.send(
      new GetCommand({ TableName: tableName, Key: { chain: headKeyFor(`vc:${CONNECTOR}`), seq: 0 } }),
    );
    expect(headAfter.Item).toEqual(headBefore.Item);
    expect(await auditLog.verifyConnector(CONNECTOR)).toMatchObject({ intact: true, summary: 'intact (9 entries)' });
    expect(await auditLog.verifyChain('ws:T1')).toMatchObject({ intact: true, summary: 'intact (2 entries)' });
  }, 60_000);
});
