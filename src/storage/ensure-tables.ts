import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';

export interface EnsureTablesOptions {
  /** How long to wait for each table (and its indexes) to become ACTIVE. */
  timeoutMs?: number;
}

/**
 * Creates the tables that do not exist yet and waits until every one of them, and each of its global
 * secondary indexes, is ACTIVE. Existing tables are left as they are (their schema is not compared).
 * Used at start-up when `DYNAMODB_CREATE_TABLES=true` (local runs, the sandbox, tests); in AWS the
 * tables come from `serverless.yml`. Returns the names of the tables it created.
 *
 * @example
 * await ensureTables(dynamoDbClient, [auditTableDefinition('chime-voice-ops-audit')]);
 */
export async function ensureTables(
  client: DynamoDBClient,
  definitions: CreateTableCommandInput[],
  options: EnsureTablesOptions = {},
): Promise<string[]> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const created: string[] = [];
  for (const definition of definitions) {
    const tableName = definition.TableName;
    if (!tableName) throw new TypeError('A table definition has no TableName');
    if (!(await describeTable(client, tableName))) {
      try {
        await client.send(new CreateTableCommand(definition));
        created.push(tableName);
      } catch (error) {
        // Another process (a second Lambda instance, a parallel test) created it first: just wait for it.
        if (!(error instanceof ResourceInUseException)) throw error;
      }
    }
    await waitUntilActive(client, tableName, timeoutMs);
  }
  return created;
}

async function describeTable(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

async function waitUntilActive(client: DynamoDBClient, tableName: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let delayMs = 50;
  for (;;) {
    const table = await describeTable(client, tableName);
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (table?.TableStatus === 'ACTIVE' && indexesActive) return;
    if (Date.now() + delayMs > deadline) {
      throw new Error(`Table ${tableName} did not become ACTIVE within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    delayMs = Math.min(delayMs * 2, 2_000);
  }
}
