import { describe, expect, it } from 'vitest';
import { KeySealer } from '../../src/changes/secret-sealer';
import type { TerminationCredential } from '../../src/chime/voice-connector';

const KEY = Buffer.alloc(32, 42);
const PASSWORD = 'correct horse battery staple';
const CREDENTIALS: TerminationCredential[] = [
  { username: 'pbx-1', password: PASSWORD },
  { username: 'pbx-2', password: 'Tr0ub4dor&3' },
];

/** Flips one bit in the middle of one dot-separated part of a sealed value. */
function flipBit(sealed: string, partIndex: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[partIndex] ?? '', 'base64url');
  const middle = Math.floor(bytes.length / 2);
  bytes[middle] = (bytes[middle] ?? 0) ^ 1;
  parts[partIndex] = bytes.toString('base64url');
  return parts.join('.');
}

describe('KeySealer', () => {
  it('gives back the credentials it sealed, for the same request', async () => {
    // Prepare
    const sealer = new KeySealer(KEY);

    // Act
    const sealed = await sealer.seal(CREDENTIALS, 'view-V0123');
    const unsealed = await sealer.unseal(sealed, 'view-V0123');

    // Assess
    expect(unsealed).toEqual(CREDENTIALS);
  });

  it('leaves no trace of the password or the username in the sealed text', async () => {
    // Prepare
    const sealer = new KeySealer(KEY);

    // Act
    const sealed = await sealer.seal(CREDENTIALS, 'view-V0123');

    // Assess
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    for (const secret of [PASSWORD, 'Tr0ub4dor&3', 'pbx-1']) {
      expect(sealed).not.toContain(secret);
      expect(sealed).not.toContain(Buffer.from(secret).toString('base64url'));
      expect(sealed).not.toContain(Buffer.from(secret).toString('base64'));
    }
  });

  it('seals the same credentials differently each time (a fresh IV)', async () => {
    // Prepare
    const sealer = new KeySealer(KEY);

    // Act
    const first = await sealer.seal(CREDENTIALS, 'view-V0123');
    const second = await sealer.seal(CREDENTIALS, 'view-V0123');

    // Assess
    expect(first).not.toBe(second);
  });

  it('refuses to unseal for another request: a sealed value cannot be moved', async () => {
    // Prepare
    const sealer = new KeySealer(KEY);
    const sealed = await sealer.seal(CREDENTIALS, 'view-V0123');

    // Act
    const unsealing = sealer.unseal(sealed, 'view-V0999');

    // Assess
    await expect(unsealing).rejects.toThrow('Unsupported state or unable to authenticate data');
  });

  it.each([
    ['ciphertext', 3],
    ['authentication tag', 2],
    ['IV', 1],
  ])('refuses a value whose %s was tampered with', async (_part, partIndex) => {
    // Prepare
    const sealer = new KeySealer(KEY);
    const sealed = await sealer.seal(CREDENTIALS, 'view-V0123');

    // Act
    const unsealing = sealer.unseal(flipBit(sealed, partIndex), 'view-V0123');

    // Assess
    await expect(unsealing).rejects.toThrow();
  });

  it('refuses a value sealed with another key', async () => {
    // Prepare
    const sealed = await new KeySealer(Buffer.alloc(32, 1)).seal(CREDENTIALS, 'view-V0123');

    // Act
    const unsealing = new KeySealer(KEY).unseal(sealed, 'view-V0123');

    // Assess
    await expect(unsealing).rejects.toThrow();
  });

  it.each(['', 'v2.a.b.c', 'v1.onlytwo', 'kms1.blob'])('refuses malformed sealed text %j', async (sealed) => {
    // Act
    const unsealing = new KeySealer(KEY).unseal(sealed, 'view-V0123');

    // Assess
    await expect(unsealing).rejects.toThrow('sealed credentials are malformed');
  });

  it('refuses a key that is not 32 bytes', () => {
    // Act
    const create = () => new KeySealer(Buffer.alloc(16));

    // Assess
    expect(create).toThrow('SEAL_KEY must be 32 bytes');
  });
});
