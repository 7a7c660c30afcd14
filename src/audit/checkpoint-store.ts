import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';

/**
 * The S3 client and its module, loaded on first use (most cold starts write no checkpoint, and the
 * module is large); built by the composition root.
 */
export type S3Loader = () => Promise<{ client: S3Client; sdk: typeof import('@aws-sdk/client-s3') }>;

/** Thrown by {@link CheckpointStore.create} when the key already holds an object: nothing was written. */
export class CheckpointExistsError extends Error {
  readonly code = 'checkpoint_exists';
  constructor(
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(`A checkpoint is already stored under ${key}`, options);
    this.name = 'CheckpointExistsError';
  }
}

/**
 * Write-once storage for checkpoint objects: S3 with versioning and Object Lock in AWS, a directory
 * in the sandbox. Nothing here overwrites or deletes: `create` refuses a key that exists.
 *
 * @example
 * await store.create('checkpoints/000000000001.json', bytes);
 * const bytes = await store.read('checkpoints/000000000001.json');
 */
export interface CheckpointStore {
  /** Where the checkpoints are, for messages (`s3://bucket/` or a directory). */
  readonly location: string;
  create(key: string, body: Buffer): Promise<void>;
  /** The object's bytes, or `undefined` when there is none. */
  read(key: string): Promise<Buffer | undefined>;
  /** Every checkpoint key, sorted. */
  list(): Promise<string[]>;
  /** Keeps the public key next to the checkpoints, where an auditor's copy needs it (directories only). */
  publishPublicKey?(pem: string): Promise<void>;
  /** The public key kept next to the checkpoints, if any. */
  publishedPublicKey?(): Promise<string | undefined>;
}

const PREFIX = 'checkpoints/';

/** S3: each checkpoint put with `If-None-Match: *`, so an existing key is never overwritten. */
export class S3CheckpointStore implements CheckpointStore {
  readonly location: string;

  constructor(
    private readonly s3: S3Loader,
    private readonly bucket: string,
  ) {
    this.location = `s3://${bucket}/`;
  }

  async create(key: string, body: Buffer): Promise<void> {
    const { client, sdk } = await this.s3();
    try {
      await client.send(
        new sdk.PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: 'application/json',
          IfNoneMatch: '*',
        }),
      );
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      // 412: the key exists; 409: a concurrent conditional put of the same key is in progress.
      if (status === 412 || status === 409 || (error as Error).name === 'PreconditionFailed') {
        throw new CheckpointExistsError(key, { cause: error });
      }
      throw error;
    }
  }

  async read(key: string): Promise<Buffer | undefined> {
    const { client, sdk } = await this.s3();
    try {
      const { Body } = await client.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return Body ? Buffer.from(await Body.transformToByteArray()) : undefined;
    } catch (error) {
      if ((error as Error).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async list(): Promise<string[]> {
    const { client, sdk } = await this.s3();
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new sdk.ListObjectsV2Command({ Bucket: this.bucket, Prefix: PREFIX, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) if (object.Key?.endsWith('.json')) keys.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }
}

/**
 * A directory laid out as the offline verification expects: `checkpoints/*.json` (created with the
 * `wx` flag, never overwritten) and `public-key.pem`.
 */
export class DirectoryCheckpointStore implements CheckpointStore {
  constructor(readonly location: string) {}

  async create(key: string, body: Buffer): Promise<void> {
    await mkdir(join(this.location, PREFIX), { recursive: true });
    try {
      await writeFile(join(this.location, key), body, { flag: 'wx', mode: 0o444 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new CheckpointExistsError(key, { cause: error });
      throw error;
    }
  }

  async publishPublicKey(pem: string): Promise<void> {
    await mkdir(this.location, { recursive: true });
    const path = join(this.location, 'public-key.pem');
    const existing = await readFile(path, 'utf8').catch(() => undefined);
    if (existing !== pem) await writeFile(path, pem);
  }

  async publishedPublicKey(): Promise<string | undefined> {
    return readFile(join(this.location, 'public-key.pem'), 'utf8').catch(() => undefined);
  }

  async read(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(join(this.location, key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async list(): Promise<string[]> {
    try {
      const names = await readdir(join(this.location, PREFIX));
      return names
        .filter((name) => name.endsWith('.json'))
        .map((name) => `${PREFIX}${name}`)
        .sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}
