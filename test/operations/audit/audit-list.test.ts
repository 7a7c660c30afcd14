import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/audit/audit-entry';
import { auditListMessage } from '../../../src/operations/audit/audit-list';
import { expectWithinSlackLimits, visibleText } from '../../support/block-kit-limits';

const connectorId = 'abcdef1234567890abcdef';

function auditEntry(overrides: Partial<AuditEntry> & { seq: number }): AuditEntry {
  const time = new Date(Date.UTC(2026, 2, 1, 9, 0, overrides.seq)).toISOString();
  return {
    id: `00000000-0000-4000-8000-${String(overrides.seq).padStart(12, '0')}`,
    time,
    chain: `vc:${connectorId}`,
    prevHash: '0'.repeat(64),
    hash: 'f'.repeat(64),
    actorUserId: 'U0ALICE',
    actorTeamId: 'T0TEAM',
    action: 'read.termination',
    voiceConnectorId: connectorId,
    region: 'us-east-1',
    outcome: 'ok',
    ...overrides,
  };
}

describe('auditListMessage', () => {
  it('shows time, actor, action, outcome, change request and reason of each entry', () => {
    // Prepare
    const entries = [
      auditEntry({ seq: 1 }),
      auditEntry({
        seq: 2,
        actorUserId: 'U0BOB',
        action: 'change.approve',
        outcome: 'denied',
        reason: 'self-approval',
        changeRequestId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      }),
      auditEntry({
        seq: 3,
        action: 'change.apply',
        outcome: 'failed',
        errorName: 'ThrottlingException',
        errorMessage: 'Rate exceeded',
      }),
    ];

    const firstEntry =
      '✅ <!date^1772355601^{date_short} {time}|2026-03-01 09:00 UTC> · <@U0ALICE> · *read.termination* ok';

    // Act
    const message = auditListMessage({
      scope: { kind: 'connector', voiceConnectorId: connectorId, region: 'us-east-1' },
      entries,
    });

    // Assess
    const seen = visibleText(message);
    expect(seen).toContain('Audit log · abcdef1234567890abcdef');
    expect(seen).toContain('Voice connector `abcdef1234567890abcdef` · Region `us-east-1`');
    expect(seen).toContain(firstEntry);
    expect(seen).toContain('⛔');
    expect(seen).toContain('<@U0BOB> · *change.approve* denied · change `7c9e6679…` · self-approval');
    expect(seen).toContain('❌');
    expect(seen).toContain('*change.apply* failed · ThrottlingException: Rate exceeded');
    expectWithinSlackLimits(message, 'message');
  });

  it('lists entries newest first whatever order they come in', () => {
    // Prepare
    const entries = [
      auditEntry({ seq: 1, reason: 'alpha' }),
      auditEntry({ seq: 3, reason: 'charlie' }),
      auditEntry({ seq: 2, reason: 'bravo' }),
    ];

    // Act
    const seen = visibleText(auditListMessage({ scope: { kind: 'workspace' }, entries }));

    // Assess
    expect(seen.indexOf('charlie')).toBeLessThan(seen.indexOf('bravo'));
    expect(seen.indexOf('bravo')).toBeLessThan(seen.indexOf('alpha'));
  });

  it('names the scope: a connector, the workspace, or one person', () => {
    // Act
    const workspace = visibleText(
      auditListMessage({ scope: { kind: 'workspace' }, entries: [auditEntry({ seq: 1 })] }),
    );
    const actor = visibleText(
      auditListMessage({ scope: { kind: 'actor', userId: 'U0CAROL' }, entries: [], requestedBy: 'U0DAVE' }),
    );

    // Assess
    expect(workspace).toContain('Audit log · this workspace');
    expect(workspace).toContain('`abcdef12…`');
    expect(actor).toContain('Actions by <@U0CAROL>');
    expect(actor).toContain('Requested by <@U0DAVE>');
  });

  it('says so when there are no entries', () => {
    // Act
    const message = auditListMessage({ scope: { kind: 'connector', voiceConnectorId: connectorId }, entries: [] });

    // Assess
    expect(visibleText(message)).toContain('No audit entries yet');
    expect(message.text).toContain('no entries yet');
    expectWithinSlackLimits(message, 'message');
  });

  it('shows the bot’s own actions without a broken mention', () => {
    // Act
    const seen = visibleText(
      auditListMessage({
        scope: { kind: 'workspace' },
        entries: [auditEntry({ seq: 1, actorUserId: 'system', action: 'change.expire', outcome: 'expired' })],
      }),
    );

    // Assess
    expect(seen).toContain('_system_');
    expect(seen).not.toContain('<@system>');
  });

  it('escapes reasons and error messages', () => {
    // Act
    const seen = visibleText(
      auditListMessage({
        scope: { kind: 'workspace' },
        entries: [auditEntry({ seq: 1, outcome: 'invalid', reason: '<!channel> & more' })],
      }),
    );

    // Assess
    expect(seen).toContain('&lt;!channel&gt; &amp; more');
  });

  it('keeps 50 entries with long reasons and errors within Slack’s limits, each with its reason begun', () => {
    // Prepare
    const entries = Array.from({ length: 50 }, (_, index) =>
      auditEntry({
        seq: index + 1,
        action: 'change.apply',
        outcome: 'failed',
        changeRequestId: `7c9e6679-7425-40de-944b-${String(index).padStart(12, '0')}`,
        reason: `reason-${index} ${'because '.repeat(200)}`,
        errorName: 'BadRequestException',
        errorMessage: 'x'.repeat(2000),
      }),
    );

    // Act
    const message = auditListMessage({ scope: { kind: 'workspace' }, entries, requestedBy: 'U0ALICE' });

    // Assess
    expectWithinSlackLimits(message, 'message');
    const seen = visibleText(message);
    for (let index = 0; index < 50; index += 1) expect(seen).toContain(`reason-${index} because`);
    expect(seen).not.toMatch(/more not shown/);
  });

  it('shows at most 50 entries and says how many more there are', () => {
    // Prepare
    const entries = Array.from({ length: 80 }, (_, index) => auditEntry({ seq: index + 1 }));

    // Act
    const message = auditListMessage({ scope: { kind: 'connector', voiceConnectorId: connectorId }, entries });

    // Assess
    expectWithinSlackLimits(message, 'message');
    const seen = visibleText(message);
    expect(seen.match(/read\.termination/g)).toHaveLength(50);
    expect(seen).toContain('… and 30 more not shown');
  });
});
