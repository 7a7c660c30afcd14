import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/audit/audit-entry';
import { homeView } from '../../../src/operations/home/home-view';
import { expectWithinSlackLimits } from '../../support/block-kit-limits';
import { originationRequest } from '../../support/change-fixtures';

const NOW = Date.parse('2026-12-01T12:00:00Z');

function applied(id: string): AuditEntry {
  return {
    id: `e-${id}`,
    time: '2026-12-01T11:00:00.000Z',
    chain: 'vc:abcdefghijklmnopqrstu',
    seq: 1,
    prevHash: '0'.repeat(64),
    hash: '1'.repeat(64),
    actorUserId: 'system',
    actorTeamId: 'T0SANDBOX',
    action: 'change.apply',
    outcome: 'applied',
    voiceConnectorId: 'abcdefghijklmnopqrstu',
    changeRequestId: id,
  };
}

describe('homeView', () => {
  it('stays within a Home tab’s limits with every list full', () => {
    // Prepare
    const many = (prefix: string) =>
      Array.from({ length: 40 }, (_, index) =>
        originationRequest({ id: `CR-${prefix}${String(index).padStart(6, '0')}`, requesterId: 'U0OTHER' }),
      );
    const recent = Array.from({ length: 5 }, (_, index) => {
      const request = originationRequest({ id: `CR-RC${String(index).padStart(6, '0')}`, status: 'applied' });
      return { entry: applied(request.id), request };
    });

    // Act
    const view = homeView({
      waitingForYou: many('WA'),
      yourOpenRequests: many('OP'),
      unreviewed: many('UN'),
      recentChanges: recent,
      permalinks: new Map(recent.map(({ request }) => [request.id, `https://x.slack.com/archives/C0/p${request.id}`])),
      now: NOW,
    });

    // Assess
    expectWithinSlackLimits(view, 'home');
    const json = JSON.stringify(view);
    expect(json).toContain('Recent changes on connectors');
    expect(json).toContain('CR-RC000004');
    expect(json).toContain('home_decide_CR-WA000000');
  });

  it('offers "Approve despite risks" rather than Approve for a request with a high risk', () => {
    // Prepare
    const risky = originationRequest({
      id: 'CR-RISKY001',
      requesterId: 'U0OTHER',
      risks: [{ code: 'lock-out', level: 'high', summary: 'The host now sending traffic would be blocked.' }],
    });

    // Act
    const view = homeView({
      waitingForYou: [risky],
      yourOpenRequests: [],
      unreviewed: [],
      permalinks: new Map(),
      now: NOW,
    });

    // Assess
    const json = JSON.stringify(view);
    expect(json).toContain('change_approve_risky');
    expect(json).not.toContain('"change_approve"');
    expect(json).toContain('change_reject');
  });
});
