import { describe, expect, it } from 'vitest';
import {
  type CredentialInput,
  MAX_CREDENTIAL_PAIRS,
  validateCredentials,
} from '../../../src/operations/credentials/credentials-rules';

describe('validateCredentials', () => {
  const PASSWORD = 'S3cret!pa55 word';

  function pair(overrides: Partial<CredentialInput> = {}): CredentialInput {
    return { username: 'pbx-1', password: PASSWORD, ...overrides };
  }

  function refusedCredentials(pairs: CredentialInput[]) {
    const result = validateCredentials(pairs);
    if (result.ok) throw new Error('expected the credentials to be refused');
    return result;
  }

  it('accepts printable US-ASCII usernames and passwords, passwords with spaces included', () => {
    // Act
    const result = validateCredentials([pair(), pair({ username: 'pbx-2', password: '~!@#$%^&*()_+{}|:"<>?' })]);

    // Assess
    expect(result).toEqual({
      ok: true,
      credentials: [
        { username: 'pbx-1', password: PASSWORD },
        { username: 'pbx-2', password: '~!@#$%^&*()_+{}|:"<>?' },
      ],
    });
  });

  it.each([
    ['username', { username: 'pbx-é' }, 'Use printable US-ASCII characters only.'],
    ['username', { username: 'pbx\t1' }, 'Use printable US-ASCII characters only.'],
    ['username', { username: 'pbx:1' }, 'A username cannot contain `:` (SIP digest authentication).'],
    ['username', { username: '' }, 'Enter a username.'],
    ['username', { username: '   ' }, 'Enter a username.'],
    ['username', { username: ' pbx-1' }, 'Remove the spaces at the start or end.'],
    ['username', { username: 'pbx-1 ' }, 'Remove the spaces at the start or end.'],
    ['password', { password: 'pässword' }, 'Use printable US-ASCII characters only.'],
    ['password', { password: 'pass\nword' }, 'Use printable US-ASCII characters only.'],
    ['password', { password: '' }, 'Enter a password.'],
    ['password', { password: ' \t ' }, 'Enter a password.'],
  ] as const)('refuses a %s like %j', (field, overrides, message) => {
    // Act
    const result = refusedCredentials([pair(overrides)]);

    // Assess
    expect(result.pairErrors).toEqual([{ [field]: message }]);
  });

  it('refuses a username typed twice, on the second pair', () => {
    // Act
    const result = refusedCredentials([pair(), pair({ password: 'another-one' })]);

    // Assess
    expect(result.pairErrors).toEqual([{}, { username: 'This username appears twice.' }]);
  });

  it('refuses an empty list', () => {
    // Act
    const result = refusedCredentials([]);

    // Assess
    expect(result.formError).toBe('Enter at least one username and password.');
  });

  it(`accepts ${MAX_CREDENTIAL_PAIRS} pairs and refuses more`, () => {
    // Prepare
    const pairs = Array.from({ length: MAX_CREDENTIAL_PAIRS + 1 }, (_, index) => pair({ username: `pbx-${index}` }));

    // Act
    const most = validateCredentials(pairs.slice(0, MAX_CREDENTIAL_PAIRS));
    const tooMany = refusedCredentials(pairs);

    // Assess
    expect(most.ok).toBe(true);
    expect(tooMany.formError).toBe(`At most ${MAX_CREDENTIAL_PAIRS} credentials per request.`);
  });

  it('never repeats the password typed in any error', () => {
    // Prepare
    const typed = ['pässwörd-1', 'second\tline', 'pbx-1', ' ', 'hunter2:colon', 'p'];
    const cases: CredentialInput[][] = [
      ...typed.map((password) => [pair({ password })]),
      // A password typed into the username box is not repeated either.
      ...typed.map((password) => [pair({ username: password, password })]),
      [pair({ password: 'twice-typed' }), pair({ password: 'twice-typed' })],
      Array.from({ length: MAX_CREDENTIAL_PAIRS + 1 }, (_, index) =>
        pair({ username: `u${index}`, password: 'many-pw' }),
      ),
    ];

    // Act
    const messages = cases.flatMap((pairs) => {
      const result = validateCredentials(pairs);
      return result.ok
        ? []
        : [...result.pairErrors.flatMap((errors) => Object.values(errors)), result.formError ?? ''].map((message) => ({
            message,
            passwords: pairs.map((typedPair) => typedPair.password).filter((password) => password.trim().length > 1),
          }));
    });

    // Assess
    expect(messages.length).toBeGreaterThan(10);
    for (const { message, passwords } of messages) {
      for (const password of passwords) expect(message).not.toContain(password);
    }
  });
});
