import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const WRITE_COMMANDS = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

/** Write attempts sent so far, by command name; every SDK retry is counted as an attempt of its own. */
export interface DynamoDbWriteCount {
  readonly byCommand: Map<string, number>;
  total(): number;
  reset(): void;
}

/**
 * Counts the DynamoDB write attempts a client sends, retries included (the middleware sits inside
 * the SDK's retry loop). For the benchmark and the tests of the audit log's write budget.
 *
 * @example
 * const writes = countDynamoDbWrites(documentClient);
 * await auditLog.append(entry);
 * writes.total(); // 2: the reservation and the entry
 */
export function countDynamoDbWrites(client: DynamoDBClient | DynamoDBDocumentClient): DynamoDbWriteCount {
  const byCommand = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (WRITE_COMMANDS.has(context.commandName ?? '')) {
        byCommand.set(context.commandName ?? '', (byCommand.get(context.commandName ?? '') ?? 0) + 1);
      }
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'countDynamoDbWriteAttempts' },
  );
  return {
    byCommand,
    total: () => [...byCommand.values()].reduce((sum, count) => sum + count, 0),
    reset: () => byCommand.clear(),
  };
}
