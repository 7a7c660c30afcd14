import type { z } from 'zod';

/**
 * `text` read as JSON and checked against `schema`: `undefined` when it is absent, not JSON, or
 * not of the schema's shape (metadata and button values come back from the client, never trusted).
 *
 * @example
 * parseJsonAs(DriftButtonValueSchema, action.value); // { c, r, h }, or undefined
 */
export function parseJsonAs<T>(schema: z.ZodType<T>, text: string | undefined): T | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // Not JSON: the same answer as any other malformed text.
    return undefined;
  }
}
