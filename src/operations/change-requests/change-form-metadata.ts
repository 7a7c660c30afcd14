import { z } from 'zod';
import { SlackLimit } from '../../blocks/slack-limits';
import { CHIME_REGIONS } from '../../chime/regions';

const RowKeySchema = z.string().regex(/^[a-z0-9]{1,4}$/);

/**
 * What a change form carries in `private_metadata` between opening, row edits and submission. It
 * comes back from the client, so it is parsed, never trusted: the worker re-reads the connector
 * and refuses the request unless it still hashes to `snapshotHash`. It never holds a secret, nor
 * the snapshot itself (only its hash).
 */
export const ChangeFormMetadataSchema = z.object({
  voiceConnectorId: z.string().min(1).max(64),
  region: z.enum(CHIME_REGIONS),
  /** Channel the command was typed in, where the requester hears back. */
  channelId: z.string().max(64).optional(),
  /** SHA-256 of the snapshot the form was filled from. */
  snapshotHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Stable keys of the rows on screen (routes or credential pairs), in order. */
  rows: z.array(RowKeySchema).max(20),
  /** The number the next new row's key is made from. */
  nextRow: z.number().int().min(0).max(100_000),
  /** The change request this form reverts, if any. */
  revertOf: z.string().max(64).optional(),
  /** A step of a guided credential rotation. */
  purpose: z.enum(['rotate', 'remove-old']).optional(),
  /** `--break-glass`: applied on submission without approval (checked again by the worker). */
  breakGlass: z.literal(true).optional(),
});
export type ChangeFormMetadata = z.infer<typeof ChangeFormMetadataSchema>;

/**
 * The same, as forms opened before the keys were spelled out wrote it (`c`, `r`, `ch`, `h`, `k`,
 * `n`, `rv`): a form left open across a deploy still submits.
 */
const LegacyChangeFormMetadataSchema = z
  .object({
    c: z.string().min(1).max(64),
    r: z.enum(CHIME_REGIONS),
    ch: z.string().max(64).optional(),
    h: z.string().regex(/^[0-9a-f]{64}$/),
    k: z.array(RowKeySchema).max(20),
    n: z.number().int().min(0).max(100_000),
    rv: z.string().max(64).optional(),
  })
  .transform(
    (legacy): ChangeFormMetadata => ({
      voiceConnectorId: legacy.c,
      region: legacy.r,
      channelId: legacy.ch,
      snapshotHash: legacy.h,
      rows: legacy.k,
      nextRow: legacy.n,
      revertOf: legacy.rv,
    }),
  );

export function encodeChangeFormMetadata(metadata: ChangeFormMetadata): string {
  const text = JSON.stringify(ChangeFormMetadataSchema.parse(metadata));
  if (text.length > SlackLimit.PrivateMetadata) throw new Error('change form metadata exceeds private_metadata');
  return text;
}

export function parseChangeFormMetadata(text: string | undefined): ChangeFormMetadata | undefined {
  try {
    const json: unknown = JSON.parse(text ?? '');
    const parsed = ChangeFormMetadataSchema.safeParse(json);
    if (parsed.success) return parsed.data;
    const legacy = LegacyChangeFormMetadataSchema.safeParse(json);
    return legacy.success ? legacy.data : undefined;
  } catch {
    return undefined;
  }
}

/** Adds a fresh row key. */
export function withNewRow(metadata: ChangeFormMetadata): ChangeFormMetadata {
  return { ...metadata, rows: [...metadata.rows, metadata.nextRow.toString(36)], nextRow: metadata.nextRow + 1 };
}

export function withoutRow(metadata: ChangeFormMetadata, rowKey: string): ChangeFormMetadata {
  return { ...metadata, rows: metadata.rows.filter((key) => key !== rowKey) };
}

/** Metadata for a form filled with `count` rows (keys 0, 1, 2, … in base 36). */
export function withRows(metadata: Omit<ChangeFormMetadata, 'rows' | 'nextRow'>, count: number): ChangeFormMetadata {
  const rows = Array.from({ length: count }, (_, index) => index.toString(36));
  return { ...metadata, rows, nextRow: rows.length };
}
