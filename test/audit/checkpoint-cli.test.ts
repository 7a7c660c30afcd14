import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock';
import { createAuditServices } from '../../src/composition-root';
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/logging/logger';
import {
  CHECKPOINT_KEY_ALIAS,
  createCheckpointedAuditTable,
  useCheckpointBackends,
} from '../support/audit-checkpoint-backends';
import { runAuditCli } from '../support/audit-cli';
import { CONNECTOR, OTHER_CONNECTOR, readInput } from '../support/audit-entries';
import { deleteNewestEntries } from '../support/audit-tampering';
import { useTemporaryDirectory } from './temporary-directory';

describe('the audit CLI with signed checkpoints', () => {
  const backends = useCheckpointBackends();
  const workDirectory = useTemporaryDirectory('audit-cli-');

  /** A deployment's table and bucket with 4 entries on one connector, 1 on another, and a checkpoint of them. */
  async function deployment() {
    const { table, bucket, documentClient } = await createCheckpointedAuditTable(backends(), {
      prefix: 'checkpoints',
      retentionDays: 30,
    });
    const environment = {
      ...backends().environment,
      AUDIT_TABLE: table,
      AUDIT_CHECKPOINT_BUCKET: bucket,
      AUDIT_SIGNING_KEY_ID: CHECKPOINT_KEY_ALIAS,
      AWS_REGION: 'us-east-1',
    };
    const saved = { ...process.env };
    Object.assign(process.env, environment);
    const services = createAuditServices(loadConfig(environment), documentClient, systemClock, createLogger('silent'));
    for (let index = 0; index < 4; index++) await services.auditLog.append(readInput());
    await services.auditLog.append(readInput({ voiceConnectorId: OTHER_CONNECTOR }));
    const checkpoint = await services.checkpoints?.write();
    services.close();
    process.env = saved;
    return { environment, documentClient, table, checkpoint };
  }

  it('exports an auditor’s directory that verifies offline with the public key alone', async () => {
    // Prepare
    const { environment } = await deployment();
    const directory = join(workDirectory(), 'intact');

    // Act
    const exported = await runAuditCli(['export', '--with-checkpoints', directory], environment);
    // Nothing but the directory: no endpoint, no table, no credentials.
    const verified = await runAuditCli(['verify', '--offline', directory], { AWS_ACCESS_KEY_ID: '', AUDIT_TABLE: '' });

    // Assess
    expect(exported.exitCode).toBe(0);
    expect((await readdir(directory)).sort()).toEqual(['checkpoints', 'export.jsonl', 'public-key.pem']);
    expect(await readdir(join(directory, 'checkpoints'))).toEqual(['000000000001.json']);
    expect(verified.exitCode).toBe(0);
    expect(verified.stdout.trim().split('\n')).toEqual([
      `vc:${OTHER_CONNECTOR}: intact (1 entry; checkpoint 1 vouches for entries 1–1)`,
      `vc:${CONNECTOR}: intact (4 entries; checkpoint 1 vouches for entries 1–4)`,
    ]);
  }, 120_000);

  it('fails offline on an export whose newest entry was left out, or whose entry was edited', async () => {
    // Prepare
    const { environment } = await deployment();
    const directory = join(workDirectory(), 'tampered');
    await runAuditCli(['export', '--with-checkpoints', directory], environment);
    const lines = (await readFile(join(directory, 'export.jsonl'), 'utf8')).trim().split('\n');
    const newest = lines.findLastIndex((line) => line.includes(`"vc:${CONNECTOR}"`));
    const cut = lines.filter((_, index) => index !== newest);
    const edited = join(workDirectory(), 'edited');
    await runAuditCli(['export', '--with-checkpoints', edited], environment);
    await writeFile(
      join(edited, 'export.jsonl'),
      `${lines.map((line) => line.replace('"outcome":"ok"', '"outcome":"denied"')).join('\n')}\n`,
    );
    await writeFile(join(directory, 'export.jsonl'), `${cut.join('\n')}\n`);

    // Act
    const truncated = await runAuditCli(['verify', '--offline', directory], {});
    const modified = await runAuditCli(['verify', '--offline', edited], {});

    // Assess
    expect(truncated.exitCode).toBe(1);
    expect(truncated.stdout).toContain(
      `vc:${CONNECTOR}: broken after entry 3: the newest entry 4 was removed (checkpoint 1 of`,
    );
    expect(modified.exitCode).toBe(1);
    expect(modified.stdout).toContain(`vc:${CONNECTOR}: broken at entry 1: it was modified`);
  }, 120_000);

  it('verify reports the newest entries deleted with the counter rewritten, naming the checkpoint', async () => {
    // Prepare
    const { environment, documentClient, table, checkpoint } = await deployment();
    await deleteNewestEntries(documentClient, table, `vc:${CONNECTOR}`, { seqs: [4], next: 3 });

    // Act
    const run = await runAuditCli(['verify'], environment);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(
      `vc:${CONNECTOR}: broken after entry 3: the newest entry 4 was removed (checkpoint 1 of ${checkpoint?.time} vouches for entry 4)`,
    );
    expect(run.stdout).toContain(`vc:${OTHER_CONNECTOR}: intact (1 entry; checkpoint 1 vouches for entries 1–1)`);
    expect(run.stderr).toContain('Compared with 1 signed checkpoints');
  }, 120_000);
});
