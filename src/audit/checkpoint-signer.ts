import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { KMSClient } from '@aws-sdk/client-kms';

/** The KMS client and its module, loaded on first use; built by the composition root. */
export type KmsLoader = () => Promise<{ client: KMSClient; sdk: typeof import('@aws-sdk/client-kms') }>;

/**
 * Signs checkpoints. In AWS: a KMS asymmetric key (`ECC_NIST_P256`, `SIGN_VERIFY`) whose private
 * half never leaves KMS. In the sandbox: a P-256 key in a PEM file.
 *
 * @example
 * const signature = await signer.sign(checkpointSignedBytes(body)); // DER-encoded ECDSA, SHA-256
 * const pem = await signer.publicKeyPem(); // what an auditor verifies with
 */
export interface CheckpointSigner {
  /** The KMS key id (or `local:<fingerprint>`), written into each checkpoint. */
  keyId(): Promise<string>;
  sign(message: Buffer): Promise<Buffer>;
  publicKeyPem(): Promise<string>;
}

/** KMS `Sign` over the SHA-256 digest (`MessageType: DIGEST`), so checkpoints of any size can be signed. */
export class KmsCheckpointSigner implements CheckpointSigner {
  private publicKey?: Promise<string>;

  constructor(
    private readonly kms: KmsLoader,
    private readonly id: string,
  ) {}

  async keyId(): Promise<string> {
    return this.id;
  }

  async sign(message: Buffer): Promise<Buffer> {
    const { client, sdk } = await this.kms();
    const { Signature } = await client.send(
      new sdk.SignCommand({
        KeyId: this.id,
        Message: createHash('sha256').update(message).digest(),
        MessageType: 'DIGEST',
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    if (!Signature) throw new Error('KMS returned no signature');
    return Buffer.from(Signature);
  }

  publicKeyPem(): Promise<string> {
    this.publicKey ??= this.kms()
      .then(({ client, sdk }) => client.send(new sdk.GetPublicKeyCommand({ KeyId: this.id })))
      .then(({ PublicKey }) => {
        if (!PublicKey) throw new Error('KMS returned no public key');
        return createPublicKey({ key: Buffer.from(PublicKey), format: 'der', type: 'spki' })
          .export({ format: 'pem', type: 'spki' })
          .toString();
      })
      .catch((error: unknown) => {
        this.publicKey = undefined;
        throw error;
      });
    return this.publicKey;
  }
}

/** A P-256 key held in this process (the sandbox's, kept in a PEM file when it has a data directory). */
export class LocalCheckpointSigner implements CheckpointSigner {
  private readonly id: string;

  constructor(private readonly privateKey: KeyObject) {
    const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
    this.id = `local:${createHash('sha256').update(spki).digest('hex').slice(0, 16)}`;
  }

  async keyId(): Promise<string> {
    return this.id;
  }

  /** The key in `path` (PKCS#8 PEM), created with mode 0600 on first use. */
  static async fromFile(path: string): Promise<LocalCheckpointSigner> {
    let pem: string;
    try {
      pem = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      pem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .privateKey.export({ format: 'pem', type: 'pkcs8' })
        .toString();
      await mkdir(dirname(path), { recursive: true });
      try {
        await writeFile(path, pem, { mode: 0o600, flag: 'wx' });
      } catch (writeError) {
        // Another process created it first: use that one.
        if ((writeError as NodeJS.ErrnoException).code !== 'EEXIST') throw writeError;
        pem = await readFile(path, 'utf8');
      }
    }
    return new LocalCheckpointSigner(createPrivateKey(pem));
  }

  static generate(): LocalCheckpointSigner {
    return new LocalCheckpointSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
  }

  async sign(message: Buffer): Promise<Buffer> {
    return sign('sha256', message, { key: this.privateKey, dsaEncoding: 'der' });
  }

  async publicKeyPem(): Promise<string> {
    return createPublicKey(this.privateKey).export({ format: 'pem', type: 'spki' }).toString();
  }
}

/** A local key loaded from (or created in) a file on first use, so that building it does no I/O. */
export class FileCheckpointSigner implements CheckpointSigner {
  private loaded?: Promise<LocalCheckpointSigner>;

  constructor(readonly path: string) {}

  private signer(): Promise<LocalCheckpointSigner> {
    this.loaded ??= LocalCheckpointSigner.fromFile(this.path).catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }

  async keyId(): Promise<string> {
    return (await this.signer()).keyId();
  }

  async sign(message: Buffer): Promise<Buffer> {
    return (await this.signer()).sign(message);
  }

  async publicKeyPem(): Promise<string> {
    return (await this.signer()).publicKeyPem();
  }
}
