import type { TerminationCredential } from '../../chime/voice-connector';

/** The most username/password pairs one credentials request may set. */
export const MAX_CREDENTIAL_PAIRS = 10;

export interface CredentialInput {
  username: string;
  password: string;
}

export type CredentialErrors = Partial<Record<keyof CredentialInput, string>>;

export type CredentialsValidation =
  | { ok: true; credentials: TerminationCredential[] }
  | { ok: false; pairErrors: CredentialErrors[]; formError?: string };

/** Printable US-ASCII (space to tilde): RFC 2617 digest credentials, per the API reference. */
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/**
 * Checks termination credentials: US-ASCII as the API reference requires, no empty or
 * whitespace-only values, no `:` in a username (it would break SIP digest authentication), no
 * username twice. Error messages never repeat a password.
 */
export function validateCredentials(pairs: CredentialInput[]): CredentialsValidation {
  const pairErrors: CredentialErrors[] = pairs.map(() => ({}));
  let formError: string | undefined;
  if (pairs.length === 0) formError = 'Enter at least one username and password.';
  if (pairs.length > MAX_CREDENTIAL_PAIRS) formError = `At most ${MAX_CREDENTIAL_PAIRS} credentials per request.`;

  const seen = new Set<string>();
  pairs.forEach((pair, index) => {
    const errors = pairErrors[index] as CredentialErrors;
    if (pair.username.trim() === '') errors.username = 'Enter a username.';
    else if (!PRINTABLE_ASCII.test(pair.username)) errors.username = 'Use printable US-ASCII characters only.';
    else if (pair.username.includes(':'))
      errors.username = 'A username cannot contain `:` (SIP digest authentication).';
    else if (pair.username !== pair.username.trim()) errors.username = 'Remove the spaces at the start or end.';
    else if (seen.has(pair.username)) errors.username = 'This username appears twice.';
    seen.add(pair.username);

    if (pair.password.trim() === '') errors.password = 'Enter a password.';
    else if (!PRINTABLE_ASCII.test(pair.password)) errors.password = 'Use printable US-ASCII characters only.';
  });

  if (formError !== undefined || pairErrors.some((errors) => Object.keys(errors).length > 0)) {
    return { ok: false, pairErrors, formError };
  }
  return { ok: true, credentials: pairs.map(({ username, password }) => ({ username, password })) };
}
