import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { AuditEntry, AuditEntryInput } from './audit-entry';
import { storedAuditEntrySchema, storedVoidRecordSchema } from './audit-entry-validation';
import type { ChainBreak, ChainVerification, CheckpointVoucher } from './audit-log';

/**
 * # The audit hash chain
 *
 * Every audit entry belongs to exactly one chain:
 * - `vc:<voiceConnectorId>` when the entry names a voice connector,
 * - `ws:<actorTeamId>` (the workspace chain) otherwise.
 *
 * Within a chain, entries are numbered by `seq` = 1, 2, 3, … without gaps, and each entry carries
 * `prevHash`, the `hash` of the entry before it. The first entry's `prevHash` is
 * {@link GENESIS_PREV_HASH}: 64 ASCII zeros (`"0000…0000"`, the hex spelling of 32 zero bytes).
 *
 * An entry's `hash` is computed as follows:
 * 1. Take the entry exactly as stored and exported: a JSON object holding only JSON values (strings,
 *    numbers, booleans, `null`, arrays, objects; members whose value would be `undefined` are left
 *    out, never written as `null`). It includes `id`, `time`, `chain`, `seq` and `prevHash`.
 * 2. Remove the one member `hash`. Every other member, known or not, stays in.
 * 3. Serialise the rest with the JSON Canonicalization Scheme, RFC 8785 (JCS): no whitespace, object
 *    members sorted by their names compared as UTF-16 code units, strings with the minimal JSON
 *    escapes, numbers in the shortest form that round-trips (ECMAScript `Number.prototype.toString`,
 *    so `1.50` is `1.5` and `1e21` is `1e+21`).
 * 4. Encode that string as UTF-8 (no byte-order mark, no trailing newline).
 * 5. `hash` = SHA-256 of those bytes, written as 64 lowercase hex digits.
 *
 * Positions are handed out by a counter per chain in the sequence table (`audit-sequence.ts`); it
 * lets a check notice that the newest entries were removed. A position whose writer stopped before
 * writing it holds a void record (chained and hashed like an entry) written by the writer that was
 * waiting for it. Chains written by the previous version also have a head record (`chain` =
 * `head#<chain>`, `seq` = 0, `lastSeq`, `lastHash`), which is still checked for what it names.
 *
 * @example
 * // Re-checking one exported entry with nothing but Node.js and the `canonicalize` package:
 * const { hash, ...rest } = JSON.parse(line);
 * createHash('sha256').update(canonicalize(rest), 'utf8').digest('hex') === hash; // true
 */
export const GENESIS_PREV_HASH = '0'.repeat(64);

/** The chain an entry belongs to: its connector's, or its workspace's when it names none. */
export function chainNameFor(input: Pick<AuditEntryInput, 'voiceConnectorId' | 'actorTeamId'>): string {
  return input.voiceConnectorId ? connectorChainName(input.voiceConnectorId) : `ws:${input.actorTeamId}`;
}

export function connectorChainName(voiceConnectorId: string): string {
  return `vc:${voiceConnectorId}`;
}

/** Where a chain's head record lives (partition key; its sort key is 0). */
export function headKeyFor(chain: string): string {
  return `head#${chain}`;
}

export const HEAD_KEY_PREFIX = 'head#';

/** The RFC 8785 canonical form of a stored record without its `hash` member: the bytes that are hashed. */
export function canonicalFormOf(record: object): string {
  const { hash: _hash, ...hashed } = record as Record<string, unknown>;
  const canonical = canonicalize(hashed);
  if (canonical === undefined) throw new TypeError('An audit record has no canonical form');
  return canonical;
}

/** SHA-256 (lowercase hex) of a record's canonical form. */
export function hashOf(record: object): string {
  return createHash('sha256').update(canonicalFormOf(record), 'utf8').digest('hex');
}

/** What an append decided: where the entry goes in its chain, who and when. */
export interface EntryPlacement {
  id: string;
  time: string;
  chain: string;
  seq: number;
  prevHash: string;
}

/** Builds the entry to store: the (already validated) input, its placement, and its hash. */
export function sealEntry(input: AuditEntryInput, placement: EntryPlacement): AuditEntry {
  const unsealed = { ...input, ...placement };
  return { ...unsealed, hash: hashOf(unsealed) };
}

/** A chain's head record: the last entry appended as far as the writers got to say so. */
export interface ChainHead {
  lastSeq: number;
  lastHash: string;
}

/** What else a check knows about a chain besides its records and its (legacy) head record. */
export interface ChainEvidence {
  /** The chain's counter in the sequence table; chains appended by this version have one. */
  counter?: { next: number; reservedAt: string };
  /** Now (ms since the epoch), and how long a writer has to write a position it reserved. */
  nowMs?: number;
  writeDeadlineMs?: number;
  /** Signed checkpoints naming this chain (their signatures already checked), in any order. */
  checkpoints?: readonly CheckpointVoucher[];
  /**
   * An export checked offline: it has neither head records nor counters, so the newest entries are
   * vouched for by the checkpoints alone.
   */
  exported?: boolean;
}

/** Default time a writer has between reserving a position and writing it (`dynamodb-audit-log.ts`). */
export const DEFAULT_WRITE_DEADLINE_MS = 30_000;

/**
 * Recomputes a chain from its stored records (in any order), its head record and what else is
 * known of it (`evidence`), and reports the first break. Pure: the DynamoDB adapter, the in-memory
 * double and the CLI (online and offline) all check chains with it.
 *
 * `head` is `undefined` when there is no head record, and `'invalid'` when one exists but is malformed.
 * Chains written by this version have no head record of their own (the counter plays its part);
 * a head left by the previous version is still checked for what it names.
 */
export function verifyChainRecords(
  chain: string,
  records: ReadonlyArray<object>,
  head: ChainHead | 'invalid' | undefined,
  evidence: ChainEvidence = {},
): ChainVerification {
  const internal = verifyInternally(chain, records, head, evidence);
  return compareWithCheckpoints(internal, records, evidence.checkpoints ?? []);
}

interface InternalVerdict {
  verification: ChainVerification;
  /** The last position of the gap-free, linked prefix. */
  lastSeq: number;
}

function verifyInternally(
  chain: string,
  records: ReadonlyArray<object>,
  head: ChainHead | 'invalid' | undefined,
  evidence: ChainEvidence,
): InternalVerdict {
  const entries = records.length;
  let lastGood = 0;
  const broken = (firstBreak: ChainBreak, summary: string): InternalVerdict => ({
    verification: { chain, intact: false, entries, firstBreak, summary },
    lastSeq: lastGood,
  });
  if (head === 'invalid') {
    return broken({ kind: 'modified', seq: 0, entryId: 'head' }, 'broken: the head record was modified');
  }

  // Records come from storage and may have been edited by hand: nothing about their shape is assumed.
  const ordered = (records as ReadonlyArray<Readonly<Record<string, unknown>>>)
    .slice()
    .sort((a, b) => Number(a.seq) - Number(b.seq));
  let expectedSeq = 1;
  let previousHash = GENESIS_PREV_HASH;
  let previousId = '';
  let voids = 0;
  for (const record of ordered) {
    const seq = Number(record.seq);
    const entryId = typeof record.id === 'string' ? record.id : undefined;
    if (!Number.isInteger(seq) || seq < 1) {
      return broken({ kind: 'inserted', seq, entryId }, `broken at entry ${seq}: an entry was inserted between two`);
    }
    if (seq > expectedSeq) {
      const missing =
        seq - 1 === expectedSeq ? `entry ${expectedSeq} is missing` : `entries ${expectedSeq}–${seq - 1} are missing`;
      return broken({ kind: 'removed', seq: expectedSeq }, `broken at entry ${expectedSeq}: ${missing}`);
    }
    const isVoid = record.void !== undefined;
    const parsed = isVoid ? storedVoidRecordSchema.safeParse(record) : storedAuditEntrySchema.safeParse(record);
    if (record.hash !== safeHashOf(record) || !parsed.success) {
      return broken(
        { kind: 'modified', seq, entryId: entryId ?? '' },
        `broken at entry ${seq}: it was modified (its hash no longer matches its content)`,
      );
    }
    const entry = parsed.data;
    const inChain = 'void' in entry ? entry.chain === chain : entry.chain === chain && chainNameFor(entry) === chain;
    if (!inChain) {
      return broken(
        { kind: 'inserted', seq, entryId: entry.id },
        `broken at entry ${seq}: an entry of another chain was inserted`,
      );
    }
    if (evidence.counter && seq > evidence.counter.next) {
      // The counter never handed this position out: no writer of the bot put it there.
      return broken(
        { kind: 'inserted', seq, entryId: entry.id },
        `broken at entry ${seq}: an entry was inserted (its position was never handed out)`,
      );
    }
    if (head && head.lastSeq === seq && head.lastHash !== entry.hash) {
      return broken(
        { kind: 'modified', seq, entryId: entry.id },
        `broken at entry ${seq}: it was rewritten (the head record names another hash)`,
      );
    }
    if (entry.prevHash !== previousHash) {
      if (seq === 1 || (head && head.lastSeq === seq - 1)) {
        // The predecessor is vouched for (genesis, or the head names its hash): this one is the forgery.
        return broken(
          { kind: 'inserted', seq, entryId: entry.id },
          `broken at entry ${seq}: an entry was inserted (it does not link to entry ${seq - 1})`,
        );
      }
      lastGood = seq - 2;
      return broken(
        { kind: 'modified', seq: seq - 1, entryId: previousId },
        `broken at entry ${seq - 1}: it was rewritten (entry ${seq} no longer links to it)`,
      );
    }
    if ('void' in entry) voids += 1;
    previousHash = entry.hash;
    previousId = entry.id;
    expectedSeq = seq + 1;
    lastGood = seq;
  }

  const lastSeq = expectedSeq - 1;
  if (head && head.lastSeq > lastSeq) {
    const removed =
      head.lastSeq === lastSeq + 1 ? `entry ${head.lastSeq} was` : `entries ${lastSeq + 1}–${head.lastSeq} were`;
    return broken(
      { kind: 'truncated', lastSeq, headSeq: head.lastSeq },
      `broken after entry ${lastSeq}: the newest ${removed} removed (the head record names entry ${head.lastSeq})`,
    );
  }
  const { counter } = evidence;
  let lag = '';
  if (counter && counter.next > lastSeq) {
    const range = counter.next === lastSeq + 1 ? `entry ${counter.next}` : `entries ${lastSeq + 1}–${counter.next}`;
    const deadline = Date.parse(counter.reservedAt) + (evidence.writeDeadlineMs ?? DEFAULT_WRITE_DEADLINE_MS);
    if ((evidence.nowMs ?? Date.now()) <= deadline) {
      lag = `; ${range} reserved and still being written`;
    } else {
      // Every position a writer did not fill gets a void record from the writer waiting for it, so an
      // empty position past its deadline is a removed entry (or a writer that died with nobody waiting).
      const removed = counter.next === lastSeq + 1 ? `entry ${counter.next} was` : `${range} were`;
      return broken(
        { kind: 'truncated', lastSeq, headSeq: counter.next },
        `broken after entry ${lastSeq}: the newest ${removed} removed (the sequence counter names entry ${counter.next})`,
      );
    }
  }
  // Before the counter, every append moved the head forward, so only the very first writer could
  // leave a chain without one. More entries, no head and no counter: the head was deleted, and with
  // it the proof that no newer entries existed.
  if (!counter && !evidence.exported && lastSeq > 1 && !head) {
    return broken(
      { kind: 'modified', seq: 0, entryId: 'head' },
      `broken: the head record is missing (${lastSeq} entries; it cannot show whether newer entries were removed)`,
    );
  }
  const entryCount = lastSeq - voids;
  const count = `${entryCount} ${entryCount === 1 ? 'entry' : 'entries'}`;
  const voided = voids === 0 ? '' : `, ${voids} void ${voids === 1 ? 'position' : 'positions'} (a writer stopped)`;
  if (!counter && !evidence.exported) {
    if (lastSeq > 0 && !head) lag = '; no head record yet: a writer stopped before writing it';
    else if (head && head.lastSeq < lastSeq)
      lag = `; the head record names entry ${head.lastSeq}: a writer stopped before moving it`;
  }
  return { verification: { chain, intact: true, entries, summary: `intact (${count}${voided}${lag})` }, lastSeq };
}

/**
 * What the signed checkpoints add: the newest one that matches the table vouches for every entry up
 * to the one it names; one that names an entry the table no longer has, or has with another hash,
 * proves that the chain was cut back or rewritten, even if the counter and the head were rewritten
 * to match.
 */
function compareWithCheckpoints(
  internal: InternalVerdict,
  records: ReadonlyArray<object>,
  checkpoints: readonly CheckpointVoucher[],
): ChainVerification {
  const { verification } = internal;
  if (checkpoints.length === 0) return verification;
  const newestFirst = [...checkpoints].sort((a, b) => b.number - a.number);
  const hashAt = new Map<number, unknown>();
  for (const record of records as ReadonlyArray<Readonly<Record<string, unknown>>>) {
    hashAt.set(Number(record.seq), record.hash);
  }
  const matches = (voucher: CheckpointVoucher) =>
    voucher.seq <= internal.lastSeq && hashAt.get(voucher.seq) === voucher.hash;
  const vouchedBy = newestFirst.find(matches);
  const vouched = vouchedBy ? `checkpoint ${vouchedBy.number} vouches for entries 1–${vouchedBy.seq}` : '';
  const contradicting = newestFirst.find((voucher) => !matches(voucher) && (!vouchedBy || voucher.seq > vouchedBy.seq));

  if (!verification.intact) {
    const firstBreak = verification.firstBreak;
    if (firstBreak?.kind === 'truncated' && contradicting && contradicting.seq > internal.lastSeq) {
      return {
        ...verification,
        firstBreak: { ...firstBreak, checkpoint: contradicting },
        summary: withNote(
          withNote(
            verification.summary,
            `checkpoint ${contradicting.number} of ${contradicting.time} vouches for entry ${contradicting.seq}`,
          ),
          vouched,
        ),
        ...(vouchedBy ? { vouchedBy } : {}),
      };
    }
    return { ...verification, summary: withNote(verification.summary, vouched), ...(vouchedBy ? { vouchedBy } : {}) };
  }
  if (!contradicting) return { ...verification, summary: withNote(verification.summary, vouched), vouchedBy };

  const lastSeq = internal.lastSeq;
  if (contradicting.seq > lastSeq) {
    const removed =
      contradicting.seq === lastSeq + 1
        ? `entry ${contradicting.seq} was`
        : `entries ${lastSeq + 1}–${contradicting.seq} were`;
    return {
      ...verification,
      intact: false,
      firstBreak: { kind: 'truncated', lastSeq, headSeq: contradicting.seq, checkpoint: contradicting },
      summary: withNote(
        `broken after entry ${lastSeq}: the newest ${removed} removed ` +
          `(checkpoint ${contradicting.number} of ${contradicting.time} vouches for entry ${contradicting.seq})`,
        vouched,
      ),
      ...(vouchedBy ? { vouchedBy } : {}),
    };
  }
  // The chain links up, but not into the hash the checkpoint signed: it was rewritten, from some
  // point after the last position a checkpoint still vouches for, re-hashed and re-linked.
  const firstBad = (vouchedBy?.seq ?? 0) + 1;
  const entryId = (records as ReadonlyArray<Readonly<Record<string, unknown>>>).find(
    (record) => Number(record.seq) === firstBad,
  )?.id;
  return {
    ...verification,
    intact: false,
    firstBreak: {
      kind: 'modified',
      seq: firstBad,
      entryId: typeof entryId === 'string' ? entryId : '',
      checkpoint: contradicting,
    },
    summary: withNote(
      `broken at entry ${firstBad}: entries ${firstBad}–${contradicting.seq} were rewritten ` +
        `(checkpoint ${contradicting.number} of ${contradicting.time} names another hash for entry ${contradicting.seq})`,
      vouched,
    ),
    ...(vouchedBy ? { vouchedBy } : {}),
  };
}

/** "intact (3 entries)" + note → "intact (3 entries; note)"; a summary without parentheses gets them. */
function withNote(summary: string, note: string): string {
  if (note === '') return summary;
  return summary.endsWith(')') ? `${summary.slice(0, -1)}; ${note})` : `${summary} (${note})`;
}

/** A record that cannot even be canonicalised (a lone surrogate, a number out of range) was tampered with. */
function safeHashOf(record: object): string | undefined {
  try {
    return hashOf(record);
  } catch {
    return undefined;
  }
}
