import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KMSClient } from '@aws-sdk/client-kms';

/**
 * Encrypts the secrets of a pending change (a change kind that declares secrets: the passwords of
 * a credentials change), so that they exist in clear only in the listener that received them and
 * in the worker that applies them. The submission key (the modal's view id, which the change
 * request keeps as `submissionKey`) is the additional authenticated data (KMS encryption context),
 * so a sealed value cannot be moved to another request. What is sealed is any JSON value; the
 * change kind validates what comes out.
 */
export interface SecretSealer {
  seal(secrets: unknown, context: string): Promise<string>;
  unseal(sealed: string, context: string): Promise<unknown>;
}

/** AES-256-GCM with `SEAL_KEY`: `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export class KeySealer implements SecretSealer {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('SEAL_KEY must be 32 bytes');
  }

  async seal(secrets: unknown, context: string): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  async unseal(sealed: string, context: string): Promise<unknown> {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== 'v1' || iv === undefined || tag === undefined || ciphertext === undefined) {
      throw new Error('sealed credentials are malformed');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const clear = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
    return JSON.parse(clear.toString('utf8'));
  }
}

/**
 * AWS KMS `Encrypt`/`Decrypt` with `KMS_KEY_ID`: `kms1.<ciphertext blob>` in base64url. The
 * composition root gives the client as a function, so that it (and `@aws-sdk/client-kms`) is
 * loaded on first use: most cold starts never seal or unseal anything.
 */
export class KmsSealer implements SecretSealer {
  constructor(
    private readonly kms: () => Promise<KMSClient>,
    private readonly keyId: string,
  ) {}

  async seal(secrets: unknown, context: string): Promise<string> {
    const [kms, { EncryptCommand }] = await Promise.all([this.kms(), import('@aws-sdk/client-kms')]);
    const answer = await kms.send(
      new EncryptCommand({
        KeyId: this.keyId,
        Plaintext: Buffer.from(JSON.stringify(secrets), 'utf8'),
        EncryptionContext: { purpose: 'chime-voice-ops-credentials', context },
      }),
    );
    if (answer.CiphertextBlob === undefined) throw new Error('KMS returned no ciphertext');
    return `kms1.${Buffer.from(answer.CiphertextBlob).toString('base64url')}`;
  }

  async unseal(sealed: string, context: string): Promise<unknown> {
    const [version, blob] = sealed.split('.');
    if (version !== 'kms1' || blob === undefined) throw new Error('sealed credentials are malformed');
    const [kms, { DecryptCommand }] = await Promise.all([this.kms(), import('@aws-sdk/client-kms')]);
    const answer = await kms.send(
      new DecryptCommand({
        KeyId: this.keyId,
        CiphertextBlob: Buffer.from(blob, 'base64url'),
        EncryptionContext: { purpose: 'chime-voice-ops-credentials', context },
      }),
    );
    if (answer.Plaintext === undefined) throw new Error('KMS returned no plaintext');
    return JSON.parse(Buffer.from(answer.Plaintext).toString('utf8'));
  }
}
