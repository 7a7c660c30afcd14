import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

/** Every item a Query answers, page after page (each page starts at the last one's `LastEvaluatedKey`). */
export function queryItems(client: DynamoDBDocumentClient, input: QueryCommandInput): AsyncIterable<Item> {
  return allPages((ExclusiveStartKey) => client.send(new QueryCommand({ ...input, ExclusiveStartKey })));
}

/** Every item a Scan reads, page after page. */
export function scanItems(client: DynamoDBDocumentClient, input: ScanCommandInput): AsyncIterable<Item> {
  return allPages((ExclusiveStartKey) => client.send(new ScanCommand({ ...input, ExclusiveStartKey })));
}

async function* allPages(
  readPage: (startKey: Item | undefined) => Promise<{ Items?: Item[]; LastEvaluatedKey?: Item }>,
): AsyncIterable<Item> {
  let startKey: Item | undefined;
  do {
    const page = await readPage(startKey);
    yield* page.Items ?? [];
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}
