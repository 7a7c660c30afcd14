import { DeleteCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';

/**
 * Deletes the newest entries of a chain and rewinds its sequence counter (`<table>-sequence`) to
 * match, as someone covering their tracks would: the chain itself then looks whole, and only a
 * signed checkpoint can tell. `rewindBlockStart` also moves the counter's block start back.
 */
export async function deleteNewestEntries(
  documentClient: DynamoDBDocumentClient,
  tableName: string,
  chain: string,
  deleted: { seqs: number[]; next: number; rewindBlockStart?: boolean },
): Promise<void> {
  for (const seq of deleted.seqs) {
    await documentClient.send(new DeleteCommand({ TableName: tableName, Key: { chain, seq } }));
  }
  await documentClient.send(
    new UpdateCommand({
      TableName: `${tableName}-sequence`,
      Key: { chain },
      UpdateExpression: deleted.rewindBlockStart ? 'SET #next = :next, blockStart = :next' : 'SET #next = :next',
      ExpressionAttributeNames: { '#next': 'next' },
      ExpressionAttributeValues: { ':next': deleted.next },
    }),
  );
}
