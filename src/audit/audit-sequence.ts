import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { queryItems } from '../storage/item-pages';
import { payPerRequestTable } from '../storage/table-definition';

/**
 * # The sequence table: one counter per audit chain
 *
 * Positions in a chain are handed out by an atomic counter kept outside the audit table (the bot's
 * role may only `PutItem`, `GetItem` and `Query` the audit table; here it may `UpdateItem`). One
 * `UpdateItem` reserves a block of consecutive positions for however many entries a writer has
 * queued, so concurrent writers never race for the same position and nobody retries.
 *
 * Each item also says when its newest block was reserved and where that block starts: the writer
 * of the next block learns both from the same `UpdateItem` (its old values), which tells it whose
 * entries it is waiting for and until when (see `dynamodb-audit-log.ts`). The index `by-activity`
 * lists chains by the time of their newest reservation, so that a checkpoint finds the chains
 * that changed with a Query, never a Scan.
 *
 * @example
 * await ensureTables(client, [auditSequenceTableDefinition('chime-voice-ops-audit-sequence')]);
 */
export const AUDIT_SEQUENCE_ACTIVITY_INDEX = 'by-activity';

/** Every item has the same `activity` value, so one index partition holds every chain by time. */
const ACTIVITY = 'chain';

export function auditSequenceTableDefinition(tableName: string): CreateTableCommandInput {
  return payPerRequestTable(tableName, {
    attributes: { chain: 'S', activity: 'S', reservedAt: 'S' },
    key: { partition: 'chain' },
    indexes: [
      {
        name: AUDIT_SEQUENCE_ACTIVITY_INDEX,
        key: { partition: 'activity', sort: 'reservedAt' },
        projection: 'KEYS_ONLY',
      },
    ],
  });
}

/** A chain's counter as stored. */
export interface ChainCounter {
  /** The last position handed out. */
  next: number;
  /** ISO-8601 time of the newest reservation. */
  reservedAt: string;
  /** First position of the newest reservation (its last is `next`). */
  blockStart: number;
}

/** What one reservation got, and what the reservation before it had been. */
export interface Reservation {
  first: number;
  last: number;
  reservedAt: string;
  /** The block reserved just before this one (absent for the first reservation of the chain). */
  previous?: { first: number; last: number; reservedAt: string };
}

const counterSchema = z.object({
  next: z.int().min(0),
  reservedAt: z.iso.datetime({ precision: 3 }),
  blockStart: z.int().min(0),
});

const oldValuesSchema = z.object({
  next: z.int().min(0).optional(),
  reservedAt: z.iso.datetime({ precision: 3 }).optional(),
  blockStart: z.int().min(0).optional(),
});

/** The sequence table, in our words. Adapter: DynamoDB through the document client. */
export class AuditSequence {
  constructor(
    private readonly documentClient: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  /**
   * Reserves `count` consecutive positions of `chain` with one `UpdateItem`. `base` is where a chain
   * without a counter starts (its newest entry written by the previous version, or 0).
   */
  async reserve(chain: string, count: number, base: number, now: Date): Promise<Reservation> {
    const reservedAt = now.toISOString();
    const { Attributes } = await this.documentClient.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { chain },
        UpdateExpression:
          'SET #next = if_not_exists(#next, :base) + :count, #reservedAt = :reservedAt, ' +
          '#blockStart = if_not_exists(#next, :base) + :one, #activity = :activity',
        ExpressionAttributeNames: {
          '#next': 'next',
          '#reservedAt': 'reservedAt',
          '#blockStart': 'blockStart',
          '#activity': 'activity',
        },
        ExpressionAttributeValues: {
          ':base': base,
          ':count': count,
          ':one': 1,
          ':reservedAt': reservedAt,
          ':activity': ACTIVITY,
        },
        ReturnValues: 'UPDATED_OLD',
      }),
    );
    const old = oldValuesSchema.parse(Attributes ?? {});
    const before = old.next ?? base;
    const previous =
      old.next !== undefined && old.reservedAt !== undefined && old.blockStart !== undefined && old.next > 0
        ? { first: old.blockStart, last: old.next, reservedAt: old.reservedAt }
        : undefined;
    return { first: before + 1, last: before + count, reservedAt, previous };
  }

  /** The chain's counter, or `undefined` when no append of this version has touched the chain. */
  async read(chain: string): Promise<ChainCounter | undefined> {
    const { Item } = await this.documentClient.send(
      new GetCommand({ TableName: this.tableName, Key: { chain }, ConsistentRead: true }),
    );
    return Item === undefined ? undefined : counterSchema.parse(Item);
  }

  /** Chains whose newest reservation is at or after `since`: one Query on `by-activity`. */
  async changedSince(since: Date): Promise<string[]> {
    const chains: string[] = [];
    const items = queryItems(this.documentClient, {
      TableName: this.tableName,
      IndexName: AUDIT_SEQUENCE_ACTIVITY_INDEX,
      KeyConditionExpression: '#activity = :activity AND #reservedAt >= :since',
      ExpressionAttributeNames: { '#activity': 'activity', '#reservedAt': 'reservedAt' },
      ExpressionAttributeValues: { ':activity': ACTIVITY, ':since': since.toISOString() },
    });
    for await (const item of items) if (typeof item.chain === 'string') chains.push(item.chain);
    return [...new Set(chains)].sort();
  }
}
