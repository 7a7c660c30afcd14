import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { AuditEntry, AuditEntryInput } from './audit-entry';
import { storedAuditEntrySchema } from './audit-entry-validation';
import type { ChainBreak, ChainVerification } from './audit-log';

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
 * Outside the entries, each chain has a head record (`chain` = `head#<chain>`, `seq` = 0) naming the
 * last appended `lastSeq` and `lastHash`. It lets a check notice that the newest entries were removed.
 * A head that names an entry older than the newest one is normal (a writer stopped between writing
 * its entry and moving the head); a head that names an entry that is missing is not.
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

/**
 * Recomputes a chain from its stored records (in any order) and its head, and reports the first
 * break. Pure: the DynamoDB adapter, the in-memory double and the CLI all check chains with it.
 *
 * `head` is `undefined` when there is no head record, and `'invalid'` when one exists but is malformed.
 */
export function verifyChainRecords(
  chain: string,
  records: ReadonlyArray<object>,
  head: ChainHead | 'invalid' | undefined,
): ChainVerification {
  const entries = records.length;
  const broken = (firstBreak: ChainBreak, summary: string): ChainVerification => ({
    chain,
    intact: false,
    entries,
    firstBreak,
    summary,
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
    const parsed = storedAuditEntrySchema.safeParse(record);
    if (record.hash !== safeHashOf(record) || !parsed.success) {
      return broken(
        { kind: 'modified', seq, entryId: entryId ?? '' },
        `broken at entry ${seq}: it was modified (its hash no longer matches its content)`,
      );
    }
    const entry = parsed.data;
    if (entry.chain !== chain || chainNameFor(entry) !== chain) {
      return broken(
        { kind: 'inserted', seq, entryId: entry.id },
        `broken at entry ${seq}: an entry of another chain was inserted`,
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
      return broken(
        { kind: 'modified', seq: seq - 1, entryId: previousId },
        `broken at entry ${seq - 1}: it was rewritten (entry ${seq} no longer links to it)`,
      );
    }
    previousHash = entry.hash;
    previousId = entry.id;
    expectedSeq = seq + 1;
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
  // Every append moves the head forward, so only the very first writer can leave a chain without
  // one (it stopped between its entry and the head). More entries and no head: it was deleted, and
  // with it the proof that no newer entries existed.
  if (lastSeq > 1 && !head) {
    return broken(
      { kind: 'modified', seq: 0, entryId: 'head' },
      `broken: the head record is missing (${lastSeq} entries; it cannot show whether newer entries were removed)`,
    );
  }
  const count = `${lastSeq} ${lastSeq === 1 ? 'entry' : 'entries'}`;
  let lag = '';
  if (lastSeq > 0 && !head) lag = '; no head record yet: a writer stopped before writing it';
  else if (head && head.lastSeq < lastSeq)
    lag = `; the head record names entry ${head.lastSeq}: a writer stopped before moving it`;
  return { chain, intact: true, entries, summary: `intact (${count}${lag})` };
}

/** A record that cannot even be canonicalised (a lone surrogate, a number out of range) was tampered with. */
function safeHashOf(record: object): string | undefined {
  try {
    return hashOf(record);
  } catch {
    return undefined;
  }
}
