import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/**
 * A temporary directory for the tests of the calling `describe` block: made before them, removed
 * with its contents after them. Returns the directory's path (read it inside hooks and tests).
 */
export function useTemporaryDirectory(prefix: string): () => string {
  let directory: string | undefined;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
  });
  return () => {
    if (!directory) throw new Error('the temporary directory exists only inside hooks and tests');
    return directory;
  };
}
