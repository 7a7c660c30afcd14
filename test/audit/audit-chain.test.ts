import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type ChainHead,
  canonicalFormOf,
  chainNameFor,
  type EntryPlacement,
  GENESIS_PREV_HASH,
  hashOf,
  sealEntry,
  verifyChainRecords,
} from '../../src/audit/audit-chain';
import type { AuditEntry, JsonValue } from '../../src/audit/audit-entry';
import { AuditEntryRejectedError, parseAuditEntryInput } from '../../src/audit/audit-entry-validation';
import { CONNECTOR, readInput } from '../support/audit-entries';

/** A chain of `length` entries as an append would build it, and the head it would leave. */
function buildChain(length: number): { records: AuditEntry[]; head: ChainHead } {
  const records: AuditEntry[] = [];
  for (let seq = 1; seq <= length; seq++) {
    records.push(
      sealEntry(readInput({ latencyMs: seq }), {
        id: `id-${seq}`,
        time: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
        chain: `vc:${CONNECTOR}`,
        seq,
        prevHash: records.at(-1)?.hash ?? GENESIS_PREV_HASH,
      }),
    );
  }
  const last = records.at(-1);
  return { records, head: { lastSeq: last?.seq ?? 0, lastHash: last?.hash ?? GENESIS_PREV_HASH } };
}

function placementOf(record: AuditEntry | undefined): EntryPlacement {
  if (!record) throw new Error('no such record');
  const { id, time, chain, seq, prevHash } = record;
  return { id, time, chain, seq, prevHash };
}

describe('audit chain', () => {
  it('hashes the RFC 8785 form of every field but hash, so sha256sum of that text gives the hash', () => {
    // Prepare
    const entry = sealEntry(readInput({ details: { zeta: 1, alpha: 'é', nested: { b: 2.5, a: [true, null] } } }), {
      id: 'id-1',
      time: '2026-01-01T00:00:00.000Z',
      chain: `vc:${CONNECTOR}`,
      seq: 1,
      prevHash: GENESIS_PREV_HASH,
    });

    // Act
    const canonical = canonicalFormOf(entry);

    // Assess
    expect(canonical).toBe(
      '{"action":"read.termination","actorTeamId":"T1","actorUserId":"U111","chain":"vc:abcdef1234567890abcdef",' +
        '"details":{"alpha":"é","nested":{"a":[true,null],"b":2.5},"zeta":1},"id":"id-1",' +
        `"outcome":"ok","prevHash":"${'0'.repeat(64)}","region":"us-east-1","seq":1,` +
        '"time":"2026-01-01T00:00:00.000Z","voiceConnectorId":"abcdef1234567890abcdef"}',
    );
    expect(entry.hash).toBe(createHash('sha256').update(Buffer.from(canonical, 'utf8')).digest('hex'));
    expect(hashOf(entry)).toBe(entry.hash);
  });

  it('starts every chain from 64 zeros', () => {
    expect(GENESIS_PREV_HASH).toBe('0000000000000000000000000000000000000000000000000000000000000000');
  });

  it('puts entries naming a connector in its chain and the others in their workspace chain', () => {
    expect(chainNameFor(readInput())).toBe(`vc:${CONNECTOR}`);
    expect(chainNameFor(readInput({ voiceConnectorId: undefined }))).toBe('ws:T1');
  });

  it('leaves out members that are undefined instead of hashing them as null', () => {
    // Prepare
    const withUndefined = parseAuditEntryInput(
      readInput({ reason: undefined, details: { kept: 1, dropped: undefined as unknown as JsonValue } }),
    );

    // Act
    const keys = Object.keys(withUndefined);

    // Assess
    expect(keys).not.toContain('reason');
    expect(withUndefined.details).toEqual({ kept: 1 });
  });

  it('refuses a password-like key anywhere in an entry, without echoing its value', () => {
    // Prepare
    const nested = readInput({ after: { credentials: [{ username: 'sip-user', Password: 'hunter2' }] } });

    // Act
    const attempt = () => parseAuditEntryInput(nested);

    // Assess
    expect(attempt).toThrow(AuditEntryRejectedError);
    expect(attempt).toThrow('after.credentials[0].Password');
    expect(attempt).not.toThrow('hunter2');
    expect(() => parseAuditEntryInput(readInput({ details: { newPasswd: 'x' } }))).toThrow(AuditEntryRejectedError);
  });

  it('refuses values that are not JSON', () => {
    expect(() => parseAuditEntryInput(readInput({ latencyMs: Number.NaN }))).toThrow(AuditEntryRejectedError);
    expect(() => parseAuditEntryInput(readInput({ details: { big: 2 ** 60 } }))).toThrow(AuditEntryRejectedError);
    // biome-ignore lint/suspicious/noExplicitAny: a Date is what a careless caller would pass; the type forbids it.
    expect(() => parseAuditEntryInput(readInput({ before: new Date() as any }))).toThrow(AuditEntryRejectedError);
  });

  describe('verifyChainRecords', () => {
    it('calls an untouched chain intact', () => {
      // Prepare
      const { records, head } = buildChain(3);

      // Act
      const verdict = verifyChainRecords(`vc:${CONNECTOR}`, records, head);

      // Assess
      expect(verdict).toEqual({ chain: `vc:${CONNECTOR}`, intact: true, entries: 3, summary: 'intact (3 entries)' });
    });

    it('accepts a head that lags behind its entries, as a writer that stopped would leave it', () => {
      // Prepare
      const { records } = buildChain(3);
      const staleHead = { lastSeq: 2, lastHash: records[1]?.hash ?? '' };

      // Act
      const verdict = verifyChainRecords(`vc:${CONNECTOR}`, records, staleHead);

      // Assess
      expect(verdict.intact).toBe(true);
      expect(verdict.summary).toMatch(/^intact \(3 entries; the head record names entry 2/);
    });

    it('names an entry that was rewritten and re-hashed, by the link from its successor', () => {
      // Prepare
      const { records, head } = buildChain(4);
      const forged = sealEntry(readInput({ outcome: 'denied' }), placementOf(records[1]));
      records[1] = forged;

      // Act
      const verdict = verifyChainRecords(`vc:${CONNECTOR}`, records, head);

      // Assess
      expect(verdict.firstBreak).toEqual({ kind: 'modified', seq: 2, entryId: 'id-2' });
      expect(verdict.summary).toBe('broken at entry 2: it was rewritten (entry 3 no longer links to it)');
    });

    it('names the newest entry when it was rewritten and re-hashed, by the hash in the head', () => {
      // Prepare
      const { records, head } = buildChain(3);
      records[2] = sealEntry(readInput({ outcome: 'failed' }), placementOf(records[2]));

      // Act
      const verdict = verifyChainRecords(`vc:${CONNECTOR}`, records, head);

      // Assess
      expect(verdict.firstBreak).toEqual({ kind: 'modified', seq: 3, entryId: 'id-3' });
    });

    it('reports a chain whose head record was deleted, and accepts one entry written before its head', () => {
      // Prepare
      const { records } = buildChain(3);

      // Act
      const deleted = verifyChainRecords(`vc:${CONNECTOR}`, records, undefined);
      const firstWriterStopped = verifyChainRecords(`vc:${CONNECTOR}`, records.slice(0, 1), undefined);

      // Assess
      expect(deleted.intact).toBe(false);
      expect(deleted.summary).toContain('the head record is missing');
      expect(firstWriterStopped.intact).toBe(true);
    });

    it('reports a malformed head record', () => {
      const { records } = buildChain(2);

      const verdict = verifyChainRecords(`vc:${CONNECTOR}`, records, 'invalid');

      expect(verdict.intact).toBe(false);
      expect(verdict.summary).toBe('broken: the head record was modified');
    });
  });
});
