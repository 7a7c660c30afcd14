import { describe, expect, it } from 'vitest';
import { maskPhoneNumber } from '../../src/blocks/phone-numbers';

describe('maskPhoneNumber', () => {
  it('keeps only the last four digits of an E.164 number visible', () => {
    expect(maskPhoneNumber('+14155550123')).toBe('+•••••••0123');
  });

  it('hides every digit but the last four of a long international number', () => {
    // Act
    const masked = maskPhoneNumber('+442079460958');

    // Assess
    expect(masked).toBe('+••••••••0958');
    expect(masked.replace(/\D/g, '')).toBe('0958');
  });

  it('drops separators so that they cannot hint at hidden digits', () => {
    expect(maskPhoneNumber('+1 (415) 555-0123')).toBe('+•••••••0123');
  });

  it('masks a number of four digits or fewer completely', () => {
    expect(maskPhoneNumber('1234')).toBe('••••');
    expect(maskPhoneNumber('+12')).toBe('+••');
  });
});
