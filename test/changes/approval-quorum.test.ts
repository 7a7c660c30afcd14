import { describe, expect, it } from 'vitest';
import { type Approval, type ApprovalRule, approvalHelps, quorumProgress } from '../../src/changes/approval-quorum';

const TWO_WITH_SECURITY: ApprovalRule = {
  rule: 'contact-centre',
  needed: 2,
  approvers: ['U0BOB', 'S0VOICE', 'S0SECURITY'],
  requireFrom: ['S0SECURITY'],
};
const bob: Approval = { userId: 'U0BOB', at: 1, groups: [] };
const sec: Approval = { userId: 'U0SEC', at: 2, groups: ['S0SECURITY'] };

describe('quorumProgress', () => {
  it('is complete only with enough approvals and one from each required group', () => {
    expect(quorumProgress(TWO_WITH_SECURITY, [bob])).toEqual({
      count: 1,
      needed: 2,
      missingGroups: ['S0SECURITY'],
      complete: false,
    });
    expect(quorumProgress(TWO_WITH_SECURITY, [bob, sec]).complete).toBe(true);
    expect(quorumProgress(TWO_WITH_SECURITY, [sec]).complete).toBe(false);
  });
});

describe('approvalHelps', () => {
  it('refuses an approval that would use up the last place without the required group', () => {
    expect(approvalHelps(TWO_WITH_SECURITY, [bob], [])).toBe(false);
    expect(approvalHelps(TWO_WITH_SECURITY, [bob], ['S0SECURITY'])).toBe(true);
  });

  it('accepts anyone listed while places remain for the required groups', () => {
    expect(approvalHelps(TWO_WITH_SECURITY, [], [])).toBe(true);
    expect(approvalHelps(TWO_WITH_SECURITY, [sec], [])).toBe(true);
  });
});
