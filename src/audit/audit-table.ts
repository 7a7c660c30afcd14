import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { payPerRequestTable, type TableIndex } from '../storage/table-definition';

/**
 * The audit table's indexes. Each listing the bot offers is one Query on one of these (or on the
 * table itself for a connector's chain), never a Scan.
 */
export const AuditIndex = {
  /** Newest entries of a workspace: `actorTeamId` + `time`. */
  ByTeam: 'by-team-time',
  /** Newest entries of one person: `actorUserId` + `time`. */
  ByActor: 'by-actor-time',
  /** Every entry about one change request: `changeRequestId` + `time`. */
  ByChangeRequest: 'by-change-request-time',
} as const;
export type AuditIndex = (typeof AuditIndex)[keyof typeof AuditIndex];

/**
 * The audit table: entries (and void records) under `chain` (S, `vc:<id>` or `ws:<team>`) + `seq`
 * (N, 1, 2, …); the head records the previous version wrote under `chain` = `head#<chain>`, `seq` = 0;
 * the checkpoint index rows under `chain` = `checkpoint` or `checkpoint#<chain>`, `seq` = the
 * checkpoint's number. Only entries carry `actorTeamId`, `actorUserId` and `changeRequestId`, so
 * only entries appear in the indexes. No TTL, on purpose: entries are kept for good. The chains'
 * counters live in a table of their own (`audit-sequence.ts`).
 *
 * The bot's IAM role needs only `dynamodb:PutItem`, `GetItem` and `Query` on this table and its
 * indexes; it must have no `UpdateItem`, `DeleteItem`, `BatchWriteItem` or table-altering action.
 * `serverless.yml` declares the same schema; a test compares the two through this function.
 *
 * @example
 * await ensureTables(client, [auditTableDefinition(config.auditTable)]);
 */
export function auditTableDefinition(tableName: string): CreateTableCommandInput {
  const byTime = (name: AuditIndex, partition: string): TableIndex => ({
    name,
    key: { partition, sort: 'time' },
    projection: 'ALL',
  });
  return payPerRequestTable(tableName, {
    attributes: { chain: 'S', seq: 'N', actorTeamId: 'S', actorUserId: 'S', changeRequestId: 'S', time: 'S' },
    key: { partition: 'chain', sort: 'seq' },
    indexes: [
      byTime(AuditIndex.ByTeam, 'actorTeamId'),
      byTime(AuditIndex.ByActor, 'actorUserId'),
      byTime(AuditIndex.ByChangeRequest, 'changeRequestId'),
    ],
  });
}
