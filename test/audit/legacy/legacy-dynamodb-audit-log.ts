/**
 * The audit log writer as it was before the counter-based appends (commit e98cb4d), kept verbatim
 * (imports and class name aside) so that the migration test can write a table exactly as the
 * previous version did: entries under read-head-then-conditional-put, and a head record per chain.
 */
import { randomUUID } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import {
  type ChainHead,
  chainNameFor,
  connectorChainName,
  GENESIS_PREV_HASH,
  HEAD_KEY_PREFIX,
  headKeyFor,
  sealEntry,
  verifyChainRecords,
} from '../../../src/audit/audit-chain';
import {
  type AuditEntry,
  type AuditEntryInput,
  AuditUnavailableError,
  type JsonValue,
} from '../../../src/audit/audit-entry';
import {
  auditQueryLimitSchema,
  parseAuditEntryInput,
  storedAuditEntrySchema,
  storedChainHeadSchema,
} from '../../../src/audit/audit-entry-validation';
import type { AuditLog, ChainVerification } from '../../../src/audit/audit-log';
import { AuditIndex } from '../../../src/audit/audit-table';

export interface DynamoDbAuditLogOptions {
  /** Give it a client whose SDK retries suit you: transient errors are retried there, not here. */
  documentClient: DynamoDBDocumentClient;
  tableName: string;
  /** Milliseconds since the epoch; structurally the project's `Clock` (`src/clock.ts`). */
  clock?: { now(): number };
  newId?: () => string;
  /** How often one append may lose the race for the next sequence number before giving up. */
  maxConflictRetries?: number;
  /** Source of backoff jitter, in [0, 1). */
  random?: () => number;
}

/** What the CLI export writes per line: a stored record as it is, every attribute a JSON value. */
export type AuditExportRecord = { [key: string]: JsonValue };

export interface AuditExportFilter {
  voiceConnectorId?: string;
  /** Only entries whose `time` is at or after this instant. */
  since?: Date;
}

/** The newest entry of a chain, as far as an append needs it. */
const chainTipSchema = z.object({ seq: z.int().min(1), hash: z.string().regex(/^[0-9a-f]{64}$/) });

/** Readers tolerate unknown attributes (verify does not); everything they return is still checked. */
const readableEntrySchema = z.object(storedAuditEntrySchema.shape);

/**
 * The audit log on DynamoDB (table: `auditTableDefinition`). Appends are serialised per chain by
 * conditional writes alone, so it works on DynamoDB, DynamoDB Local and dynalite (no transactions).
 *
 * An append reads the chain's head record (consistently), looks for entries written past it (a
 * writer may have stopped before moving the head), writes `seq + 1` only if that slot is free
 * (`attribute_not_exists`), and on losing the race re-reads and retries after a jittered backoff.
 * Once its entry is written it moves the head forward with a conditional put that never moves it
 * back. Nothing here updates or deletes an item.
 *
 * @example
 * const auditLog = new DynamoDbAuditLog({ documentClient: DynamoDBDocumentClient.from(client), tableName: 'chime-voice-ops-audit' });
 * await auditLog.append({ actorUserId: 'U123', actorTeamId: 'T1', action: 'read.proxy',
 *   voiceConnectorId: 'abcdef1234567890abcdef', region: 'us-east-1', outcome: 'ok', latencyMs: 84 });
 * const verdict = await auditLog.verifyConnector('abcdef1234567890abcdef'); // verdict.summary: 'intact (1 entry)'
 */
export class LegacyDynamoDbAuditLog implements AuditLog {
  private readonly documentClient: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly clock: { now(): number };
  private readonly newId: () => string;
  private readonly maxConflictRetries: number;
  private readonly random: () => number;

  constructor(options: DynamoDbAuditLogOptions) {
    this.documentClient = options.documentClient;
    this.tableName = options.tableName;
    this.clock = options.clock ?? { now: () => Date.now() };
    this.newId = options.newId ?? randomUUID;
    this.maxConflictRetries = options.maxConflictRetries ?? 100;
    this.random = options.random ?? Math.random;
  }

  async append(input: AuditEntryInput): Promise<AuditEntry> {
    const checked = parseAuditEntryInput(input);
    const chain = chainNameFor(checked);
    const id = this.newId();
    let takenSeq: number | undefined;
    for (let conflicts = 0; ; conflicts++) {
      const tip = await this.tipOf(chain, takenSeq);
      const entry = sealEntry(checked, {
        id,
        time: new Date(this.clock.now()).toISOString(),
        chain,
        seq: tip.seq + 1,
        prevHash: tip.hash,
      });
      if (await this.putEntryIfSlotFree(entry)) {
        await this.advanceHead(entry);
        return entry;
      }
      takenSeq = entry.seq;
      if (conflicts >= this.maxConflictRetries) {
        throw new AuditUnavailableError(
          `The audit log is unavailable: chain ${chain} stayed contended for ${conflicts + 1} attempts`,
        );
      }
      // Full jitter: losers spread out instead of colliding again on the next sequence number.
      await sleep(this.random() * Math.min(500, 10 * 2 ** conflicts));
    }
  }

  async recentForConnector(voiceConnectorId: string, limit: number): Promise<AuditEntry[]> {
    return this.queryEntries(
      {
        KeyConditionExpression: '#chain = :chain',
        ExpressionAttributeNames: { '#chain': 'chain' },
        ExpressionAttributeValues: { ':chain': connectorChainName(voiceConnectorId) },
        ScanIndexForward: false,
      },
      auditQueryLimitSchema.parse(limit),
    );
  }

  async recentForTeam(teamId: string, limit: number): Promise<AuditEntry[]> {
    return this.queryEntries(
      {
        IndexName: AuditIndex.ByTeam,
        KeyConditionExpression: '#team = :team',
        ExpressionAttributeNames: { '#team': 'actorTeamId' },
        ExpressionAttributeValues: { ':team': teamId },
        ScanIndexForward: false,
      },
      auditQueryLimitSchema.parse(limit),
    );
  }

  async recentForActor(userId: string, limit: number, voiceConnectorId?: string): Promise<AuditEntry[]> {
    // A filter, not another index: an actor's own entries are few, and pages are read only until `limit` match.
    const query: Omit<QueryCommandInput, 'TableName'> = {
      IndexName: AuditIndex.ByActor,
      KeyConditionExpression: '#actor = :actor',
      ExpressionAttributeNames: { '#actor': 'actorUserId' },
      ExpressionAttributeValues: { ':actor': userId },
      ScanIndexForward: false,
    };
    if (voiceConnectorId) {
      query.FilterExpression = '#connector = :connector';
      query.ExpressionAttributeNames = { ...query.ExpressionAttributeNames, '#connector': 'voiceConnectorId' };
      query.ExpressionAttributeValues = { ...query.ExpressionAttributeValues, ':connector': voiceConnectorId };
    }
    return this.queryEntries(query, auditQueryLimitSchema.parse(limit));
  }

  async forChangeRequest(changeRequestId: string): Promise<AuditEntry[]> {
    return this.queryEntries({
      IndexName: AuditIndex.ByChangeRequest,
      KeyConditionExpression: '#changeRequest = :changeRequest',
      ExpressionAttributeNames: { '#changeRequest': 'changeRequestId' },
      ExpressionAttributeValues: { ':changeRequest': changeRequestId },
      ScanIndexForward: true,
    });
  }

  async verifyConnector(voiceConnectorId: string): Promise<ChainVerification> {
    return this.verifyChain(connectorChainName(voiceConnectorId));
  }

  /** Recomputes any chain by name (`vc:<id>` or `ws:<team>`); see `verifyChainRecords` for the verdicts. */
  async verifyChain(chain: string): Promise<ChainVerification> {
    return this.unavailableOnFailure(async () => {
      const headItem = await this.getItem(headKeyFor(chain), 0);
      const parsedHead = headItem === undefined ? undefined : storedChainHeadSchema.safeParse(headItem);
      let head: ChainHead | 'invalid' | undefined;
      if (parsedHead) head = parsedHead.success ? parsedHead.data : 'invalid';
      const records: Record<string, unknown>[] = [];
      for await (const item of this.chainItems(chain)) records.push(item);
      return verifyChainRecords(chain, records, head);
    });
  }

  /**
   * Every chain name in the table (`vc:…` and `ws:…`), sorted, including chains that only have a
   * head record left. A Scan: meant for the CLI, never for the bot.
   */
  async listChains(): Promise<string[]> {
    return this.unavailableOnFailure(async () => {
      const chains = new Set<string>();
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.documentClient.send(
          new ScanCommand({
            TableName: this.tableName,
            ProjectionExpression: '#chain',
            ExpressionAttributeNames: { '#chain': 'chain' },
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) {
          const name = item.chain;
          if (typeof name === 'string')
            chains.add(name.startsWith(HEAD_KEY_PREFIX) ? name.slice(HEAD_KEY_PREFIX.length) : name);
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return [...chains].sort();
    });
  }

  /**
   * The stored records, chain by chain (sorted by name), each chain in `seq` order, exactly as
   * stored (so that an auditor can re-hash them). Head records are not included.
   */
  async *exportEntries(filter: AuditExportFilter = {}): AsyncIterable<AuditExportRecord> {
    const chains = filter.voiceConnectorId ? [connectorChainName(filter.voiceConnectorId)] : await this.listChains();
    const since = filter.since?.toISOString();
    for (const chain of chains) {
      const items = this.chainItems(chain)[Symbol.asyncIterator]();
      for (;;) {
        const next = await this.unavailableOnFailure(() => items.next());
        if (next.done) break;
        const time = next.value.time;
        // A record without a readable time is an anomaly the auditor should see, so it is kept.
        if (since && typeof time === 'string' && time < since) continue;
        yield toExportRecord(next.value);
      }
    }
  }

  /**
   * The newest entry of a chain (seq and hash), or the genesis position for an empty chain. After a
   * lost race for `takenSeq`, that entry exists, so the head need not be read again.
   */
  private async tipOf(chain: string, takenSeq?: number): Promise<{ seq: number; hash: string }> {
    return this.unavailableOnFailure(async () => {
      if (takenSeq !== undefined) {
        const newest = await this.newestEntryFrom(chain, takenSeq);
        if (newest) return newest;
      }
      const headItem = await this.getItem(headKeyFor(chain), 0);
      let tip = { seq: 0, hash: GENESIS_PREV_HASH };
      if (headItem) {
        const head = storedChainHeadSchema.parse(headItem);
        tip = { seq: head.lastSeq, hash: head.lastHash };
      }
      return (await this.newestEntryFrom(chain, tip.seq + 1)) ?? tip;
    });
  }

  private async newestEntryFrom(chain: string, fromSeq: number): Promise<{ seq: number; hash: string } | undefined> {
    const { Items } = await this.documentClient.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#chain = :chain AND #seq >= :seq',
        ExpressionAttributeNames: { '#chain': 'chain', '#seq': 'seq' },
        ExpressionAttributeValues: { ':chain': chain, ':seq': fromSeq },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const newest = Items?.[0];
    return newest ? chainTipSchema.parse(newest) : undefined;
  }

  /** True when the entry was written; false when another writer took its `seq` first. */
  private async putEntryIfSlotFree(entry: AuditEntry): Promise<boolean> {
    try {
      await this.documentClient.send(
        new PutCommand({
          TableName: this.tableName,
          Item: entry,
          ConditionExpression: 'attribute_not_exists(#seq)',
          ExpressionAttributeNames: { '#seq': 'seq' },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionalCheckFailure(error)) {
        throw new AuditUnavailableError('The audit log is unavailable: the entry could not be written', {
          cause: error,
        });
      }
      // When the SDK retried the put, an earlier attempt may have landed and the retry collided with it.
      if (sdkAttempts(error) > 1) {
        const occupant = await this.unavailableOnFailure(() => this.getItem(entry.chain, entry.seq));
        return occupant?.id === entry.id;
      }
      return false;
    }
  }

  private async advanceHead(entry: AuditEntry): Promise<void> {
    try {
      await this.documentClient.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            chain: headKeyFor(entry.chain),
            seq: 0,
            lastSeq: entry.seq,
            lastHash: entry.hash,
            updatedAt: entry.time,
          },
          ConditionExpression: 'attribute_not_exists(#chain) OR #lastSeq < :seq',
          ExpressionAttributeNames: { '#chain': 'chain', '#lastSeq': 'lastSeq' },
          ExpressionAttributeValues: { ':seq': entry.seq },
        }),
      );
    } catch {
      // The entry is written, which is what the caller needs. Either a later writer already moved the
      // head further (a conditional failure), or the head now lags: the next append finds the entries
      // past it and moves it on, and verify accepts a lagging head.
    }
  }

  private async getItem(chain: string, seq: number): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.documentClient.send(
      new GetCommand({ TableName: this.tableName, Key: { chain, seq }, ConsistentRead: true }),
    );
    return Item;
  }

  /** Every item of a chain's partition, oldest first, read consistently page by page. */
  private async *chainItems(chain: string): AsyncIterable<Record<string, unknown>> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documentClient.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#chain = :chain',
          ExpressionAttributeNames: { '#chain': 'chain' },
          ExpressionAttributeValues: { ':chain': chain },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      yield* page.Items ?? [];
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  private async queryEntries(query: Omit<QueryCommandInput, 'TableName'>, limit?: number): Promise<AuditEntry[]> {
    return this.unavailableOnFailure(async () => {
      const entries: AuditEntry[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.documentClient.send(
          new QueryCommand({
            ...query,
            TableName: this.tableName,
            // With a filter, DynamoDB applies Limit before filtering: read whole pages instead.
            Limit: limit === undefined || query.FilterExpression ? undefined : limit - entries.length,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) entries.push(readableEntrySchema.parse(item));
        startKey = page.LastEvaluatedKey;
      } while (startKey && (limit === undefined || entries.length < limit));
      return limit === undefined ? entries : entries.slice(0, limit);
    });
  }

  private async unavailableOnFailure<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof AuditUnavailableError) throw error;
      const message =
        error instanceof z.ZodError
          ? 'The audit log is unavailable: a stored record is malformed (run the chain check)'
          : 'The audit log is unavailable';
      throw new AuditUnavailableError(message, { cause: error });
    }
  }
}

function isConditionalCheckFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

function sdkAttempts(error: unknown): number {
  const metadata = (error as { $metadata?: { attempts?: unknown } }).$metadata;
  return typeof metadata?.attempts === 'number' ? metadata.attempts : 1;
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/** Sets and binary values only appear in records edited by hand; they are exported in a JSON spelling. */
function toExportRecord(item: Record<string, unknown>): AuditExportRecord {
  return toJson(item) as AuditExportRecord;
}

function toJson(value: unknown): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Set) return [...value].map(toJson);
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    const result: { [key: string]: JsonValue } = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined) result[key] = toJson(member);
    }
    return result;
  }
  return String(value);
}
