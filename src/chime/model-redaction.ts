import { z } from 'zod';
import { isSensitiveSchema } from './model-schema-builders';

/** What a value of a sensitive shape becomes. */
export const REDACTED = '[redacted]';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A copy of `value` in which every value of a shape the model marks `sensitive` (passwords,
 * usernames, phone numbers, tag keys and values…) is replaced by {@link REDACTED}, for a log line or
 * a message. Members the schema does not know are kept as they are.
 *
 * @example
 * redactSensitive(PutVoiceConnectorTerminationCredentialsRequestSchema, request)
 * // { VoiceConnectorId: 'abcdef1234567890abcdef', Credentials: [{ Username: '[redacted]', Password: '[redacted]' }] }
 */
export function redactSensitive(schema: z.ZodType, value: unknown): unknown {
  if (value === undefined) return value;
  if (isSensitiveSchema(schema)) return REDACTED;
  const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  if (inner instanceof z.ZodObject && isPlainObject(value)) {
    const members = inner.shape as Record<string, z.ZodType>;
    return Object.fromEntries(
      Object.entries(value).map(([key, member]) => {
        const memberSchema = members[key];
        return [key, memberSchema === undefined ? member : redactSensitive(memberSchema, member)];
      }),
    );
  }
  if (inner instanceof z.ZodArray && Array.isArray(value)) {
    return value.map((item) => redactSensitive(inner.element as z.ZodType, item));
  }
  if (inner instanceof z.ZodRecord && isPlainObject(value)) {
    if (isSensitiveSchema(inner.keyType as z.ZodType)) return REDACTED;
    return Object.fromEntries(
      Object.entries(value).map(([key, member]) => [key, redactSensitive(inner.valueType as z.ZodType, member)]),
    );
  }
  return value;
}
