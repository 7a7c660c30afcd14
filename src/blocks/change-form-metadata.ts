import { z } from 'zod';
import { CHIME_REGIONS } from '../chime/regions';
import { SlackLimit } from './slack-limits';

/**
 * What the origination and credentials modals carry in `private_metadata` between opening,
 * row edits and submission. It comes back from the client, so it is parsed, never trusted: the
 * worker re-reads the connector and refuses the request unless it still hashes to `beforeHash`.
 * It never holds a password, nor the snapshot itself (only its hash).
 */
export const ChangeFormMetadataSchema = z.object({
  /** Voice connector id. */
  c: z.string().min(1).max(64),
  /** Region. */
  r: z.enum(CHIME_REGIONS),
  /** Channel the command was typed in, where the requester hears back. */
  ch: z.string().max(64).optional(),
  /** SHA-256 of the snapshot the form was filled from. */
  h: z.string().regex(/^[0-9a-f]{64}$/),
  /** Stable keys of the rows on screen (routes or credential pairs), in order. */
  k: z.array(z.string().regex(/^[a-z0-9]{1,4}$/)).max(20),
  /** Next row key number. */
  n: z.number().int().min(0).max(100_000),
  /** The change request this form reverts, if any. */
  rv: z.string().max(64).optional(),
});
export type ChangeFormMetadata = z.infer<typeof ChangeFormMetadataSchema>;

export function encodeChangeFormMetadata(metadata: ChangeFormMetadata): string {
  const text = JSON.stringify(ChangeFormMetadataSchema.parse(metadata));
  if (text.length > SlackLimit.PrivateMetadata) throw new Error('change form metadata exceeds private_metadata');
  return text;
}

export function parseChangeFormMetadata(text: string | undefined): ChangeFormMetadata | undefined {
  try {
    const parsed = ChangeFormMetadataSchema.safeParse(JSON.parse(text ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Adds a fresh row key. */
export function withNewRow(metadata: ChangeFormMetadata): ChangeFormMetadata {
  return { ...metadata, k: [...metadata.k, metadata.n.toString(36)], n: metadata.n + 1 };
}

export function withoutRow(metadata: ChangeFormMetadata, rowKey: string): ChangeFormMetadata {
  return { ...metadata, k: metadata.k.filter((key) => key !== rowKey) };
}
