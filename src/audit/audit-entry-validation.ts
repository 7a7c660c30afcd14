import canonicalize from 'canonicalize';
import { z } from 'zod';
import { CHIME_REGIONS } from '../chime/regions';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditEntry, type AuditEntryInput, type JsonValue } from './audit-entry';

/**
 * Thrown by `AuditLog.append` when the entry itself is unacceptable (a password-like key, a value
 * that is not JSON, a missing actor). This is a programming error in the caller, not an outage;
 * like every failed append it means the caller must not act.
 */
export class AuditEntryRejectedError extends Error {
  readonly code = 'audit_entry_rejected';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AuditEntryRejectedError';
  }
}

/**
 * Keys that name a password in any spelling. Passwords must never enter the log, not even hashed:
 * the audit table is readable by more people than the credentials themselves.
 */
const PASSWORD_LIKE_KEY = /pass(?:word|wd|phrase)|^pwd$/i;

/**
 * A number DynamoDB stores and the SDK reads back as the same JavaScript number: within the safe
 * integer range (the SDK refuses larger ones) and not below DynamoDB's smallest magnitude, 1e-130.
 */
const storableNumber = z
  .number()
  .refine(
    (value) => Math.abs(value) <= Number.MAX_SAFE_INTEGER && (value === 0 || Math.abs(value) >= 1e-130),
    'must be a number DynamoDB stores exactly (|n| ≤ 2^53 - 1)',
  );

const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    storableNumber,
    z.boolean(),
    z.null(),
    z.array(jsonValueSchema),
    z.record(z.string(), jsonValueSchema),
  ]),
);

const nonBlank = z.string().regex(/\S/, 'must not be blank');
const singleToken = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^\s#]+$/, 'must be one token without spaces or #');

/**
 * What `append` accepts: the fields of {@link AuditEntryInput}, nothing else, each a JSON value.
 *
 * @example
 * auditEntryInputSchema.parse({ actorUserId: 'U123', actorTeamId: 'T1', action: 'read.termination',
 *   voiceConnectorId: 'abcdef1234567890abcdef', region: 'us-east-1', outcome: 'ok', latencyMs: 84 });
 */
export const auditEntryInputSchema = z.strictObject({
  actorUserId: singleToken,
  actorName: z.string().max(1000).optional(),
  actorTeamId: singleToken,
  channelId: singleToken.optional(),
  action: z.enum(AUDIT_ACTIONS),
  voiceConnectorId: singleToken.max(128).optional(),
  region: z.enum(CHIME_REGIONS).optional(),
  changeRequestId: singleToken.optional(),
  outcome: z.enum(AUDIT_OUTCOMES),
  reason: nonBlank.max(1000).optional(),
  errorName: nonBlank.max(256).optional(),
  errorMessage: z.string().max(4000).optional(),
  latencyMs: storableNumber.pipe(z.number().nonnegative()).optional(),
  before: jsonValueSchema.optional(),
  after: jsonValueSchema.optional(),
  details: z.record(z.string(), jsonValueSchema).optional(),
});

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');

/** An entry as read back from storage, every field checked. Unknown attributes are refused. */
export const storedAuditEntrySchema = auditEntryInputSchema.extend({
  id: z.string().min(1),
  time: z.iso.datetime({ precision: 3 }),
  chain: z.string().regex(/^(?:vc|ws):[^\s#]+$/),
  seq: z.int().min(1),
  prevHash: sha256Hex,
  hash: sha256Hex,
}) satisfies z.ZodType<AuditEntry>;

/**
 * A void record: a position of a chain whose writer stopped between reserving it and writing it,
 * filled by the writer that was waiting for it once its deadline had passed (`dynamodb-audit-log.ts`).
 * It is chained and hashed like an entry, and says whose reservation it closes. It is not an audit
 * entry: listings skip it, verify accepts it, the export keeps it.
 */
export const storedVoidRecordSchema = z.strictObject({
  id: z.string().min(1),
  time: z.iso.datetime({ precision: 3 }),
  chain: z.string().regex(/^(?:vc|ws):[^\s#]+$/),
  seq: z.int().min(1),
  prevHash: sha256Hex,
  hash: sha256Hex,
  void: z.strictObject({
    /** Why the position holds no entry. */
    reason: z.enum(['writer-stopped', 'writer-gave-up']),
    /** When the position was reserved, and by when its writer had to have written it. */
    reservedAt: z.iso.datetime({ precision: 3 }),
    deadline: z.iso.datetime({ precision: 3 }),
  }),
});
export type StoredVoidRecord = z.infer<typeof storedVoidRecordSchema>;

/** How many entries a listing may ask for. */
export const auditQueryLimitSchema = z.int().min(1).max(1000);

/** The chain head as read back from storage. */
export const storedChainHeadSchema = z.strictObject({
  chain: z.string().startsWith('head#'),
  seq: z.literal(0),
  lastSeq: z.int().min(1),
  lastHash: sha256Hex,
  updatedAt: z.iso.datetime({ precision: 3 }).optional(),
});

/** Removes `undefined` members from plain objects, deeply, the way `JSON.stringify` would. */
export function withoutUndefinedMembers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefinedMembers);
  if (!isPlainObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member !== undefined) result[key] = withoutUndefinedMembers(member);
  }
  return result;
}

/** The dotted path of the first key that names a password, or `undefined` when there is none. */
export function findPasswordLikeKey(value: unknown, path = ''): string | undefined {
  if (Array.isArray(value)) {
    for (const [index, member] of value.entries()) {
      const found = findPasswordLikeKey(member, `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, member] of Object.entries(value)) {
    const memberPath = path ? `${path}.${key}` : key;
    if (PASSWORD_LIKE_KEY.test(key)) return memberPath;
    const found = findPasswordLikeKey(member, memberPath);
    if (found) return found;
  }
  return undefined;
}

/**
 * Checks what a caller wants to append and returns it with `undefined` members removed.
 * Throws {@link AuditEntryRejectedError} naming the offending field (never its value).
 */
export function parseAuditEntryInput(input: AuditEntryInput): AuditEntryInput {
  const passwordKey = findPasswordLikeKey(input);
  if (passwordKey) {
    throw new AuditEntryRejectedError(`Refused an audit entry with a password-like key at "${passwordKey}"`);
  }
  const result = auditEntryInputSchema.safeParse(withoutUndefinedMembers(input));
  if (!result.success) {
    const fields = [...new Set(result.error.issues.map((issue) => issue.path.join('.') || '(entry)'))].join(', ');
    throw new AuditEntryRejectedError(`Refused an invalid audit entry (${fields})`, { cause: result.error });
  }
  try {
    // Lone surrogates pass zod but cannot be canonicalised; find out now rather than mid-append.
    canonicalize(result.data);
  } catch (error) {
    throw new AuditEntryRejectedError('Refused an audit entry that cannot be canonicalised', { cause: error });
  }
  return result.data;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
