import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { GENESIS_PREV_HASH, hashOf, headKeyFor, sealEntry } from '../../src/audit/audit-chain';
import { type AuditEntry, type AuditEntryInput, AuditUnavailableError } from '../../src/audit/audit-entry';
import { AuditEntryRejectedError } from '../../src/audit/audit-entry-validation';
import { DynamoDbAuditLog } from '../../src/audit/dynamodb-audit-log';
import { ensureTables } from '../../src/storage/ensure-tables';
import { readInput as baseReadInput, CONNECTOR, OTHER_CONNECTOR, steppingClock } from '../support/audit-entries';
import { auditTables } from '../support/audit-tables';
import {
  closedPortEndpoint,
  createTestDynamoDbClient,
  type DynamoDbTestEngine,
  describeEachDynamoDbEngine,
  uniqueTableName,
} from '../support/dynamodb';

/** A read with every optional field the bot fills in: its name, the channel and the latency. */
function readInput(overrides: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return baseReadInput({ actorName: 'Ada', channelId: 'C1', latencyMs: 84, ...overrides });
}

async function createAuditLog(engine: DynamoDbTestEngine) {
  const tableName = uniqueTableName('audit');
  await ensureTables(engine.client(), auditTables(tableName));
  const documentClient = engine.documentClient();
  const auditLog = new DynamoDbAuditLog({ documentClient, tableName, clock: steppingClock() });
  return { auditLog, documentClient, tableName };
}

async function appendMany(auditLog: DynamoDbAuditLog, count: number, overrides: Partial<AuditEntryInput> = {}) {
  const entries: AuditEntry[] = [];
  for (let index = 0; index < count; index++) entries.push(await auditLog.append(readInput(overrides)));
  return entries;
}

async function storedEntry(documentClient: DynamoDBDocumentClient, tableName: string, seq: number) {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: { chain: `vc:${CONNECTOR}`, seq }, ConsistentRead: true }),
  );
  return Item as AuditEntry;
}

describeEachDynamoDbEngine('DynamoDbAuditLog', (engine) => {
  it('appends the first entry of a connector at seq 1 after 64 zeros, hashed over its canonical form', async () => {
    // Prepare
    const { auditLog, documentClient, tableName } = await createAuditLog(engine);

    // Act
    const entry = await auditLog.append(readInput());

    // Assess
    expect(entry).toMatchObject({ chain: `vc:${CONNECTOR}`, seq: 1, prevHash: GENESIS_PREV_HASH, actorUserId: 'U111' });
    expect(entry.time).toBe('2026-01-01T00:00:00.000Z');
    const stored = await storedEntry(documentClient, tableName, 1);
    expect(stored).toEqual(entry);
    expect(hashOf(stored)).toBe(stored.hash);
  });

  it('never overwrites an entry another writer put at its sequence number, and appends after it', async () => {
    // Prepare: the log's own client plants a foreign entry at seq 2 through a second client just
    // before it writes its entry: after it has read the tip of the chain, so that the two collide.
    const tableName = uniqueTableName('audit');
    await ensureTables(engine.client(), auditTables(tableName));
    const writer = engine.documentClient();
    const intruder = engine.documentClient();
    const auditLog = new DynamoDbAuditLog({ documentClient: writer, tableName, clock: steppingClock() });
    const first = await auditLog.append(readInput());
    const planted = sealEntry(readInput({ actorUserId: 'U666', outcome: 'denied' }), {
      id: 'planted',
      time: first.time,
      chain: first.chain,
      seq: first.seq + 1,
      prevHash: 'f'.repeat(64),
    });
    let plantBeforeNextPut = true;
    const refusedPuts: string[] = [];
    writer.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'PutItemCommand') return next(args);
        if (plantBeforeNextPut) {
          plantBeforeNextPut = false;
          await intruder.send(new PutCommand({ TableName: tableName, Item: planted }));
        }
        try {
          return await next(args);
        } catch (error) {
          if (error instanceof Error) refusedPuts.push(error.name);
          throw error;
        }
      },
      { step: 'initialize', name: 'plantAnEntryBehindTheLogsBack' },
    );

    // Act
    const appended = await auditLog.append(readInput({ details: { after: 'collision' } }));

    // Assess: the append lost the race, left the planted item alone and took the next number.
    expect(refusedPuts).toContain('ConditionalCheckFailedException');
    expect(await storedEntry(writer, tableName, planted.seq)).toEqual(planted);
    expect(appended).toMatchObject({ seq: planted.seq + 1, prevHash: planted.hash, details: { after: 'collision' } });
    expect(await storedEntry(writer, tableName, appended.seq)).toEqual(appended);
    // The planted entry does not link to entry 1. Nothing vouches for either side of that link (the
    // head names entry 3), so the check reports the link from entry 1's side.
    const verdict = await auditLog.verifyChain(first.chain);
    expect(verdict.intact).toBe(false);
    expect(verdict.firstBreak).toEqual({ kind: 'modified', seq: first.seq, entryId: first.id });
    expect(verdict.summary).toBe('broken at entry 1: it was rewritten (entry 2 no longer links to it)');
  });

  // A generous limit, not a timing assertion: 50 writers racing on a shared 2-core machine take a while.
  it('gives 50 concurrent appends to one connector seq 1..50 without gaps and a chain that verifies', async () => {
    // Prepare
    const { auditLog } = await createAuditLog(engine);

    // Act
    const entries = await Promise.all(
      Array.from({ length: 50 }, (_, index) => auditLog.append(readInput({ details: { request: index } }))),
    );

    // Assess
    expect(entries.map((entry) => entry.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    expect(new Set(entries.map((entry) => entry.details?.request)).size).toBe(50);
    const verdict = await auditLog.verifyConnector(CONNECTOR);
    expect(verdict).toMatchObject({ intact: true, entries: 50, summary: 'intact (50 entries)' });
  }, 120_000);

  it('catches an entry whose field was edited in the table', async () => {
    // Prepare
    const { auditLog, documentClient, tableName } = await createAuditLog(engine);
    const entries = await appendMany(auditLog, 5);
    const third = entries[2] as AuditEntry;
    await documentClient.send(new PutCommand({ TableName: tableName, Item: { ...third, actorUserId: 'U999' } }));

    // Act
    const verdict = await auditLog.verifyConnector(CONNECTOR);

    // Assess
    expect(verdict.intact).toBe(false);
    expect(verdict.firstBreak).toEqual({ kind: 'modified', seq: 3, entryId: third.id });
    expect(verdict.summary).toBe('broken at entry 3: it was modified (its hash no longer matches its content)');
  });

  it('catches an entry that was edited and re-hashed in the table', async () => {
    // Prepare
    const { auditLog, documentClient, tableName } = await createAuditLog(engine);
    const entries = await appendMany(auditLog, 5);
    const second = entries[1] as AuditEntry;
    const { id, time, chain, seq, prevHash } = second;
    const forged = sealEntry(readInput({ outcome: 'denied' }), { id, time, chain, seq, prevHash });
    await documentClient.send(new PutCommand({ TableName: tableName, Item: forged }));

    // Act
    const verdict = await auditLog.verifyConnector(CONNECTOR);

    // Assess
    expect(verdict.firstBreak).toEqual({ kind: 'modified', seq: 2, entryId: second.id });
  });

  it('catches an entry deleted from the middle of a chain', async () => {
    // Prepare
    const { auditLog, documentClient, tableName } = await createAuditLog(engine);
    await appendMany(auditLog, 5);
    await documentClient.send(new DeleteCommand({ TableName: tableName, Key: { chain: `vc:${CONNECTOR}`, seq: 2 } }));

    // Act
    const verdict = await auditLog.verifyConnector(CONNECTOR);

    // Assess
    expect(verdict.firstBreak).toEqual({ kind: 'removed', seq: 2 });
    expect(verdict.summary).toBe('broken at entry 2: entry 2 is missing');
  });

  it('catches an entry inserted between two others', async () => {
    // Prepare
    const { auditLog, documentClient, tableName } = await createAuditLog(engine);
    const entries = await appendMany(auditLog, 4);
    const second = entries[1] as AuditEntry;
    const inserted = sealEntry(readInput({ outcome: 'denied' }), {
      id: 'forged',
      time: second.time,
      chain: second.chain,
      seq: 2.5,
      prevHash: second.hash,
    });
    await documentClient.send(new PutCommand({ TableName: tableName, Item: inserted }));

    // Act
    const verdict = await auditLog.verifyConnector(CONNECTOR);

    // Assess
    expect(verdict.firstBreak).toEqual({ kind: 'inserted', seq: 2.5, entryId: 'forged' });
  });

  it('catches an extra entry added after the newest one without the chain hash', async () => {
    // Prepare
    const { auditLog, documentClient, tableName } = await createAuditLog(engine);
    const entries = await appendMany(auditLog, 3);
    const newest = entries[2] as AuditEntry;
    const extra = sealEntry(readInput({ action: 'change.apply', outcome: 'applied' }), {
      id: 'forged',
      time: newest.time,
      chain: newest.chain,
      seq: 4,
      prevHash: 'f'.repeat(64),
    });
    await documentClient.send(new PutCommand({ TableName: tableName, Item: extra }));

    // Act
    const verdict = await auditLog.verifyConnector(CONNECTOR);

    // Assess
    expect(verdict.firstBreak).toEqual({ kind: 'inserted', seq: 4, entryId: 'forged' });
  });

  it('catches the newest entries deleted while the sequence counter stays, once their writers’ time is up', async () => {
    // Prepare: the counter replaced the head record as what names the newest position (this test
    // used to rely on the head record); an empty position is a removal only after its deadline.
    const tableName = uniqueTableName('audit');
    await ensureTables(engine.client(), auditTables(tableName));
    const documentClient = engine.documentClient();
    let now = Date.UTC(2026, 0, 1);
    const auditLog = new DynamoDbAuditLog({
      documentClient,
      tableName,
      clock: steppingClock(),
      timer: { now: () => now },
      writeDeadlineMs: 30_000,
    });
    await appendMany(auditLog, 5);
    for (const seq of [4, 5]) {
      await documentClient.send(new DeleteCommand({ TableName: tableName, Key: { chain: `vc:${CONNECTOR}`, seq } }));
    }
    const whileWritersMayStillWrite = await auditLog.verifyConnector(CONNECTOR);
    now += 31_000;

    // Act
    const verdict = await auditLog.verifyConnector(CONNECTOR);

    // Assess
    expect(whileWritersMayStillWrite.summary).toBe('intact (3 entries; entries 4–5 reserved and still being written)');
    expect(verdict.firstBreak).toEqual({ kind: 'truncated', lastSeq: 3, headSeq: 5 });
    expect(verdict.summary).toBe(
      'broken after entry 3: the newest entries 4–5 were removed (the sequence counter names entry 5)',
    );
  });

  it('continues a chain whose head lags behind its entries, as a writer that stopped would leave it', async () => {
    // Prepare
    const { auditLog, documentClient, tableName } = await createAuditLog(engine);
    const entries = await appendMany(auditLog, 3);
    const first = entries[0] as AuditEntry;
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: { chain: headKeyFor(`vc:${CONNECTOR}`), seq: 0, lastSeq: 1, lastHash: first.hash },
      }),
    );
    const lagging = await auditLog.verifyConnector(CONNECTOR);

    // Act
    const next = await auditLog.append(readInput());

    // Assess
    expect(lagging.intact).toBe(true);
    expect(next.seq).toBe(4);
    expect(next.prevHash).toBe(entries[2]?.hash);
    expect(await auditLog.verifyConnector(CONNECTOR)).toMatchObject({ intact: true, summary: 'intact (4 entries)' });
  });

  it('never reuses the seq of entries deleted from the end', async () => {
    // Prepare
    const { auditLog, documentClient, tableName } = await createAuditLog(engine);
    await appendMany(auditLog, 3);
    await documentClient.send(new DeleteCommand({ TableName: tableName, Key: { chain: `vc:${CONNECTOR}`, seq: 3 } }));

    // Act
    const next = await auditLog.append(readInput());

    // Assess
    expect(next.seq).toBe(4);
    expect((await auditLog.verifyConnector(CONNECTOR)).firstBreak).toEqual({ kind: 'removed', seq: 3 });
  });

  describe('queries', () => {
    async function seedHistory() {
      const context = await createAuditLog(engine);
      const { auditLog } = context;
      const a1 = await auditLog.append(readInput({ actorUserId: 'U111' }));
      const b1 = await auditLog.append(readInput({ actorUserId: 'U222', voiceConnectorId: OTHER_CONNECTOR }));
      const request = await auditLog.append(
        readInput({ actorUserId: 'U111', action: 'change.request', outcome: 'pending', changeRequestId: 'CR1' }),
      );
      const workspace = await auditLog.append(
        readInput({ actorUserId: 'U111', action: 'command', outcome: 'invalid', voiceConnectorId: undefined }),
      );
      const approval = await auditLog.append(
        readInput({ actorUserId: 'U222', action: 'change.approve', outcome: 'approved', changeRequestId: 'CR1' }),
      );
      const otherTeam = await auditLog.append(readInput({ actorUserId: 'U333', actorTeamId: 'T2' }));
      const b2 = await auditLog.append(readInput({ actorUserId: 'U111', voiceConnectorId: OTHER_CONNECTOR }));
      const applied = await auditLog.append(
        readInput({ actorUserId: 'system', action: 'change.apply', outcome: 'applied', changeRequestId: 'CR1' }),
      );
      const ids = { a1, b1, request, workspace, approval, otherTeam, b2, applied };
      return { ...context, ids };
    }

    it('lists a connector newest first, up to the limit', async () => {
      // Prepare
      const { auditLog, ids } = await seedHistory();

      // Act
      const recent = await auditLog.recentForConnector(CONNECTOR, 3);

      // Assess
      expect(recent.map((entry) => entry.id)).toEqual([ids.applied.id, ids.otherTeam.id, ids.approval.id]);
      expect(recent.map((entry) => entry.seq)).toEqual([5, 4, 3]);
    });

    it('lists a workspace newest first across connectors and the workspace chain', async () => {
      // Prepare
      const { auditLog, ids } = await seedHistory();

      // Act
      const recent = await auditLog.recentForTeam('T1', 10);

      // Assess
      expect(recent.map((entry) => entry.id)).toEqual(
        [ids.applied, ids.b2, ids.approval, ids.workspace, ids.request, ids.b1, ids.a1].map((entry) => entry.id),
      );
      expect(recent.find((entry) => entry.id === ids.workspace.id)?.chain).toBe('ws:T1');
    });

    it('lists one actor newest first, across connectors or within one', async () => {
      // Prepare
      const { auditLog, ids } = await seedHistory();

      // Act
      const everywhere = await auditLog.recentForActor('U111', 10);
      const onConnector = await auditLog.recentForActor('U111', 10, CONNECTOR);
      const limited = await auditLog.recentForActor('U111', 1, CONNECTOR);

      // Assess
      expect(everywhere.map((entry) => entry.id)).toEqual(
        [ids.b2, ids.workspace, ids.request, ids.a1].map((e) => e.id),
      );
      expect(onConnector.map((entry) => entry.id)).toEqual([ids.request.id, ids.a1.id]);
      expect(limited.map((entry) => entry.id)).toEqual([ids.request.id]);
    });

    it('lists every entry of a change request oldest first', async () => {
      // Prepare
      const { auditLog, ids } = await seedHistory();

      // Act
      const history = await auditLog.forChangeRequest('CR1');

      // Assess
      expect(history.map((entry) => entry.outcome)).toEqual(['pending', 'approved', 'applied']);
      expect(history.map((entry) => entry.id)).toEqual([ids.request.id, ids.approval.id, ids.applied.id]);
    });

    it('exports chains in chain order and lists every chain', async () => {
      // Prepare
      const { auditLog } = await seedHistory();

      // Act
      const chains = await auditLog.listChains();
      const exported = [];
      for await (const record of auditLog.exportEntries({ voiceConnectorId: CONNECTOR })) exported.push(record);

      // Assess
      expect(chains).toEqual([`vc:${OTHER_CONNECTOR}`, `vc:${CONNECTOR}`, 'ws:T1'].sort());
      expect(exported.map((record) => record.seq)).toEqual([1, 2, 3, 4, 5]);
    });
  });

  it('refuses an entry with a password-like key and writes nothing', async () => {
    // Prepare
    const { auditLog } = await createAuditLog(engine);

    // Act
    const append = auditLog.append(readInput({ before: { credentials: [{ username: 'sip', password: 'secret' }] } }));

    // Assess
    await expect(append).rejects.toThrow(AuditEntryRejectedError);
    expect(await auditLog.recentForConnector(CONNECTOR, 10)).toEqual([]);
  });
});

describe('DynamoDbAuditLog without an engine', () => {
  it('has no code path that updates or deletes an audit item', () => {
    // Prepare: the counters of the sequence table (audit-sequence.ts) are the one thing under
    // src/audit that is updated, and they live in their own table; that file is checked apart.
    const directory = join(import.meta.dirname, '../../src/audit');
    const sources = readdirSync(directory)
      .filter((name) => name.endsWith('.ts') && name !== 'audit-sequence.ts')
      .map((name) => readFileSync(join(directory, name), 'utf8'));
    const sequenceSource = readFileSync(join(directory, 'audit-sequence.ts'), 'utf8');

    // Act
    const writes = sources.flatMap(
      (source) => source.match(/\b(?:Update|Delete|BatchWrite|TransactWrite)\w*Command\b/g) ?? [],
    );
    const sequenceWrites = sequenceSource.match(/\b(?:Put|Update|Delete|BatchWrite|TransactWrite)\w*Command\b/g) ?? [];

    // Assess
    expect(writes).toEqual([]);
    expect(new Set(sequenceWrites)).toEqual(new Set(['UpdateCommand']));
    expect(sequenceSource).toContain('TableName: this.tableName');
  });

  it('refuses to append during a DynamoDB outage, so the caller does not act', async () => {
    // Prepare
    const client = createTestDynamoDbClient(await closedPortEndpoint(), { maxAttempts: 1 });
    const auditLog = new DynamoDbAuditLog({ documentClient: DynamoDBDocumentClient.from(client), tableName: 'audit' });

    // Act
    const append = auditLog.append(readInput());

    // Assess
    await expect(append).rejects.toThrow(AuditUnavailableError);
    await expect(append).rejects.toHaveProperty('cause.message', expect.stringContaining('ECONNREFUSED'));
    await expect(auditLog.recentForConnector(CONNECTOR, 10)).rejects.toThrow(AuditUnavailableError);
    client.destroy();
  });
});
