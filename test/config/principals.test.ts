import { describe, expect, it } from 'vitest';
import { parsePrincipalList } from '../../src/config/principals';

describe('parsePrincipalList', () => {
  it('sorts user IDs (U…, W… on Enterprise Grid) from user-group IDs (S…)', () => {
    // Act
    const parsed = parsePrincipalList('U0ALICE,W0GRIDUSER,S0APPROVERS');

    // Assess
    expect(parsed).toEqual({ ok: true, list: { userIds: ['U0ALICE', 'W0GRIDUSER'], groupIds: ['S0APPROVERS'] } });
  });

  it('ignores spaces and empty items around the commas', () => {
    // Act
    const parsed = parsePrincipalList(' U0ALICE , ,S0APPROVERS, ');

    // Assess
    expect(parsed).toEqual({ ok: true, list: { userIds: ['U0ALICE'], groupIds: ['S0APPROVERS'] } });
  });

  it('names every ID it cannot read', () => {
    // Act
    const parsed = parsePrincipalList('U0ALICE,@bob,u0lower,C0CHANNEL,U1');

    // Assess
    expect(parsed).toEqual({
      ok: false,
      message:
        'expected comma-separated Slack user IDs (U…/W…) or user-group IDs (S…), got @bob, u0lower, C0CHANNEL, U1',
    });
  });
});
