import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { verifyChainRecords } from './audit-chain';
import { readCheckpointArchive } from './checkpoint-archive';
import { DirectoryCheckpointStore } from './checkpoint-store';

/** What an offline check found: one line per chain, and what is wrong with the archive itself. */
export interface OfflineVerification {
  lines: string[];
  brokenChains: number;
  /** Problems with the checkpoints (a bad signature, a missing one) or with the files. */
  problems: string[];
  checkpoints: number;
}

/**
 * Checks an auditor's directory with nothing but its files, the way `aws cloudtrail validate-logs`
 * checks digest files: `export.jsonl` (`npm run audit -- export`), `checkpoints/*.json` and
 * `public-key.pem` (`npm run audit -- export --with-checkpoints <dir>` writes all three). Each
 * checkpoint's signature and link to the one before; each chain's hashes and links; and each
 * chain against what the checkpoints signed: an entry changed, removed or inserted, or the newest
 * entries removed, is reported with the first bad position and the checkpoint that proves it.
 *
 * @example
 * const { lines, brokenChains, problems } = await verifyOfflineDirectory('./audit-2026-12');
 */
export async function verifyOfflineDirectory(directory: string): Promise<OfflineVerification> {
  const problems: string[] = [];
  const publicKeyPem = await readFile(join(directory, 'public-key.pem'), 'utf8').catch(() => undefined);
  const exported = await readFile(join(directory, 'export.jsonl'), 'utf8').catch(() => undefined);
  if (publicKeyPem === undefined) problems.push('public-key.pem is missing');
  if (exported === undefined) problems.push('export.jsonl is missing');
  if (publicKeyPem === undefined || exported === undefined) {
    return { lines: [], brokenChains: 0, problems, checkpoints: 0 };
  }
  const archive = await readCheckpointArchive(new DirectoryCheckpointStore(directory), publicKeyPem);
  problems.push(...archive.problems);

  const byChain = new Map<string, Record<string, unknown>[]>();
  for (const [index, line] of exported.split('\n').entries()) {
    if (line.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      problems.push(`export.jsonl line ${index + 1} is not JSON`);
      continue;
    }
    const chain = (record as { chain?: unknown }).chain;
    if (typeof chain !== 'string') {
      problems.push(`export.jsonl line ${index + 1} names no chain`);
      continue;
    }
    byChain.set(chain, [...(byChain.get(chain) ?? []), record as Record<string, unknown>]);
  }

  const lines: string[] = [];
  let brokenChains = 0;
  const chains = [...new Set([...byChain.keys(), ...archive.vouchersByChain.keys()])].sort();
  for (const chain of chains) {
    const verdict = verifyChainRecords(chain, byChain.get(chain) ?? [], undefined, {
      checkpoints: archive.vouchersByChain.get(chain) ?? [],
      exported: true,
    });
    if (!verdict.intact) brokenChains += 1;
    lines.push(`${chain}: ${verdict.summary}`);
  }
  return { lines, brokenChains, problems, checkpoints: archive.checkpoints.length };
}
