import { randomUUID } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { queryItems, scanItems } from '../storage/item-pages';
import {
  type ChainHead,
  chainNameFor,
  connectorChainName,
  DEFAULT_WRITE_DEADLINE_MS,
  GENESIS_PREV_HASH,
  HEAD_KEY_PREFIX,
  hashOf,
  headKeyFor,
  sealEntry,
  verifyChainRecords,
} from './audit-chain';
import { type AuditEntry, type AuditEntryInput, AuditUnavailableError, type JsonValue } from './audit-entry';
import {
  auditQueryLimitSchema,
  parseAuditEntryInput,
  type StoredVoidRecord,
  storedAuditEntrySchema,
  storedChainHeadSchema,
} from './audit-entry-validation';
import type { AuditLog, ChainVerification, CheckpointVoucher } from './audit-log';
import { AuditSequence, type Reservation } from './audit-sequence';
import { AuditIndex } from './audit-table';

export interface DynamoDbAuditLogOptions {
  /** Give it a client whose SDK retries suit you: transient errors are retried there, not here. */
  documentClient: DynamoDBDocumentClient;
  tableName: string;
  /** The sequence table (`audit-sequence.ts`); default `<tableName>-sequence`. */
  sequenceTableName?: string;
  /** Stamps each entry's `time` (read once per append); structurally the project's `Clock` (`src/clock.ts`). */
  clock?: { now(): number };
  /** Times reservations and writers' deadlines; the system clock unless a test moves it. */
  timer?: { now(): number };
  newId?: () => string;
  /** How long a writer has to write a position it reserved; after that, others may void it. */
  writeDeadlineMs?: number;
  /** Most entries one writer reserves and writes at once. */
  maxBatch?: number;
  /** Signed checkpoints to compare chains with, when checkpoints are configured. */
  checkpoints?: CheckpointVouchers;
  /** Told of every entry once written, in order per chain (the SIEM stream). */
  stream?: AuditEntryStream;
}

/** Where verify finds the signed checkpoints that name a chain (`checkpoint-archive.ts`). */
export interface CheckpointVouchers {
  /** Checkpoints naming the chain, newest first, each one's signature checked. */
  vouchersFor(chain: string): Promise<CheckpointVoucher[]>;
}

/** Receives each chain's records in order once they are written (`audit-stream.ts`). */
export interface AuditEntryStream {
  /** `written` are the records this writer just wrote, oldest first, contiguous. */
  shipAfterWrite(chain: string, written: readonly AuditRecord[]): Promise<void>;
}

/** An entry or a void record, as stored. */
export type AuditRecord = AuditEntry | StoredVoidRecord;

/** What the CLI export writes per line: a stored record as it is, every attribute a JSON value. */
export type AuditExportRecord = { [key: string]: JsonValue };

export interface AuditExportFilter {
  voiceConnectorId?: string;
  /** Only entries whose `time` is at or after this instant. */
  since?: Date;
}

/** The newest entry of a chain, as far as an append needs it. */
const chainTipSchema = z.object({ seq: z.int().min(1), hash: z.string().regex(/^[0-9a-f]{64}$/) });
type ChainTip = z.infer<typeof chainTipSchema>;

interface PendingAppend {
  input: AuditEntryInput;
  id: string;
  time: string;
  resolve(entry: AuditEntry): void;
  reject(error: unknown): void;
}

/** Readers tolerate unknown attributes (verify does not); everything they return is still checked. */
const readableEntrySchema = z.object(storedAuditEntrySchema.shape);

/**
 * The audit log on DynamoDB (tables: `auditTableDefinition`, `auditSequenceTableDefinition`).
 *
 * ## Appends
 * Each chain has one writer per process (a queue). The writer takes every entry queued for the
 * chain, reserves as many consecutive positions with one `UpdateItem` on the chain's counter, links
 * and hashes the entries in order, and puts them one after another, each only where the position is
 * free (`attribute_not_exists`). A burst of 200 appends to one chain is one or two reservations and
 * 200 puts; a lone append is one reservation and one put. Nobody races for a position, so nobody
 * retries.
 *
 * The first position of a block links to the one before it. When this process wrote that one, its
 * hash is known; otherwise the writer reads it (consistently), waiting while the writer that
 * reserved it still has time (`writeDeadlineMs` from its reservation). If that time passes and the
 * position is still empty, its writer stopped: the waiting writer fills each empty position of that
 * block with a void record, chained like an entry, and links to the last one. It does so only for a
 * block whose deadline had not passed when it made its own reservation (it was waiting for it);
 * otherwise it links to the newest record there is and leaves the gap, which verify reports as
 * removed entries. A writer that cannot write its block in time voids its own unused positions and
 * queues the entries again.
 *
 * Nothing here updates or deletes an audit item.
 *
 * ## Migration
 * A chain written by the previous version has a head record and no counter. The first reservation
 * of this version starts the counter at that chain's newest entry (`if_not_exists`), so existing
 * entries keep their positions, links and hashes; the head record stays as it was and is still
 * checked for what it names.
 *
 * @example
 * const auditLog = new DynamoDbAuditLog({ documentClient: DynamoDBDocumentClient.from(client), tableName: 'chime-voice-ops-audit' });
 * await auditLog.append({ actorUserId: 'U123', actorTeamId: 'T1', action: 'read.proxy',
 *   voiceConnectorId: 'abcdef1234567890abcdef', region: 'us-east-1', outcome: 'ok', latencyMs: 84 });
 * const verdict = await auditLog.verifyConnector('abcdef1234567890abcdef'); // verdict.summary: 'intact (1 entry)'
 */
export class DynamoDbAuditLog implements AuditLog {
  private readonly documentClient: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly clock: { now(): number };
  private readonly timer: { now(): number };
  private readonly newId: () => string;
  private readonly writeDeadlineMs: number;
  private readonly maxBatch: number;
  private readonly checkpoints?: CheckpointVouchers;
  private readonly stream?: AuditEntryStream;
  readonly sequence: AuditSequence;
  /** Per chain: its writer's queue, and whether a writer is draining it. */
  private readonly writers = new Map<string, { queue: PendingAppend[]; draining: boolean }>();
  /**
   * Per chain, the last record this process wrote: the next block links to it without a read, and
   * never mistakes it for a position nobody filled (an entry deleted behind its back stays a gap).
   */
  private readonly lastWritten = new Map<string, ChainTip>();
  /** Chains whose counter exists, so that no legacy tip needs finding. */
  private readonly counted = new Set<string>();

  constructor(options: DynamoDbAuditLogOptions) {
    this.documentClient = options.documentClient;
    this.tableName = options.tableName;
    this.clock = options.clock ?? { now: () => Date.now() };
    this.timer = options.timer ?? { now: () => Date.now() };
    this.newId = options.newId ?? randomUUID;
    this.writeDeadlineMs = options.writeDeadlineMs ?? DEFAULT_WRITE_DEADLINE_MS;
    this.maxBatch = options.maxBatch ?? 500;
    this.checkpoints = options.checkpoints;
    this.stream = options.stream;
    this.sequence = new AuditSequence(
      options.documentClient,
      options.sequenceTableName ?? defaultSequenceTableName(options.tableName),
    );
  }

  async append(input: AuditEntryInput): Promise<AuditEntry> {
    const checked = parseAuditEntryInput(input);
    const chain = chainNameFor(checked);
    return new Promise<AuditEntry>((resolve, reject) => {
      const writer = this.writerOf(chain);
      const time = new Date(this.clock.now()).toISOString();
      writer.queue.push({ input: checked, id: this.newId(), time, resolve, reject });
      if (!writer.draining) void this.drain(chain);
    });
  }

  private writerOf(chain: string) {
    let writer = this.writers.get(chain);
    if (!writer) {
      writer = { queue: [], draining: false };
      this.writers.set(chain, writer);
    }
    return writer;
  }

  /** The chain's one writer in this process: block after block until its queue is empty. */
  private async drain(chain: string): Promise<void> {
    const writer = this.writerOf(chain);
    writer.draining = true;
    try {
      while (writer.queue.length > 0) {
        const batch = writer.queue.splice(0, this.maxBatch);
        try {
          const leftOver = await this.writeBlock(chain, batch);
          writer.queue.unshift(...leftOver);
        } catch (error) {
          const failure =
            error instanceof AuditUnavailableError
              ? error
              : new AuditUnavailableError('The audit log is unavailable: the entry could not be written', {
                  cause: error,
                });
          for (const pending of batch) pending.reject(failure);
        }
      }
    } finally {
      writer.draining = false;
      if (writer.queue.length === 0) this.writers.delete(chain);
      else void this.drain(chain);
    }
  }

  /**
   * Reserves positions for `batch`, links and writes its entries in order; resolves each append as
   * its entry lands. Returns the appends that found no position and must be queued again.
   */
  private async writeBlock(chain: string, batch: PendingAppend[]): Promise<PendingAppend[]> {
    const base = await this.baseOf(chain);
    const reservation = await this.sequence.reserve(chain, batch.length, base.seq, new Date(this.timer.now()));
    this.counted.add(chain);
    // Others may void this block's positions after `writeDeadlineMs`; a put that comes later than that
    // simply finds its position taken and links after it. Waiting for a stopped predecessor can use
    // up most of that time, so this writer only gives up, voiding what is left, after twice as long.
    const giveUpAt = Date.parse(reservation.reservedAt) + 2 * this.writeDeadlineMs;
    let tip =
      reservation.first === base.seq + 1 && base.fromLegacy
        ? base
        : await this.tipBefore(chain, reservation, this.lastWritten.get(chain));
    const written: AuditRecord[] = [];
    const landed: { pending: PendingAppend; entry: AuditEntry }[] = [];
    let position = reservation.first;
    let index = 0;
    try {
      while (index < batch.length && position <= reservation.last) {
        if (this.timer.now() > giveUpAt) break;
        const pending = batch[index] as PendingAppend;
        const entry = sealEntry(pending.input, {
          id: pending.id,
          time: pending.time,
          chain,
          seq: position,
          prevHash: tip.hash,
        });
        const occupant = await this.putIfFree(entry);
        if (occupant === undefined) {
          landed.push({ pending, entry });
          written.push(entry);
          index += 1;
          tip = { seq: entry.seq, hash: entry.hash };
        } else {
          // Someone else (a void, a writer of the previous version) holds this position: link after it.
          tip = occupant;
        }
        this.lastWritten.set(chain, tip);
        position += 1;
      }
      // Positions this writer reserved and will not use (it gave up): void them itself.
      if (position <= reservation.last) {
        const voidedUpTo = await this.voidPositions(
          chain,
          position,
          reservation.last,
          tip,
          reservation.reservedAt,
          'writer-gave-up',
          written,
        );
        this.lastWritten.set(chain, voidedUpTo);
      }
    } finally {
      // Shipped before the appends resolve, so that a Lambda worker does not freeze with records unsent
      // (a failure to ship is the stream's to log; the next writer or checkpoint ships them).
      if (written.length > 0 && this.stream) await this.stream.shipAfterWrite(chain, written).catch(() => undefined);
      for (const { pending, entry } of landed) pending.resolve(entry);
    }
    return batch.slice(index);
  }

  /** Where a chain without a counter starts: the newest entry the previous version wrote, or nothing. */
  private async baseOf(chain: string): Promise<ChainTip & { fromLegacy: boolean }> {
    const none = { seq: 0, hash: GENESIS_PREV_HASH, fromLegacy: false };
    if (this.counted.has(chain)) return none;
    if ((await this.sequence.read(chain)) !== undefined) {
      this.counted.add(chain);
      return none;
    }
    const headItem = await this.getItem(headKeyFor(chain), 0);
    let tip: ChainTip = { seq: 0, hash: GENESIS_PREV_HASH };
    if (headItem) {
      const head = storedChainHeadSchema.parse(headItem);
      tip = { seq: head.lastSeq, hash: head.lastHash };
    }
    const newest = await this.newestRecordBelow(chain, Number.MAX_SAFE_INTEGER);
    if (newest && newest.seq > tip.seq) tip = newest;
    return { ...tip, fromLegacy: tip.seq > 0 };
  }

  /**
   * The record the block's first position links to. Known when this process wrote it; otherwise read,
   * waiting while its writer still has time, then voided if that writer stopped (see the class notes).
   */
  private async tipBefore(chain: string, reservation: Reservation, lastWritten?: ChainTip): Promise<ChainTip> {
    const wanted = reservation.first - 1;
    if (wanted === 0) return { seq: 0, hash: GENESIS_PREV_HASH };
    if (lastWritten?.seq === wanted) return lastWritten;
    const previous = reservation.previous;
    const previousDeadline = previous ? Date.parse(previous.reservedAt) + this.writeDeadlineMs : 0;
    for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
      const found = await this.getItem(chain, wanted);
      if (found) return chainTipSchema.parse(found);
      if (this.timer.now() > previousDeadline) break;
      await sleep(wait);
    }
    const genesis = { seq: 0, hash: GENESIS_PREV_HASH };
    const witnessed = previous !== undefined && Date.parse(reservation.reservedAt) <= previousDeadline;
    if (!witnessed || previous === undefined) {
      // Nobody waited for those positions, so nobody can say whether they were never written or
      // were removed: link to the newest record there is and leave the gap for verify to report.
      return (await this.newestRecordBelow(chain, wanted + 1)) ?? genesis;
    }
    const before = (await this.newestRecordBelow(chain, previous.first)) ?? genesis;
    const voided: AuditRecord[] = [];
    const tip = await this.voidPositions(
      chain,
      previous.first,
      wanted,
      before,
      previous.reservedAt,
      'writer-stopped',
      voided,
    );
    if (voided.length > 0 && this.stream) await this.stream.shipAfterWrite(chain, voided).catch(() => undefined);
    return tip;
  }

  /**
   * Fills each empty position from `first` to `last` with a void record linked to the one before;
   * a position someone wrote meanwhile is linked to instead. Returns the last record's tip.
   */
  private async voidPositions(
    chain: string,
    first: number,
    last: number,
    from: ChainTip,
    reservedAt: string,
    reason: StoredVoidRecord['void']['reason'],
    written: AuditRecord[],
  ): Promise<ChainTip> {
    let tip = from;
    const deadline = new Date(Date.parse(reservedAt) + this.writeDeadlineMs).toISOString();
    for (let seq = first; seq <= last; seq++) {
      const unsealed = {
        id: this.newId(),
        time: new Date(this.timer.now()).toISOString(),
        chain,
        seq,
        prevHash: tip.hash,
        void: { reason, reservedAt, deadline },
      };
      const record = { ...unsealed, hash: hashOf(unsealed) } as StoredVoidRecord;
      const occupant = await this.putIfFree(record);
      if (occupant === undefined) written.push(record);
      tip = occupant ?? { seq, hash: record.hash };
    }
    return tip;
  }

  /** The chain's records with `after < seq < before`, oldest first (for the SIEM stream). */
  async recordsBetween(chain: string, after: number, before: number): Promise<AuditRecord[]> {
    const records: AuditRecord[] = [];
    const items = queryItems(this.documentClient, {
      TableName: this.tableName,
      KeyConditionExpression: '#chain = :chain AND #seq BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#chain': 'chain', '#seq': 'seq' },
      ExpressionAttributeValues: { ':chain': chain, ':from': after + 1, ':to': before - 1 },
      ConsistentRead: true,
    });
    for await (const item of items) records.push(item as AuditRecord);
    return records;
  }

  /** The newest record of a chain below `seq`, read consistently. */
  private async newestRecordBelow(chain: string, seq: number): Promise<ChainTip | undefined> {
    const { Items } = await this.documentClient.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#chain = :chain AND #seq < :seq',
        ExpressionAttributeNames: { '#chain': 'chain', '#seq': 'seq' },
        ExpressionAttributeValues: { ':chain': chain, ':seq': seq },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const newest = Items?.[0];
    return newest ? chainTipSchema.parse(newest) : undefined;
  }

  /**
   * Puts a record where its position is free. Returns `undefined` when it landed, or the tip of the
   * record that holds the position.
   */
  private async putIfFree(record: AuditRecord): Promise<ChainTip | undefined> {
    try {
      await this.documentClient.send(
        new PutCommand({
          TableName: this.tableName,
          Item: record,
          ConditionExpression: 'attribute_not_exists(#seq)',
          ExpressionAttributeNames: { '#seq': 'seq' },
        }),
      );
      return undefined;
    } catch (error) {
      if (!isConditionalCheckFailure(error)) {
        throw new AuditUnavailableError('The audit log is unavailable: the entry could not be written', {
          cause: error,
        });
      }
      const occupant = await this.unavailableOnFailure(() => this.getItem(record.chain, record.seq));
      // When the SDK retried the put, an earlier attempt may have landed and the retry collided with it.
      if (occupant?.id === record.id && sdkAttempts(error) > 1) return undefined;
      return chainTipSchema.parse(occupant);
    }
  }

  async recentForConnector(voiceConnectorId: string, limit: number): Promise<AuditEntry[]> {
    return this.queryEntries(
      {
        KeyConditionExpression: '#chain = :chain',
        // Void records hold positions, not entries.
        FilterExpression: 'attribute_not_exists(#void)',
        ExpressionAttributeNames: { '#chain': 'chain', '#void': 'void' },
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

  /**
   * Recomputes any chain by name (`vc:<id>` or `ws:<team>`); see `verifyChainRecords` for the verdicts.
   * The checkpoints compared are found through their index, unless `given` (the CLI reads them all).
   */
  async verifyChain(chain: string, given: { checkpoints?: CheckpointVoucher[] } = {}): Promise<ChainVerification> {
    return this.unavailableOnFailure(async () => {
      const headItem = await this.getItem(headKeyFor(chain), 0);
      const parsedHead = headItem === undefined ? undefined : storedChainHeadSchema.safeParse(headItem);
      let head: ChainHead | 'invalid' | undefined;
      if (parsedHead) head = parsedHead.success ? parsedHead.data : 'invalid';
      const records: Record<string, unknown>[] = [];
      for await (const item of this.chainItems(chain)) records.push(item);
      const counter = await this.sequence.read(chain);
      const checkpoints =
        given.checkpoints ?? (this.checkpoints ? await this.checkpoints.vouchersFor(chain) : undefined);
      return verifyChainRecords(chain, records, head, {
        counter,
        nowMs: this.timer.now(),
        writeDeadlineMs: this.writeDeadlineMs,
        checkpoints,
      });
    });
  }

  /**
   * Every chain name in the table (`vc:…` and `ws:…`), sorted, including chains that only have a
   * head record left. A Scan: meant for the CLI, never for the bot (checkpoints find changed chains
   * through the sequence table's index).
   */
  async listChains(): Promise<string[]> {
    return this.unavailableOnFailure(async () => {
      const chains = new Set<string>();
      const items = scanItems(this.documentClient, {
        TableName: this.tableName,
        ProjectionExpression: '#chain',
        ExpressionAttributeNames: { '#chain': 'chain' },
      });
      for await (const item of items) {
        const name = item.chain;
        if (typeof name !== 'string') continue;
        const chain = name.startsWith(HEAD_KEY_PREFIX) ? name.slice(HEAD_KEY_PREFIX.length) : name;
        // The checkpoint index rows (`checkpoint-index.ts`) share the table but are not chains.
        if (/^(?:vc|ws):/.test(chain)) chains.add(chain);
      }
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

  private async getItem(chain: string, seq: number): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.documentClient.send(
      new GetCommand({ TableName: this.tableName, Key: { chain, seq }, ConsistentRead: true }),
    );
    return Item;
  }

  /** Every item of a chain's partition, oldest first, read consistently page by page. */
  private chainItems(chain: string): AsyncIterable<Record<string, unknown>> {
    return queryItems(this.documentClient, {
      TableName: this.tableName,
      KeyConditionExpression: '#chain = :chain',
      ExpressionAttributeNames: { '#chain': 'chain' },
      ExpressionAttributeValues: { ':chain': chain },
      ConsistentRead: true,
    });
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

function defaultSequenceTableName(tableName: string): string {
  return `${tableName}-sequence`;
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
