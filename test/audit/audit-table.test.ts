import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { expect, it } from 'vitest';
import { AuditIndex, auditTableDefinition } from '../../src/audit/audit-table';
import { ensureTables } from '../../src/storage/ensure-tables';
import { describeEachDynamoDbEngine, uniqueTableName } from '../support/dynamodb';

describeEachDynamoDbEngine('audit table', (engine) => {
  it('is created on demand, on-demand billed, keyed by chain and seq, with the three time indexes', async () => {
    // Prepare
    const client = engine.client();
    const tableName = uniqueTableName('audit-table');

    // Act
    const created = await ensureTables(client, [auditTableDefinition(tableName)]);

    // Assess
    expect(created).toEqual([tableName]);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'chain', KeyType: 'HASH' },
      { AttributeName: 'seq', KeyType: 'RANGE' },
    ]);
    const indexes = (Table?.GlobalSecondaryIndexes ?? []).map((index) => [
      index.IndexName,
      index.KeySchema?.map((key) => key.AttributeName),
      index.IndexStatus,
    ]);
    expect(indexes.sort()).toEqual(
      [
        [AuditIndex.ByActor, ['actorUserId', 'time'], 'ACTIVE'],
        [AuditIndex.ByChangeRequest, ['changeRequestId', 'time'], 'ACTIVE'],
        [AuditIndex.ByTeam, ['actorTeamId', 'time'], 'ACTIVE'],
      ].sort(),
    );
  });

  it('is left alone when it already exists', async () => {
    // Prepare
    const client = engine.client();
    const definition = auditTableDefinition(uniqueTableName('audit-table'));
    await ensureTables(client, [definition]);

    // Act
    const created = await ensureTables(client, [definition]);

    // Assess
    expect(created).toEqual([]);
  });
});
