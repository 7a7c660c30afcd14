import { describe, expect, it } from 'vitest';
import type { ChainVerification } from '../../../src/audit/audit-log';
import { auditVerificationMessage } from '../../../src/operations/audit/audit-verification';
import { expectWithinSlackLimits, visibleText } from '../../support/block-kit-limits';

const voiceConnectorId = 'abcdef1234567890abcdef';
const chain = `vc:${voiceConnectorId}`;

function broken(firstBreak: ChainVerification['firstBreak']): ChainVerification {
  return { chain, intact: false, entries: 12, firstBreak, summary: 'broken' };
}

describe('auditVerificationMessage', () => {
  it('says the chain is intact, with the number of entries checked', () => {
    // Prepare
    const verification: ChainVerification = { chain, intact: true, entries: 12, summary: 'intact (12 entries)' };

    // Act
    const message = auditVerificationMessage({
      verification,
      voiceConnectorId,
      region: 'us-east-1',
      requestedBy: 'U0ALICE',
    });

    // Assess
    const seen = visibleText(message);
    expect(seen).toContain('✅ *Audit trail intact* (12 entries)');
    expect(seen).toContain('`abcdef1234567890abcdef`');
    expect(seen).toContain('<@U0ALICE>');
    expect(message.text).toContain('intact (12 entries)');
    expectWithinSlackLimits(message, 'message');
  });

  it.each([
    [{ kind: 'modified', seq: 5, entryId: 'e-5' } as const, 'entry #5 (`e-5`) was modified after it was written'],
    [{ kind: 'removed', seq: 6 } as const, 'entry #6 was removed'],
    [{ kind: 'inserted', seq: 7, entryId: 'e-7' } as const, 'an entry was inserted at #7 (`e-7`)'],
    [{ kind: 'inserted', seq: 7 } as const, 'an entry was inserted at #7.'],
    [
      { kind: 'truncated', lastSeq: 10, headSeq: 12 } as const,
      'the newest entries were removed: the chain ends at #10, but its head records #12',
    ],
  ])('says where the chain breaks: %o', (firstBreak, expected) => {
    // Act
    const message = auditVerificationMessage({ verification: broken(firstBreak), voiceConnectorId });

    // Assess
    const seen = visibleText(message);
    expect(seen).toContain('🚨 *Audit trail broken:*');
    expect(seen).toContain(expected);
    expect(seen).toContain('12 entries checked');
    expectWithinSlackLimits(message, 'message');
  });

  it('still answers when a broken chain names no break', () => {
    // Act
    const seen = visibleText(auditVerificationMessage({ verification: broken(undefined), voiceConnectorId }));

    // Assess
    expect(seen).toContain('the chain does not verify');
  });
});
