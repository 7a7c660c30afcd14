import type { AuditEntryInput } from '../../src/audit/audit-entry';

/** The connector the audit tests write most entries for (chain `vc:abcdef1234567890abcdef`). */
export const CONNECTOR = 'abcdef1234567890abcdef';
/** A second connector, for tests that need two chains. */
export const OTHER_CONNECTOR = '0123456789abcdefghijkl';

/** A successful read of CONNECTOR's termination by U111 of workspace T1, as the bot appends it. */
export function readInput(overrides: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    actorUserId: 'U111',
    actorTeamId: 'T1',
    action: 'read.termination',
    voiceConnectorId: CONNECTOR,
    region: 'us-east-1',
    outcome: 'ok',
    ...overrides,
  };
}

/** A clock that moves one second per reading from 2026-01-01, so that every entry has its own time. */
export function steppingClock(): { now(): number } {
  let tick = 0;
  return { now: () => Date.UTC(2026, 0, 1) + 1000 * tick++ };
}
