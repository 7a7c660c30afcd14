import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { CheckpointStreamCatchUp } from './audit-checkpoints';
import type { AuditEntryStream, AuditRecord } from './dynamodb-audit-log';
import { ocsfApiActivity } from './ocsf-api-activity';

/** Where the stream finds records it has not seen (written by another process) and where to start. */
export interface AuditStreamHistory {
  /** The chain's records with `after < seq < before`, oldest first. */
  recordsBetween(chain: string, after: number, before: number): Promise<AuditRecord[]>;
  /** A position every record up to which is known to have been shipped (the newest checkpoint's), or 0. */
  shippedThrough(chain: string): Promise<number>;
}

export interface AuditStreamLogger {
  error(object: object, message: string): void;
}

/**
 * The SIEM stream: every audit record, as an OCSF 1.3 API Activity record, to an SQS FIFO queue,
 * message group = the chain, deduplication id = the record's id. At least once, in order per chain.
 *
 * Order: each chain's records are sent one at a time, in `seq` order, by one sender per chain in
 * this process, starting where it knows everything before was sent: its own last send, or else
 * the chain's newest checkpoint (a checkpoint ships what it vouches for before it is written).
 * Records in between that another process wrote are read from the table and sent first. Another
 * process may send some of the same records: FIFO drops a repeated deduplication id within five
 * minutes, and the first delivery of each record still comes in `seq` order, since every sender
 * goes in order from a point where everything before was sent. Consumers drop duplicates by id.
 *
 * At least once: the writer ships its records right after writing them; one that fails to (SQS
 * down, the process gone) is shipped by the next writer of the chain or by the next checkpoint.
 *
 * @example
 * const stream = new SqsAuditStream(sqsClient, 'https://sqs…/chime-voice-ops-audit.fifo', history, logger);
 */
export class SqsAuditStream implements AuditEntryStream, CheckpointStreamCatchUp {
  private readonly sentThrough = new Map<string, number>();
  private readonly senders = new Map<string, Promise<void>>();

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly history: AuditStreamHistory,
    private readonly logger?: AuditStreamLogger,
  ) {}

  shipAfterWrite(chain: string, written: readonly AuditRecord[]): Promise<void> {
    return this.serialised(chain, () => this.ship(chain, written));
  }

  shipRange(chain: string, records: readonly AuditRecord[]): Promise<void> {
    return this.serialised(chain, () => this.ship(chain, records));
  }

  /** One sender per chain at a time, so that this process sends each chain's records in order. */
  private serialised(chain: string, task: () => Promise<void>): Promise<void> {
    const previous = this.senders.get(chain) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tracked = next.catch((error: unknown) => {
      this.logger?.error(
        { err: error, chain },
        'could not send audit records to the stream (the next writer or checkpoint will)',
      );
    });
    this.senders.set(chain, tracked);
    void tracked.finally(() => {
      if (this.senders.get(chain) === tracked) this.senders.delete(chain);
    });
    // The caller learns of a failure (a checkpoint then records how far delivery got).
    return next;
  }

  private async ship(chain: string, records: readonly AuditRecord[]): Promise<void> {
    const ordered = [...records].sort((a, b) => a.seq - b.seq);
    const first = ordered[0];
    if (first === undefined) return;
    const known = this.sentThrough.get(chain) ?? (await this.history.shippedThrough(chain));
    if (known >= (ordered.at(-1)?.seq ?? 0)) return;
    const missing = first.seq > known + 1 ? await this.history.recordsBetween(chain, known, first.seq) : [];
    for (const record of [...missing, ...ordered]) {
      if (record.seq <= (this.sentThrough.get(chain) ?? known)) continue;
      await this.sqs.send(
        new SendMessageCommand({
          QueueUrl: this.queueUrl,
          MessageBody: JSON.stringify(ocsfApiActivity(record)),
          MessageGroupId: chain,
          MessageDeduplicationId: record.id,
        }),
      );
      this.sentThrough.set(chain, record.seq);
    }
  }
}
