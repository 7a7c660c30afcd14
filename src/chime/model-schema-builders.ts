import { z } from 'zod';

/**
 * The zod builders that `chime-sdk-voice-schemas.generated.ts` calls once per shape of the service
 * model. They decide how the model's constraints are applied; the generated file only says which.
 *
 * - `pattern` is a whole-string match, `^(?:pattern)$`, as AWS's Coral services apply it, even where
 *   the model's pattern is unanchored.
 * - string `min`/`max` count Unicode code points, not UTF-16 units; list and map `min`/`max` count
 *   items; every range is inclusive.
 * - `integer` is a 32-bit signed integer, as in Smithy.
 * - timestamps are ISO-8601 strings, as on the wire (the SDK turns them into `Date`s afterwards).
 * - `sensitive: true` marks a shape the model calls sensitive (see {@link isSensitiveSchema}).
 *
 * Issue messages follow AWS's own wording ("Member must have value less than or equal to 65535") and
 * never quote the value, so a password or phone number cannot leak through a validation error.
 */

interface Sensitivity {
  /** The model's `sensitive` trait: the value must not be logged or shown. */
  sensitive?: true;
}

export interface StringConstraints extends Sensitivity {
  min?: number;
  max?: number;
  /** The model's pattern as written; applied to the whole string. */
  pattern?: string;
}

export interface RangeConstraints extends Sensitivity {
  min?: number;
  max?: number;
}

/** Smithy's `integer` is 32-bit signed. */
const INT32_RANGE = { min: -2_147_483_648, max: 2_147_483_647 } as const;

const sensitiveSchemas = new WeakSet<z.ZodType>();

function markSensitivity<T extends z.ZodType>(schema: T, constraints: Sensitivity): T {
  if (constraints.sensitive === true) sensitiveSchemas.add(schema);
  return schema;
}

/** Whether the model marks this shape `sensitive` (an optional member counts as its shape). */
export function isSensitiveSchema(schema: z.ZodType): boolean {
  return sensitiveSchemas.has(schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema);
}

/**
 * A model pattern as AWS applies it: the whole value must match, not just a part of it. Patterns
 * that only the `u` flag refuses (identity escapes such as `\:`) are compiled without it; they use
 * ASCII classes only, so the answer is the same.
 */
export function wholeStringPattern(modelPattern: string): RegExp {
  const source = `^(?:${modelPattern})$`;
  try {
    return new RegExp(source, 'u');
  } catch {
    return new RegExp(source);
  }
}

/** Smithy counts string length in Unicode code points, so an emoji is one character, not two. */
export function codePointLength(value: string): number {
  let length = 0;
  for (const _codePoint of value) length += 1;
  return length;
}

function typeError(expected: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? 'Member must not be null' : `Member must be ${expected}`;
}

/**
 * Length checks as refinements, run whenever the value has the right type (`lengthOf` says so by
 * returning a number), even when one of its items is wrong: AWS reports both. zod's own array
 * `.min()`/`.max()` would also measure a value that is not a list (a string has a length) and
 * skip the items of a list that is too long.
 */
function lengthChecks<T extends z.ZodType>(
  schema: T,
  lengthOf: (value: unknown) => number | undefined,
  range: RangeConstraints,
) {
  const when = (payload: { value: unknown }) => lengthOf(payload.value) !== undefined;
  let checked = schema;
  const { min, max } = range;
  if (min !== undefined) {
    checked = checked.refine((value) => (lengthOf(value) ?? min) >= min, {
      error: `Member must have length greater than or equal to ${min}`,
      when,
    });
  }
  if (max !== undefined) {
    checked = checked.refine((value) => (lengthOf(value) ?? max) <= max, {
      error: `Member must have length less than or equal to ${max}`,
      when,
    });
  }
  return checked;
}

const stringLength = (value: unknown) => (typeof value === 'string' ? codePointLength(value) : undefined);
const listLength = (value: unknown) => (Array.isArray(value) ? value.length : undefined);
const mapSize = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value).length : undefined;

function valueChecks(schema: z.ZodNumber, { min, max }: RangeConstraints): z.ZodNumber {
  let checked = schema;
  if (min !== undefined)
    checked = checked.min(min, { error: `Member must have value greater than or equal to ${min}` });
  if (max !== undefined) checked = checked.max(max, { error: `Member must have value less than or equal to ${max}` });
  return checked;
}

export function modelString(constraints: StringConstraints = {}) {
  let schema = lengthChecks(z.string({ error: typeError('a string') }), stringLength, constraints);
  if (constraints.pattern !== undefined) {
    schema = schema.regex(wholeStringPattern(constraints.pattern), {
      error: `Member must satisfy regular expression pattern: ${constraints.pattern}`,
    });
  }
  return markSensitivity(schema, constraints);
}

export function modelInteger(range: RangeConstraints = {}) {
  const schema = z.int32({ error: typeError('an integer') });
  const bounds = { min: range.min ?? INT32_RANGE.min, max: range.max ?? INT32_RANGE.max };
  return markSensitivity(valueChecks(schema, bounds), range);
}

export function modelFloat(range: RangeConstraints = {}) {
  return markSensitivity(valueChecks(z.number({ error: typeError('a number') }), range), range);
}

export function modelBoolean(constraints: Sensitivity = {}) {
  return markSensitivity(z.boolean({ error: typeError('a boolean') }), constraints);
}

/** `timestampFormat: iso8601`: a string such as `2024-05-01T12:34:56.789Z`, never epoch seconds. */
export function modelTimestamp(constraints: Sensitivity = {}) {
  return markSensitivity(z.iso.datetime({ offset: true, error: typeError('an ISO-8601 timestamp') }), constraints);
}

export function modelEnum<const T extends readonly [string, ...string[]]>(values: T, constraints: Sensitivity = {}) {
  const schema = z.enum(values, {
    error: (issue) =>
      issue.input === undefined
        ? 'Member must not be null'
        : `Member must satisfy enum value set: [${values.join(', ')}]`,
  });
  return markSensitivity(schema, constraints);
}

export function modelList<T extends z.ZodType>(member: T, length: RangeConstraints = {}) {
  const schema = z.array(member, { error: typeError('a list') });
  return markSensitivity(lengthChecks(schema, listLength, length), length);
}

export function modelMap<K extends z.ZodType<string>, V extends z.ZodType>(
  key: K,
  value: V,
  size: RangeConstraints = {},
) {
  const schema = z.record(key, value, { error: typeError('a map') });
  return markSensitivity(lengthChecks(schema, mapSize, size), size);
}

export function modelStructure<T extends z.ZodRawShape>(members: T, constraints: Sensitivity = {}) {
  return markSensitivity(z.object(members, { error: typeError('a structure') }), constraints);
}
