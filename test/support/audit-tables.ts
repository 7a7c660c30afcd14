import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { auditSequenceTableDefinition } from '../../src/audit/audit-sequence';
import { auditTableDefinition } from '../../src/audit/audit-table';

/** The audit table and its sequence table (`<name>-sequence`, the adapter's default), for `ensureTables`. */
export function auditTables(tableName: string): CreateTableCommandInput[] {
  return [auditTableDefinition(tableName), auditSequenceTableDefinition(`${tableName}-sequence`)];
}
