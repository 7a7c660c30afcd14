import { describe, expect, it } from 'vitest';
import { JUSTIFICATION_MAX_LENGTH, validateJustification } from '../../src/changes/change-request';

describe('validateJustification', () => {
  it('accepts a reason', () => {
    // Act
    const error = validateJustification('Moving to the new SBC pair (CHG-1234)');

    // Assess
    expect(error).toBeUndefined();
  });

  it.each(['', '   \n '])('asks why when the justification is blank (%j)', (text) => {
    // Act
    const error = validateJustification(text);

    // Assess
    expect(error).toBe('Say why this change is needed.');
  });

  it(`accepts ${JUSTIFICATION_MAX_LENGTH} characters, spaces around them not counted, and refuses one more`, () => {
    // Act
    const longest = validateJustification(`  ${'x'.repeat(JUSTIFICATION_MAX_LENGTH)}  `);
    const tooLong = validateJustification('x'.repeat(JUSTIFICATION_MAX_LENGTH + 1));

    // Assess
    expect(longest).toBeUndefined();
    expect(tooLong).toBe(`Keep it to ${JUSTIFICATION_MAX_LENGTH} characters or fewer.`);
  });
});
