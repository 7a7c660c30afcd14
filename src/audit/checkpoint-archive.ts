import type { CheckpointVoucher } from './audit-log';
import { type CheckpointReading, checkpointKey, readSignedCheckpoint, type SignedCheckpoint } from './checkpoint';
import type { CheckpointStore } from './checkpoint-store';

/** Every checkpoint of a store, checked: signatures, numbering, and each one's link to the one before. */
export interface CheckpointArchiveReading {
  checkpoints: SignedCheckpoint[];
  /** What is wrong with the archive itself (a bad signature, a missing number, a broken link). */
  problems: string[];
  /** Per chain, what each checkpoint said of it, newest first. */
  vouchersByChain: Map<string, CheckpointVoucher[]>;
}

/**
 * Reads and checks every checkpoint a store holds (S3, or a directory such as an auditor's copy),
 * with nothing but the public key. The same check online (`npm run audit -- verify`) and offline
 * (`--offline <dir>`).
 *
 * @example
 * const { problems, vouchersByChain } = await readCheckpointArchive(store, publicKeyPem);
 */
export async function readCheckpointArchive(
  store: CheckpointStore,
  publicKeyPem: string,
): Promise<CheckpointArchiveReading> {
  const problems: string[] = [];
  const checkpoints: SignedCheckpoint[] = [];
  const hashes = new Map<number, string>();
  for (const key of await store.list()) {
    const bytes = await store.read(key);
    const reading: CheckpointReading =
      bytes === undefined ? { ok: false, problem: 'it could not be read' } : readSignedCheckpoint(bytes, publicKeyPem);
    if (!reading.ok) {
      problems.push(`${key}: ${reading.problem}`);
      continue;
    }
    if (checkpointKey(reading.checkpoint.number) !== key) {
      problems.push(`${key}: it says it is checkpoint ${reading.checkpoint.number}`);
      continue;
    }
    checkpoints.push(reading.checkpoint);
    hashes.set(reading.checkpoint.number, reading.hash);
  }
  checkpoints.sort((a, b) => a.number - b.number);
  for (const [index, checkpoint] of checkpoints.entries()) {
    const expectedNumber = index === 0 ? checkpoint.number : (checkpoints[index - 1]?.number ?? 0) + 1;
    if (checkpoint.number !== expectedNumber) {
      problems.push(
        `checkpoint ${expectedNumber}${checkpoint.number - 1 > expectedNumber ? `–${checkpoint.number - 1}` : ''} missing`,
      );
    }
    if (checkpoint.previous === null) {
      if (checkpoint.number !== 1) problems.push(`checkpoint ${checkpoint.number} names no previous checkpoint`);
    } else {
      const previousHash = hashes.get(checkpoint.previous.number);
      if (previousHash !== undefined && previousHash !== checkpoint.previous.hash) {
        problems.push(
          `checkpoint ${checkpoint.number} does not link to checkpoint ${checkpoint.previous.number} (its hash differs)`,
        );
      }
    }
  }
  if (checkpoints.length > 0 && (checkpoints[0]?.number ?? 1) !== 1) {
    problems.push(`checkpoints 1–${(checkpoints[0]?.number ?? 1) - 1} missing`);
  }
  return { checkpoints, problems, vouchersByChain: vouchersOf(checkpoints) };
}

/** Per chain, what each checkpoint said of it, newest first. */
export function vouchersOf(checkpoints: readonly SignedCheckpoint[]): Map<string, CheckpointVoucher[]> {
  const byChain = new Map<string, CheckpointVoucher[]>();
  for (const checkpoint of [...checkpoints].sort((a, b) => b.number - a.number)) {
    for (const { chain, seq, hash, streamed } of checkpoint.chains) {
      const list = byChain.get(chain) ?? [];
      list.push({
        key: checkpointKey(checkpoint.number),
        number: checkpoint.number,
        time: checkpoint.time,
        seq,
        hash,
        ...(streamed !== undefined ? { streamed } : {}),
      });
      byChain.set(chain, list);
    }
  }
  return byChain;
}
