import { describe, expect, it } from 'vitest';
import { riskLevelOf } from '../../../src/changes/change-risk';
import { diffTermination } from '../../../src/operations/termination-change/termination-diff';
import { terminationRisks } from '../../../src/operations/termination-change/termination-risks';
import type { TerminationSettings } from '../../../src/operations/termination-change/termination-rules';

const BEFORE: TerminationSettings = {
  cpsLimit: 10,
  defaultPhoneNumber: '+14155550100',
  callingRegions: ['US', 'CA'],
  cidrAllowedList: ['203.0.113.0/24', '198.51.100.10/32'],
  disabled: false,
};
const PING = { source: '203.0.113.10:5060' };

describe('terminationRisks', () => {
  it('finds nothing in a change that adds a narrow block and keeps everything else', () => {
    // Act
    const risks = terminationRisks(
      BEFORE,
      { ...BEFORE, cidrAllowedList: [...BEFORE.cidrAllowedList, '192.0.2.0/28'] },
      PING,
    );

    // Assess
    expect(risks).toEqual([]);
    expect(riskLevelOf(risks)).toBe('low');
  });

  it('calls dropping the pinging host from the allow list a lock-out, naming the host', () => {
    // Act
    const risks = terminationRisks(BEFORE, { ...BEFORE, cidrAllowedList: ['198.51.100.10/32'] }, PING);

    // Assess
    expect(risks).toEqual([
      expect.objectContaining({ code: 'lock-out', level: 'high', summary: expect.stringContaining('203.0.113.10') }),
    ]);
  });

  it('sees no lock-out without a ping, or when the host was not allowed before either', () => {
    // Assess
    expect(terminationRisks(BEFORE, { ...BEFORE, cidrAllowedList: [] }, undefined)).toEqual([]);
    expect(terminationRisks(BEFORE, { ...BEFORE, cidrAllowedList: [] }, { source: '192.0.2.1' })).toEqual([]);
  });

  it('calls added countries toll fraud, naming each', () => {
    // Act
    const risks = terminationRisks(BEFORE, { ...BEFORE, callingRegions: ['US', 'CA', 'GB', 'CU'] }, PING);

    // Assess
    expect(risks).toEqual([
      expect.objectContaining({
        code: 'toll-fraud',
        level: 'high',
        summary: expect.stringContaining('GB (United Kingdom), CU (Cuba)'),
      }),
    ]);
  });

  it('calls turning termination off an outage', () => {
    // Assess
    expect(terminationRisks(BEFORE, { ...BEFORE, disabled: true }, PING)).toEqual([
      { code: 'outage', level: 'high', summary: 'Termination would be disabled: all outbound calls stop.' },
    ]);
  });

  it('warns of a broad block and of a CPS limit changed by a factor of two or more', () => {
    // Act
    const risks = terminationRisks(
      BEFORE,
      { ...BEFORE, cpsLimit: 2, cidrAllowedList: [...BEFORE.cidrAllowedList, '10.0.0.0/8'] },
      PING,
    );

    // Assess
    expect(risks.map((risk) => `${risk.level} ${risk.code}`)).toEqual(['warning broad-allow-list', 'warning capacity']);
    expect(risks[1]?.summary).toContain('from 10 to 2 (a factor of 5)');
    expect(riskLevelOf(risks)).toBe('warning');
  });
});

describe('diffTermination', () => {
  it('lists regions and blocks added and removed, and each changed field', () => {
    // Act
    const diff = diffTermination(BEFORE, {
      cpsLimit: 20,
      callingRegions: ['US', 'MX'],
      cidrAllowedList: ['203.0.113.0/24', '192.0.2.0/28'],
      disabled: true,
    });

    // Assess
    expect(diff).toEqual({
      cpsLimit: { from: 10, to: 20 },
      defaultPhoneNumber: { from: '+14155550100', to: undefined },
      disabled: { from: false, to: true },
      regionsAdded: ['MX'],
      regionsRemoved: ['CA'],
      cidrsAdded: ['192.0.2.0/28'],
      cidrsRemoved: ['198.51.100.10/32'],
    });
  });
});
