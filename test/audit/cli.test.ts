import { createHash } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import canonicalize from 'canonicalize';
import { describe, expect, it, vi } from 'vitest';
import type { AuditEntryInput } from '../../src/audit/audit-entry';
import { DynamoDbAuditLog } from '../../src/audit/dynamodb-audit-log';
import { ensureTables } from '../../src/storage/ensure-tables';
import { runAuditCli } from '../support/audit-cli';
import { CONNECTOR, OTHER_CONNECTOR, readInput } from '../support/audit-entries';
import { auditTables } from '../support/audit-tables';
import { type DynamoDbTestEngine, describeEachDynamoDbEngine, uniqueTableName } from '../support/dynamodb';

// Each test runs the CLI in a process of its own (`npx tsx`, up to 60 s, runAuditCli's timeout): on a
// loaded machine that alone can pass the suite's 30 s (it did on CI under Node.js 22 and 24), so
// the tests wait longer than their processes may take.
vi.setConfig({ testTimeout: 90_000 });

/** A read whose details need care in JSON: non-ASCII text and a fraction. */
function entry(overrides: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return readInput({ details: { note: 'Zürich → 東京', ratio: 0.1 }, ...overrides });
}

async function seedTable(engine: DynamoDbTestEngine) {
  const tableName = uniqueTableName('audit-cli');
  await ensureTables(engine.client(), auditTables(tableName));
  const documentClient = engine.documentClient();
  let tick = 0;
  const auditLog = new DynamoDbAuditLog({
    documentClient,
    tableName,
    clock: { now: () => Date.UTC(2026, 4, 1 + tick++) },
  });
  for (let index = 0; index < 3; index++) await auditLog.append(entry());
  await auditLog.append(entry({ voiceConnectorId: OTHER_CONNECTOR }));
  await auditLog.append(entry({ voiceConnectorId: undefined, action: 'command', outcome: 'invalid' }));
  const environment = { ...engine.childEnvironment(), AUDIT_TABLE: tableName };
  return { tableName, documentClient, environment };
}

describeEachDynamoDbEngine('audit CLI', (engine) => {
  it('exports every chain as JSON Lines on stdout alone, each line re-checkable with SHA-256', async () => {
    // Prepare
    const { environment } = await seedTable(engine);

    // Act
    const run = await runAuditCli(['export'], environment);

    // Assess
    expect(run.exitCode).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.pop()).toBe('');
    const records = lines.map((line) => JSON.parse(line));
    expect(records.map((record) => `${record.chain}#${record.seq}`)).toEqual([
      `vc:${OTHER_CONNECTOR}#1`,
      `vc:${CONNECTOR}#1`,
      `vc:${CONNECTOR}#2`,
      `vc:${CONNECTOR}#3`,
      'ws:T1#1',
    ]);
    for (const record of records) {
      const { hash, ...hashed } = record;
      expect(
        createHash('sha256')
          .update(canonicalize(hashed) ?? '', 'utf8')
          .digest('hex'),
      ).toBe(hash);
    }
    expect(run.stderr).toContain('Exported 5 entries');
  });

  it('exports one connector since a date', async () => {
    // Prepare
    const { environment } = await seedTable(engine);

    // Act
    const run = await runAuditCli(['export', '--connector', CONNECTOR, '--since', '2026-05-02'], environment);

    // Assess
    expect(run.exitCode).toBe(0);
    const records = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(records.map((record) => [record.seq, record.time])).toEqual([
      [2, '2026-05-02T00:00:00.000Z'],
      [3, '2026-05-03T00:00:00.000Z'],
    ]);
  });

  it('verifies every chain with one line each and exits 0 when all are intact', async () => {
    // Prepare
    const { environment } = await seedTable(engine);

    // Act
    const run = await runAuditCli(['verify'], environment);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      `vc:${OTHER_CONNECTOR}: intact (1 entry)`,
      `vc:${CONNECTOR}: intact (3 entries)`,
      'ws:T1: intact (1 entry)',
    ]);
  });

  it('exits non-zero and says where a tampered chain breaks', async () => {
    // Prepare
    const { environment, documentClient, tableName } = await seedTable(engine);
    const exported = await runAuditCli(['export', '--connector', CONNECTOR], environment);
    const second = JSON.parse(exported.stdout.split('\n')[1] ?? '{}');
    await documentClient.send(new PutCommand({ TableName: tableName, Item: { ...second, outcome: 'denied' } }));

    // Act
    const all = await runAuditCli(['verify'], environment);
    const one = await runAuditCli(['verify', '--connector', CONNECTOR], environment);

    // Assess
    expect(all.exitCode).toBe(1);
    expect(all.stdout).toContain(
      `vc:${CONNECTOR}: broken at entry 2: it was modified (its hash no longer matches its content)`,
    );
    expect(all.stdout).toContain(`vc:${OTHER_CONNECTOR}: intact (1 entry)`);
    expect(all.stderr).toContain('1 of 3 chains are broken');
    expect(one.exitCode).toBe(1);
    expect(one.stdout.trim().split('\n')).toHaveLength(1);
    // Three runs of the CLI (each a Node start with its TypeScript loader): more than the default on a busy machine.
  }, 120_000);
});

describe('audit CLI without an engine', () => {
  it('stops with a message naming a bad environment variable', async () => {
    // Act
    const run = await runAuditCli(['verify'], { AWS_REGION: 'moon', AUDIT_TABLE: 'audit' });

    // Assess
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Invalid environment variable AWS_REGION');
  });

  it('explains its commands with --help', async () => {
    // Act
    const run = await runAuditCli(['--help'], {});

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('export [--connector ID] [--since DATE]');
    expect(run.stdout).toContain('AUDIT_TABLE');
  });

  it('refuses an unreadable --since date', async () => {
    // Act
    const run = await runAuditCli(['export', '--since', 'yesterday'], {});

    // Assess
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--since must be an ISO-8601 date');
  });
});
