const MASK = '•';
const VISIBLE_DIGITS = 4;

/**
 * Masks an end customer's phone number so that only its last four digits can be read. The one
 * masking used wherever a participant's number is shown or recorded (cards and audit log).
 * Every other character is dropped, so separators cannot hint at the hidden digits; a number
 * of four digits or fewer is masked whole.
 *
 * @example
 * maskPhoneNumber('+14155550123'); // '+•••••••0123'
 */
export function maskPhoneNumber(phoneNumber: string): string {
  const digits = phoneNumber.replace(/\D/g, '');
  const prefix = phoneNumber.trimStart().startsWith('+') ? '+' : '';
  if (digits.length <= VISIBLE_DIGITS) return `${prefix}${MASK.repeat(digits.length)}`;
  const hidden = digits.length - VISIBLE_DIGITS;
  return `${prefix}${MASK.repeat(hidden)}${digits.slice(hidden)}`;
}
