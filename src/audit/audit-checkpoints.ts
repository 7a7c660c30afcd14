import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { DEFAULT_WRITE_DEADLINE_MS, GENESIS_PREV_HASH, hashOf } from './audit-chain';
import type { CheckpointVoucher } from './audit-log';
import type { AuditSequence } from './audit-sequence';
import {
  CHECKPOINT_FORMAT,
  type CheckpointBody,
  type CheckpointChain,
  checkpointHash,
  checkpointKey,
  checkpointObjectBytes,
  checkpointSignedBytes,
  readSignedCheckpoint,
  type SignedCheckpoint,
} from './checkpoint';
import type { CheckpointSigner } from './checkpoint-signer';
import { CheckpointExistsError, type CheckpointStore } from './checkpoint-store';
import type { AuditRecord, CheckpointVouchers } from './dynamodb-audit-log';

/** The index rows' chain names in the audit table: not chains of entries (`listChains` skips them). */
const INDEX_CHAIN = 'checkpoint';
const chainIndexName = (chain: string) => `checkpoint#${chain}`;

const indexRowSchema = z.object({
  seq: z.int().min(1),
  key: z.string(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  time: z.string(),
  /** When this checkpoint began looking for changed chains (the timer's clock). */
  scannedAt: z.iso.datetime({ precision: 3 }),
});
const chainIndexRowSchema = z.object({ seq: z.int().min(1), key: z.string() });

const recordSchema = z.looseObject({
  seq: z.int().min(1),
  hash: z.string(),
  prevHash: z.string(),
});

/** What one checkpoint did. */
export interface CheckpointResult {
  key: string;
  number: number;
  time: string;
  /** Chains it vouches for. */
  chains: number;
  /** Chains left out because their newest entries do not verify (they need a person's attention). */
  refused: string[];
  location: string;
}

/** Receives the records a checkpoint is about to vouch for, so that the SIEM stream has them all first. */
export interface CheckpointStreamCatchUp {
  shipRange(chain: string, records: readonly AuditRecord[]): Promise<void>;
}

export interface AuditCheckpointsOptions {
  documentClient: DynamoDBDocumentClient;
  /** The audit table, which also holds the checkpoint index rows. */
  tableName: string;
  sequence: AuditSequence;
  store: CheckpointStore;
  signer: CheckpointSigner;
  /** Stamps checkpoints' `time`. */
  clock?: { now(): number };
  /** Times the search for changed chains, on the same clock as the reservations. */
  timer?: { now(): number };
  writeDeadlineMs?: number;
  stream?: CheckpointStreamCatchUp;
}

/**
 * Writes signed checkpoints and finds the ones that vouch for a chain.
 *
 * A checkpoint looks for chains reserved since the previous one began (less the writers' deadline)
 * with one Query on the sequence table's `by-activity` index, checks each chain's entries since the
 * previous checkpoint's word on it (hashes and links), ships them to the SIEM stream, and signs the
 * newest position of each. The object goes to write-once storage under a key of its own; index
 * rows in the audit table (`checkpoint`, and `checkpoint#<chain>` per chain, one PutItem each)
 * let verify find a chain's checkpoints with a Query. Should a writer stop after storing the object
 * but before its index rows, the next one finds the key taken, indexes that checkpoint, and
 * continues with the next number.
 *
 * @example
 * const result = await checkpoints.write(); // { key: 'checkpoints/000000000001.json', chains: 3, … }
 */
export class AuditCheckpoints implements CheckpointVouchers {
  private readonly clock: { now(): number };
  private readonly timer: { now(): number };
  private readonly writeDeadlineMs: number;
  private readonly verified = new Map<string, SignedCheckpoint>();

  constructor(private readonly options: AuditCheckpointsOptions) {
    this.clock = options.clock ?? { now: () => Date.now() };
    this.timer = options.timer ?? { now: () => Date.now() };
    this.writeDeadlineMs = options.writeDeadlineMs ?? DEFAULT_WRITE_DEADLINE_MS;
  }

  get location(): string {
    return this.options.store.location;
  }

  get store(): CheckpointStore {
    return this.options.store;
  }

  /**
   * The key that verifies the checkpoints: the one published next to them in a directory (the
   * sandbox's key may live elsewhere, and the CLI never signs), else the signer's (KMS GetPublicKey).
   */
  async publicKeyPem(): Promise<string> {
    return (await this.options.store.publishedPublicKey?.()) ?? this.options.signer.publicKeyPem();
  }

  /** Writes a checkpoint when the newest one is `intervalMs` old or older (or there is none). */
  async writeIfDue(intervalMs: number): Promise<CheckpointResult | undefined> {
    const latest = await this.latestIndexRow();
    if (latest && this.timer.now() - Date.parse(latest.scannedAt) < intervalMs) return undefined;
    return this.write();
  }

  async write(): Promise<CheckpointResult> {
    for (let attempt = 0; ; attempt++) {
      const scannedAt = new Date(this.timer.now()).toISOString();
      const latest = await this.latestIndexRow();
      const number = (latest?.seq ?? 0) + 1;
      const since = latest ? new Date(Date.parse(latest.scannedAt) - this.writeDeadlineMs) : new Date(0);
      const refused: string[] = [];
      const chains: CheckpointChain[] = [];
      for (const chain of await this.options.sequence.changedSince(since)) {
        const head = await this.checkedHead(chain);
        if (head === 'broken') refused.push(chain);
        else if (head) chains.push({ chain, ...head });
      }
      const body: CheckpointBody = {
        format: CHECKPOINT_FORMAT,
        number,
        time: new Date(this.clock.now()).toISOString(),
        previous: latest ? { number: latest.seq, hash: latest.hash } : null,
        chains,
        signer: { keyId: await this.options.signer.keyId(), algorithm: 'ECDSA_SHA_256' },
      };
      const signature = await this.options.signer.sign(checkpointSignedBytes(body));
      const signed: SignedCheckpoint = { ...body, signature: { value: signature.toString('base64') } };
      const key = checkpointKey(number);
      await this.options.store.publishPublicKey?.(await this.options.signer.publicKeyPem());
      try {
        await this.options.store.create(key, checkpointObjectBytes(signed));
      } catch (error) {
        if (!(error instanceof CheckpointExistsError) || attempt >= 3) throw error;
        // A writer stored this number and stopped before indexing it (or is indexing it now).
        await this.indexExisting(key);
        continue;
      }
      await this.index(signed, scannedAt);
      return { key, number, time: body.time, chains: chains.length, refused, location: this.options.store.location };
    }
  }

  /** The signed checkpoints that name `chain`, newest first (found through the index, read from the store). */
  async vouchersFor(chain: string): Promise<CheckpointVoucher[]> {
    const { Items } = await this.options.documentClient.send(
      new QueryCommand({
        TableName: this.options.tableName,
        KeyConditionExpression: '#chain = :chain',
        ExpressionAttributeNames: { '#chain': 'chain' },
        ExpressionAttributeValues: { ':chain': chainIndexName(chain) },
        ScanIndexForward: false,
        Limit: 10,
        ConsistentRead: true,
      }),
    );
    const vouchers: CheckpointVoucher[] = [];
    for (const item of Items ?? []) {
      const row = chainIndexRowSchema.safeParse(item);
      if (!row.success) continue;
      const checkpoint = await this.readVerified(row.data.key);
      const named = checkpoint?.chains.find((entry) => entry.chain === chain);
      if (checkpoint && named) {
        vouchers.push({
          key: row.data.key,
          number: checkpoint.number,
          time: checkpoint.time,
          seq: named.seq,
          hash: named.hash,
          ...(named.streamed !== undefined ? { streamed: named.streamed } : {}),
        });
      }
    }
    return vouchers;
  }

  /**
   * The newest position of `chain` whose entries since the chain's previous checkpoint hash and link
   * correctly; `undefined` when nothing changed; `'broken'` when they do not verify.
   */
  private async checkedHead(
    chain: string,
  ): Promise<{ seq: number; hash: string; streamed?: number } | 'broken' | undefined> {
    const previous = (await this.vouchersFor(chain))[0];
    let tip = previous ? { seq: previous.seq, hash: previous.hash } : { seq: 0, hash: GENESIS_PREV_HASH };
    const segment: AuditRecord[] = [];
    for await (const item of this.recordsAfter(chain, tip.seq)) {
      const record = recordSchema.safeParse(item);
      if (!record.success || record.data.seq !== tip.seq + 1) break; // a gap: in flight, or for verify to report
      if (record.data.prevHash !== tip.hash || record.data.hash !== safeHash(item)) return 'broken';
      segment.push(item as AuditRecord);
      tip = { seq: record.data.seq, hash: record.data.hash };
    }
    if (segment.length === 0) return undefined;
    const stream = this.options.stream;
    if (stream === undefined) return tip;
    // Everything the checkpoint vouches for goes to the stream first, from where the previous
    // checkpoint said delivery had got to; if the stream is unreachable, the checkpoint still anchors
    // the chain and says how far delivery got, and senders start from there.
    const from = previous?.streamed ?? 0;
    const before: AuditRecord[] = [];
    if (from < (previous?.seq ?? 0)) {
      for await (const item of this.recordsAfter(chain, from)) {
        if (Number(item.seq) > (previous?.seq ?? 0)) break;
        before.push(item as AuditRecord);
      }
    }
    try {
      await stream.shipRange(chain, [...before, ...segment]);
      return { ...tip, streamed: tip.seq };
    } catch {
      return { ...tip, streamed: from };
    }
  }

  private async *recordsAfter(chain: string, seq: number): AsyncIterable<Record<string, unknown>> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.options.documentClient.send(
        new QueryCommand({
          TableName: this.options.tableName,
          KeyConditionExpression: '#chain = :chain AND #seq > :seq',
          ExpressionAttributeNames: { '#chain': 'chain', '#seq': 'seq' },
          ExpressionAttributeValues: { ':chain': chain, ':seq': seq },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      yield* page.Items ?? [];
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  private async latestIndexRow(): Promise<z.infer<typeof indexRowSchema> | undefined> {
    const { Items } = await this.options.documentClient.send(
      new QueryCommand({
        TableName: this.options.tableName,
        KeyConditionExpression: '#chain = :chain',
        ExpressionAttributeNames: { '#chain': 'chain' },
        ExpressionAttributeValues: { ':chain': INDEX_CHAIN },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    return Items?.[0] ? indexRowSchema.parse(Items[0]) : undefined;
  }

  /** One row per chain it names, then the checkpoint's own row (which makes it the latest). */
  private async index(checkpoint: SignedCheckpoint, scannedAt: string): Promise<void> {
    const key = checkpointKey(checkpoint.number);
    for (const { chain } of checkpoint.chains) {
      await this.putIndexRow({ chain: chainIndexName(chain), seq: checkpoint.number, key, time: checkpoint.time });
    }
    await this.putIndexRow({
      chain: INDEX_CHAIN,
      seq: checkpoint.number,
      key,
      hash: checkpointHash(checkpoint),
      time: checkpoint.time,
      scannedAt,
      chains: checkpoint.chains.length,
    });
    this.verified.set(key, checkpoint);
  }

  private async indexExisting(key: string): Promise<void> {
    const checkpoint = await this.readVerified(key);
    if (!checkpoint) throw new Error(`The stored checkpoint ${key} does not verify with the signing key`);
    // Its own scan time is unknown: its time is the closest safe value (changes before it are re-examined).
    await this.index(checkpoint, checkpoint.time);
  }

  private async putIndexRow(item: Record<string, unknown>): Promise<void> {
    try {
      await this.options.documentClient.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#seq)',
          ExpressionAttributeNames: { '#seq': 'seq' },
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  private async readVerified(key: string): Promise<SignedCheckpoint | undefined> {
    const known = this.verified.get(key);
    if (known) return known;
    const bytes = await this.options.store.read(key);
    if (bytes === undefined) return undefined;
    const reading = readSignedCheckpoint(bytes, await this.publicKeyPem());
    if (!reading.ok) return undefined;
    this.verified.set(key, reading.checkpoint);
    return reading.checkpoint;
  }
}

function safeHash(record: object): string | undefined {
  try {
    return hashOf(record);
  } catch {
    return undefined;
  }
}
