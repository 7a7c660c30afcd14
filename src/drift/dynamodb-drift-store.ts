import { ConditionalCheckFailedException, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { VoiceConnectorRef } from '../chime/voice-connector';
import { payPerRequestTable } from '../storage/table-definition';
import {
  type CheckCursor,
  CheckCursorSchema,
  type DriftRecord,
  DriftRecordConflictError,
  DriftRecordSchema,
  type DriftStore,
} from './drift-store';

const CURSOR_KEY = 'cursor#scheduled-check';

/**
 * The drift table: `pk` is `connector#<region>#<id>` for a connector's baseline and open alert,
 * and `cursor#scheduled-check` for where the scheduled check stopped. Nothing here is a secret
 * (credentials are usernames only).
 */
export function driftTableDefinition(tableName: string): CreateTableCommandInput {
  return payPerRequestTable(tableName, { attributes: { pk: 'S' }, key: { partition: 'pk' } });
}

function keyOf(ref: VoiceConnectorRef): string {
  return `connector#${ref.region}#${ref.voiceConnectorId}`;
}

/** Items are checked on read: the table is a trust boundary like any other. */
export class DynamoDbDriftStore implements DriftStore {
  constructor(
    private readonly documentClient: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(ref: VoiceConnectorRef): Promise<DriftRecord | undefined> {
    const { Item } = await this.documentClient.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: keyOf(ref) }, ConsistentRead: true }),
    );
    if (Item === undefined) return undefined;
    const { pk: _pk, ...record } = Item;
    return DriftRecordSchema.parse(record);
  }

  async create(
    record: Pick<DriftRecord, 'voiceConnectorId' | 'region' | 'baseline' | 'baselineSource'>,
    now: number,
  ): Promise<boolean> {
    const item: DriftRecord = { ...record, baselineRev: 1, baselineAt: now, rev: 1 };
    try {
      await this.documentClient.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: keyOf(record), ...DriftRecordSchema.parse(item) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async replace(record: DriftRecord, expectedRev: number): Promise<DriftRecord> {
    const next = DriftRecordSchema.parse({ ...record, rev: expectedRev + 1 });
    try {
      await this.documentClient.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: keyOf(record), ...next },
          ConditionExpression: '#rev = :expected',
          ExpressionAttributeNames: { '#rev': 'rev' },
          ExpressionAttributeValues: { ':expected': expectedRev },
        }),
      );
      return next;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new DriftRecordConflictError(undefined, { cause: error });
      throw error;
    }
  }

  async getCursor(): Promise<CheckCursor | undefined> {
    const { Item } = await this.documentClient.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: CURSOR_KEY }, ConsistentRead: true }),
    );
    if (Item === undefined) return undefined;
    const { pk: _pk, ...cursor } = Item;
    return CheckCursorSchema.parse(cursor);
  }

  async putCursor(cursor: CheckCursor, expectedRev: number): Promise<boolean> {
    const next = CheckCursorSchema.parse({ ...cursor, rev: expectedRev + 1 });
    try {
      await this.documentClient.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: CURSOR_KEY, ...next },
          ConditionExpression: expectedRev === 0 ? 'attribute_not_exists(pk)' : '#rev = :expected',
          ...(expectedRev === 0
            ? {}
            : { ExpressionAttributeNames: { '#rev': 'rev' }, ExpressionAttributeValues: { ':expected': expectedRev } }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
