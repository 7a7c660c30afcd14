import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { SandboxStartError } from './sandbox-start-error';

const LOCK_FILE = 'sandbox.lock';
const SEAL_KEY_FILE = 'seal-key';

/** What a sandbox keeps in its lock file, so that a second one can say who holds the directory. */
const LockSchema = z.object({ pid: z.number().int().positive(), token: z.string(), startedAt: z.string() });

/**
 * A directory that keeps the sandbox's state across restarts: dynalite's LevelDB files, the
 * sealing key (without it, credentials waiting for approval could not be decrypted after a
 * restart), and the Slack console's channel history (so a pending request's message can still be
 * approved). One sandbox at a time: a lock file names the process that holds it.
 */
export interface SandboxDataDirectory {
  readonly path: string;
  readonly dynamoDbPath: string;
  readonly slackHistoryPath: string;
  /** The stored sealing key (base64 of 32 bytes), created on first use. */
  sealKey(): Promise<string>;
  /** Gives the directory up for the next sandbox. */
  release(): Promise<void>;
}

/**
 * Creates the directory if needed and takes its lock.
 *
 * @example
 * const data = await openDataDirectory('.sandbox-data');
 * const key = await data.sealKey();
 * await data.release();
 */
export async function openDataDirectory(path: string): Promise<SandboxDataDirectory> {
  const absolute = resolve(path);
  try {
    await mkdir(absolute, { recursive: true });
  } catch (error) {
    throw new SandboxStartError(`Cannot use ${absolute} as the sandbox data directory: ${describe(error)}`, {
      cause: error,
    });
  }
  const lockPath = join(absolute, LOCK_FILE);
  const token = await takeLock(lockPath);
  return {
    path: absolute,
    dynamoDbPath: join(absolute, 'dynamodb'),
    slackHistoryPath: join(absolute, 'slack-history.json'),
    sealKey: () => storedSealKey(join(absolute, SEAL_KEY_FILE)),
    async release() {
      const holder = await readLock(lockPath);
      if (holder?.token === token) await rm(lockPath, { force: true });
    },
  };
}

async function takeLock(lockPath: string): Promise<string> {
  const token = randomUUID();
  const content = `${JSON.stringify({ pid: process.pid, token, startedAt: new Date().toISOString() })}\n`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(content);
      await handle.close();
      return token;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readLock(lockPath);
    if (holder !== undefined && isRunning(holder.pid)) {
      throw new SandboxStartError(
        `The data directory ${lockPath.slice(0, -LOCK_FILE.length - 1)} is in use by another sandbox ` +
          `(process ${holder.pid}, started ${holder.startedAt}).\n` +
          'Stop that sandbox first, or start this one with another --data-dir.',
      );
    }
    // The holder is gone (it crashed or was killed): its lock is stale.
    await rm(lockPath, { force: true });
  }
  throw new SandboxStartError(`Could not take the lock ${lockPath}: another sandbox keeps taking it`);
}

async function readLock(lockPath: string): Promise<z.infer<typeof LockSchema> | undefined> {
  try {
    const parsed = LockSchema.safeParse(JSON.parse(await readFile(lockPath, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function storedSealKey(keyPath: string): Promise<string> {
  let stored: string | undefined;
  try {
    stored = (await readFile(keyPath, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (stored !== undefined) {
    if (Buffer.from(stored, 'base64').length !== 32) {
      throw new SandboxStartError(
        `${keyPath} does not hold a 32-byte base64 key. Delete it to start with a new key ` +
          '(credential changes still waiting for approval will then fail to apply).',
      );
    }
    return stored;
  }
  const key = randomBytes(32).toString('base64');
  await writeFile(keyPath, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
