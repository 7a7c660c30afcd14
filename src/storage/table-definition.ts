import type { CreateTableCommandInput, KeySchemaElement } from '@aws-sdk/client-dynamodb';

/** A table's or an index's key: its partition (HASH) attribute and, for a sorted one, its sort (RANGE) attribute. */
export interface TableKey {
  partition: string;
  sort?: string;
}

/** A global secondary index: its name, key, and which attributes it copies. */
export interface TableIndex {
  name: string;
  key: TableKey;
  projection: 'ALL' | 'KEYS_ONLY';
}

/**
 * An on-demand (pay-per-request) table, as `ensureTables` creates it and `serverless.yml` declares
 * it: `attributes` lists every key attribute of the table and its indexes with its type.
 *
 * @example
 * payPerRequestTable('drift', { attributes: { pk: 'S' }, key: { partition: 'pk' } });
 */
export function payPerRequestTable(
  tableName: string,
  table: { attributes: Record<string, 'S' | 'N'>; key: TableKey; indexes?: readonly TableIndex[] },
): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: Object.entries(table.attributes).map(([AttributeName, AttributeType]) => ({
      AttributeName,
      AttributeType,
    })),
    KeySchema: keySchema(table.key),
    ...(table.indexes === undefined
      ? {}
      : {
          GlobalSecondaryIndexes: table.indexes.map(({ name, key, projection }) => ({
            IndexName: name,
            KeySchema: keySchema(key),
            Projection: { ProjectionType: projection },
          })),
        }),
  };
}

function keySchema({ partition, sort }: TableKey): KeySchemaElement[] {
  return [
    { AttributeName: partition, KeyType: 'HASH' },
    ...(sort === undefined ? [] : [{ AttributeName: sort, KeyType: 'RANGE' as const }]),
  ];
}
