import { expect } from 'vitest';

/**
 * Asserts that no masked phone number in `text` shows more than four digits, and that none of the
 * given end-customer numbers appears with more than its last four digits (no run of five of its digits).
 */
export function expectCustomerNumbersMasked(text: string, customerNumbers: readonly string[]): void {
  const maskedTokens = text.match(/\+?[•\d]*•[•\d]*/g) ?? [];
  for (const token of maskedTokens) expect(token.replace(/\D/g, '').length, token).toBeLessThanOrEqual(4);
  for (const number of customerNumbers) {
    const digits = number.replace(/\D/g, '');
    for (let start = 0; start + 5 <= digits.length; start += 1) {
      expect(text, `digits ${digits.slice(start, start + 5)} of ${number}`).not.toContain(
        digits.slice(start, start + 5),
      );
    }
  }
}
