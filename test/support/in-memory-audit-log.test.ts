import { describe, expect, it } from 'vitest';
import { type AuditEntryInput, AuditUnavailableError } from '../../src/audit/audit-entry';
import { AuditEntryRejectedError } from '../../src/audit/audit-entry-validation';
import { CONNECTOR, readInput, steppingClock } from './audit-entries';
import { InMemoryAuditLog } from './in-memory-audit-log';

/** A change request CR1 on CONNECTOR, still pending. */
function input(overrides: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return readInput({ action: 'change.request', outcome: 'pending', changeRequestId: 'CR1', ...overrides });
}

describe('InMemoryAuditLog', () => {
  it('chains entries per connector and per workspace as the DynamoDB store does', async () => {
    // Prepare
    const auditLog = new InMemoryAuditLog({ clock: steppingClock() });

    // Act
    const first = await auditLog.append(input());
    const second = await auditLog.append(input({ action: 'change.approve', outcome: 'approved', actorUserId: 'U222' }));
    const workspace = await auditLog.append(
      input({ voiceConnectorId: undefined, action: 'command', outcome: 'invalid' }),
    );

    // Assess
    expect([first.seq, second.seq, second.prevHash]).toEqual([1, 2, first.hash]);
    expect(workspace).toMatchObject({ chain: 'ws:T1', seq: 1 });
    expect((await auditLog.verifyConnector(CONNECTOR)).summary).toBe('intact (2 entries)');
    expect((await auditLog.forChangeRequest('CR1')).map((entry) => entry.outcome)).toEqual([
      'pending',
      'approved',
      'invalid',
    ]);
    expect((await auditLog.recentForTeam('T1', 2)).map((entry) => entry.id)).toEqual([workspace.id, second.id]);
    expect((await auditLog.recentForActor('U111', 5, CONNECTOR)).map((entry) => entry.id)).toEqual([first.id]);
  });

  it('fails appends on demand, after letting the given number through', async () => {
    // Prepare
    const auditLog = new InMemoryAuditLog();
    auditLog.failAppends({ after: 1 });

    // Act
    await auditLog.append(input());
    const refused = auditLog.append(input({ action: 'change.approve', outcome: 'approved' }));

    // Assess
    await expect(refused).rejects.toThrow(AuditUnavailableError);
    expect(auditLog.entries.map((entry) => entry.outcome)).toEqual(['pending']);
    auditLog.restoreAppends();
    await expect(auditLog.append(input())).resolves.toMatchObject({ seq: 2 });
  });

  it('refuses a password-like key like the DynamoDB store', async () => {
    // Prepare
    const auditLog = new InMemoryAuditLog();

    // Act
    const refused = auditLog.append(input({ details: { password: 'x' } }));

    // Assess
    await expect(refused).rejects.toThrow(AuditEntryRejectedError);
    expect(auditLog.entries).toEqual([]);
  });
});
