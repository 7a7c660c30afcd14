import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import canonicalize from 'canonicalize';
import { z } from 'zod';

/**
 * # Signed checkpoints of the audit log
 *
 * A checkpoint names, for every chain that changed since the one before, its newest entry (`seq`,
 * `hash`), plus the previous checkpoint's hash, and is signed with an asymmetric key (KMS
 * `ECDSA_SHA_256` on a P-256 key in AWS; a local P-256 key in the sandbox). It is stored once under
 * a key of its own (`checkpoints/000000000042.json`) in write-once storage (S3 with Object Lock).
 *
 * The signed bytes are the RFC 8785 (JCS) canonical form, in UTF-8, of the checkpoint without its
 * `signature` member; the signature is ECDSA over SHA-256 of those bytes, DER-encoded, in base64.
 * The checkpoint's hash (what the next one names as `previous.hash`) is the SHA-256 (hex) of the
 * same bytes. An auditor checks one with the public key alone:
 *
 * @example
 * const { signature, ...body } = JSON.parse(readFileSync('checkpoints/000000000042.json', 'utf8'));
 * crypto.verify('sha256', Buffer.from(canonicalize(body)), readFileSync('public-key.pem', 'utf8'),
 *   Buffer.from(signature.value, 'base64')); // true
 */
export const CHECKPOINT_FORMAT = 'chime-voice-ops/audit-checkpoint/1';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const checkpointChainSchema = z.strictObject({
  chain: z.string().regex(/^(?:vc|ws):[^\s#]+$/),
  seq: z.int().min(1),
  hash: sha256Hex,
  /**
   * With a SIEM stream: every record up to this position had been delivered to it when the
   * checkpoint was written (`seq`, unless the stream was unreachable). Senders start after it.
   */
  streamed: z.int().min(0).optional(),
});
export type CheckpointChain = z.infer<typeof checkpointChainSchema>;

export const checkpointBodySchema = z.strictObject({
  format: z.literal(CHECKPOINT_FORMAT),
  number: z.int().min(1),
  /** When it was written (ISO-8601, UTC, milliseconds). */
  time: z.iso.datetime({ precision: 3 }),
  previous: z.strictObject({ number: z.int().min(1), hash: sha256Hex }).nullable(),
  /** Every chain that changed since the previous checkpoint, sorted by name. */
  chains: z.array(checkpointChainSchema),
  /** Which key signed it, and how. */
  signer: z.strictObject({ keyId: z.string().min(1), algorithm: z.literal('ECDSA_SHA_256') }),
});
export type CheckpointBody = z.infer<typeof checkpointBodySchema>;

export const signedCheckpointSchema = checkpointBodySchema.extend({
  signature: z.strictObject({ value: z.string().min(1) }),
});
export type SignedCheckpoint = z.infer<typeof signedCheckpointSchema>;

/** The bytes that are signed and hashed: the canonical form of everything but `signature`. */
export function checkpointSignedBytes(checkpoint: CheckpointBody | SignedCheckpoint): Buffer {
  const { signature: _signature, ...body } = checkpoint as SignedCheckpoint;
  const canonical = canonicalize(body);
  if (canonical === undefined) throw new TypeError('A checkpoint has no canonical form');
  return Buffer.from(canonical, 'utf8');
}

export function checkpointHash(checkpoint: CheckpointBody | SignedCheckpoint): string {
  return createHash('sha256').update(checkpointSignedBytes(checkpoint)).digest('hex');
}

/** The object key of checkpoint `number`: zero-padded so that keys sort by number. */
export function checkpointKey(number: number): string {
  return `checkpoints/${String(number).padStart(12, '0')}.json`;
}

/** What a checkpoint object's bytes say, once parsed and its signature checked against `publicKeyPem`. */
export type CheckpointReading =
  | { ok: true; checkpoint: SignedCheckpoint; hash: string }
  | { ok: false; problem: string };

export function readSignedCheckpoint(bytes: Buffer | string, publicKeyPem: string): CheckpointReading {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString());
  } catch {
    return { ok: false, problem: 'it is not JSON' };
  }
  const parsed = signedCheckpointSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problem: 'it is not a checkpoint of this format' };
  const checkpoint = parsed.data;
  let valid = false;
  try {
    valid = verifySignature(
      'sha256',
      checkpointSignedBytes(checkpoint),
      { key: createPublicKey(publicKeyPem), dsaEncoding: 'der' },
      Buffer.from(checkpoint.signature.value, 'base64'),
    );
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, problem: 'its signature does not verify with the public key' };
  return { ok: true, checkpoint, hash: checkpointHash(checkpoint) };
}

/** A checkpoint's bytes as stored: pretty JSON (the signature covers the canonical form, not these bytes). */
export function checkpointObjectBytes(checkpoint: SignedCheckpoint): Buffer {
  return Buffer.from(`${JSON.stringify(checkpoint, null, 2)}\n`, 'utf8');
}
