import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/audit/audit-entry';
import { type HealthCardModel, healthCard, timeAgo } from '../../../src/operations/health/health-card';
import { expectWithinSlackLimits, visibleText } from '../../support/block-kit-limits';
import { originationRequest } from '../../support/change-fixtures';

const NOW = Date.parse('2026-12-01T10:00:00Z');
const REF = { voiceConnectorId: 'abcdef1234567890abcdef', region: 'us-east-1' } as const;

function model(overrides: Partial<HealthCardModel> = {}): HealthCardModel {
  return {
    ref: REF,
    now: NOW,
    staleAfterMs: 10 * 60_000,
    ping: { ok: true, value: { timestamp: new Date(NOW - 2 * 60_000), source: '203.0.113.10:5060' } },
    termination: { ok: true, value: { disabled: false } },
    origination: {
      ok: true,
      value: {
        routes: [{ host: 'sbc1.example.com', port: 5060, protocol: 'UDP', priority: 1, weight: 10 }],
        disabled: false,
      },
    },
    logging: { ok: true, value: { sipLogs: true, mediaMetricLogs: false } },
    usernames: { ok: true, value: ['pbx-main', 'pbx-backup'] },
    openRequests: { ok: true, value: [originationRequest({ id: 'CR-ABCDEFGH' })] },
    recentChanges: {
      ok: true,
      value: [
        {
          time: '2026-12-01T09:00:00.000Z',
          action: 'change.apply',
          outcome: 'applied',
          changeRequestId: 'CR-0000APPL',
          details: { kind: 'termination', requesterId: 'U0ALICE', approverId: 'U0BOB' },
        } as unknown as AuditEntry,
      ],
    },
    ...overrides,
  };
}

describe('healthCard', () => {
  it('shows the ping, termination, routes, logging, usernames, open requests and recent changes', () => {
    // Act
    const card = healthCard(model());

    // Assess
    const seen = visibleText(card);
    expect(seen).toContain('`203.0.113.10:5060`');
    expect(seen).toMatch(/🟢 \*Recent:\* .*\(2 minutes ago\)/);
    expect(seen).toContain('🟢 enabled');
    expect(seen).toContain('`sbc1.example.com:5060` UDP · priority 1 · weight 10');
    expect(seen).toContain('SIP logs *on* · media metric logs off');
    expect(seen).toContain('`pbx-main`');
    expect(seen).toContain('*CR-ABCDEFGH*');
    expect(seen).toContain('termination change *CR-0000APPL* applied by <@U0ALICE>, approved by <@U0BOB>');
    expect(seen).toContain('Rotate credentials');
    expect(card.text).toContain('last ping 2 minutes ago from 203.0.113.10:5060');
    expectWithinSlackLimits(card, 'message');
  });

  it('flags a ping older than the threshold, and says that a PBX without OPTIONS shows none', () => {
    // Act
    const stale = visibleText(
      healthCard(
        model({ ping: { ok: true, value: { timestamp: new Date(NOW - 3 * 3_600_000), source: '192.0.2.7' } } }),
      ),
    );
    const none = visibleText(healthCard(model({ ping: { ok: true, value: undefined } })));

    // Assess
    expect(stale).toContain('*Stale:* the last ping was');
    expect(stale).toContain('3 hours ago');
    expect(stale).toContain('does not send SIP OPTIONS shows no pings');
    expect(none).toContain('No ping recorded');
  });

  it('shows a part that could not be read with its error, in its place, and the rest as usual', () => {
    // Act
    const seen = visibleText(
      healthCard(model({ logging: { ok: false, error: 'AWS is throttling GetVoiceConnectorLoggingConfiguration.' } })),
    );

    // Assess
    expect(seen).toContain(
      '*Logging* ❌ _Could not be read:_ AWS is throttling GetVoiceConnectorLoggingConfiguration.',
    );
    expect(seen).toContain('`203.0.113.10:5060`');
    expect(seen).toContain('`pbx-main`');
  });
});

describe('timeAgo', () => {
  it.each([
    [10_000, 'just now'],
    [60_000, '1 minute ago'],
    [150_000, '3 minutes ago'],
    [2 * 3_600_000, '2 hours ago'],
    [3 * 86_400_000, '3 days ago'],
  ])('says %i ms as "%s"', (ms, text) => {
    // Assess
    expect(timeAgo(NOW - ms, NOW)).toBe(text);
  });
});
