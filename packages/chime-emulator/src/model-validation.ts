import { z } from 'zod';
import { MODEL_SHAPES } from './chime-sdk-voice-model.generated';
import type { ModelMember, ModelShape, ModelValue, ShapeName } from './model-shapes';

/**
 * Checks a value against a shape of the model table, as Chime SDK Voice checks a request before it
 * acts on it, and answers in AWS's words ("Member must have value less than or equal to 65535").
 *
 * - a pattern must match the whole value, `^(?:pattern)$`, even where the model leaves it unanchored;
 * - string lengths count Unicode code points, list and map lengths their items, ranges are inclusive;
 * - an `integer` is 32-bit; a timestamp is an ISO-8601 string;
 * - members a structure does not have are dropped from the value handed on.
 *
 * A message never quotes the value: it may be a password or a phone number.
 */

/** One broken constraint, at the path of the member that breaks it (`['Origination', 'Routes', 0, 'Port']`). */
export interface ModelViolation {
  path: (string | number)[];
  message: string;
}

export type ModelCheck<T> = { ok: true; value: T } | { ok: false; violations: ModelViolation[] };

const INT32 = { min: -2_147_483_648, max: 2_147_483_647 } as const;
const IsoTimestampSchema = z.iso.datetime({ offset: true });

const patterns = new Map<string, RegExp>();

/** The model's pattern, anchored at both ends; without the `u` flag for the few the flag refuses (`\:`). */
function wholeString(pattern: string): RegExp {
  let compiled = patterns.get(pattern);
  if (compiled === undefined) {
    try {
      compiled = new RegExp(`^(?:${pattern})$`, 'u');
    } catch {
      compiled = new RegExp(`^(?:${pattern})$`);
    }
    patterns.set(pattern, compiled);
  }
  return compiled;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function memberShape(member: ModelMember): ShapeName {
  return (typeof member === 'string' ? member : member.shape) as ShapeName;
}

class Checker {
  readonly violations: ModelViolation[] = [];

  #fail(path: (string | number)[], message: string): undefined {
    this.violations.push({ path, message });
    return undefined;
  }

  #wrongType(path: (string | number)[], value: unknown, expected: string): undefined {
    return this.#fail(path, value === undefined ? 'Member must not be null' : `Member must be ${expected}`);
  }

  #length(path: (string | number)[], length: number, shape: ModelShape): void {
    if (shape.min !== undefined && length < shape.min) {
      this.#fail(path, `Member must have length greater than or equal to ${shape.min}`);
    }
    if (shape.max !== undefined && length > shape.max) {
      this.#fail(path, `Member must have length less than or equal to ${shape.max}`);
    }
  }

  #range(path: (string | number)[], value: number, min: number | undefined, max: number | undefined): void {
    if (min !== undefined && value < min) this.#fail(path, `Member must have value greater than or equal to ${min}`);
    if (max !== undefined && value > max) this.#fail(path, `Member must have value less than or equal to ${max}`);
  }

  /**
   * The value as the service would take it (unknown members dropped), or `undefined` if it breaks
   * the shape. `alsoRequired` adds required members to a structure.
   */
  check(name: ShapeName, value: unknown, path: (string | number)[], alsoRequired: readonly string[] = []): unknown {
    const shape: ModelShape = MODEL_SHAPES[name];
    if (shape.enum !== undefined) {
      if (typeof value === 'string' && shape.enum.includes(value)) return value;
      if (value === undefined) return this.#fail(path, 'Member must not be null');
      return this.#fail(path, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
    }
    switch (shape.type) {
      case 'string': {
        if (typeof value !== 'string') return this.#wrongType(path, value, 'a string');
        this.#length(path, [...value].length, shape);
        if (shape.pattern !== undefined && !wholeString(shape.pattern).test(value)) {
          this.#fail(path, `Member must satisfy regular expression pattern: ${shape.pattern}`);
        }
        return value;
      }
      case 'integer': {
        if (typeof value !== 'number' || !Number.isInteger(value)) return this.#wrongType(path, value, 'an integer');
        if (value < INT32.min || value > INT32.max) this.#fail(path, 'Member must be an integer');
        this.#range(path, value, shape.min ?? INT32.min, shape.max ?? INT32.max);
        return value;
      }
      case 'float': {
        if (typeof value !== 'number' || !Number.isFinite(value)) return this.#wrongType(path, value, 'a number');
        this.#range(path, value, shape.min, shape.max);
        return value;
      }
      case 'boolean':
        return typeof value === 'boolean' ? value : this.#wrongType(path, value, 'a boolean');
      case 'timestamp':
        return IsoTimestampSchema.safeParse(value).success
          ? value
          : this.#wrongType(path, value, 'an ISO-8601 timestamp');
      case 'list': {
        if (!Array.isArray(value)) return this.#wrongType(path, value, 'a list');
        const items = value.map((item, index) => this.check(shape.member as ShapeName, item, [...path, index]));
        this.#length(path, value.length, shape);
        return items;
      }
      case 'map': {
        if (!isRecord(value)) return this.#wrongType(path, value, 'a map');
        const entries = Object.entries(value).map(([key, item]) => {
          this.check(shape.key as ShapeName, key, [...path, key]);
          return [key, this.check(shape.value as ShapeName, item, [...path, key])];
        });
        this.#length(path, entries.length, shape);
        return Object.fromEntries(entries);
      }
      case 'structure': {
        if (!isRecord(value)) return this.#wrongType(path, value, 'a structure');
        const required = new Set([...(shape.required ?? []), ...alsoRequired]);
        const taken: Record<string, unknown> = {};
        for (const [member, definition] of Object.entries(shape.members ?? {})) {
          const memberValue = value[member];
          if (memberValue === undefined) {
            if (required.has(member)) this.#fail([...path, member], 'Member must not be null');
            continue;
          }
          taken[member] = this.check(memberShape(definition), memberValue, [...path, member]);
        }
        return taken;
      }
    }
  }
}

/**
 * Checks `value` against the shape `name`; `require` makes optional members of a structure
 * required (the emulator's seed needs an ID and a region where the model does not).
 *
 * @example
 * checkModelShape('OriginationRoute', { Host: 'sbc1.example.com', Port: 70000 })
 * // { ok: false, violations: [{ path: ['Port'], message: 'Member must have value less than or equal to 65535' }] }
 */
export function checkModelShape<N extends ShapeName, R extends keyof ModelValue<N> = never>(
  name: N,
  value: unknown,
  options: { require?: readonly R[] } = {},
): ModelCheck<ModelValue<N> & Required<Pick<ModelValue<N>, R>>> {
  const checker = new Checker();
  const checked = checker.check(name, value, [], (options.require ?? []) as readonly string[]);
  if (checker.violations.length > 0) return { ok: false, violations: checker.violations };
  return { ok: true, value: checked as ModelValue<N> & Required<Pick<ModelValue<N>, R>> };
}

/** Whether `value` satisfies the shape `name`. */
export function satisfiesModelShape(name: ShapeName, value: unknown): boolean {
  return checkModelShape(name, value).ok;
}

/**
 * One sentence per violation, in the form AWS uses for a 400.
 *
 * @example
 * describeViolations([{ path: ['Origination', 'Routes', 0, 'Port'], message: 'Member must have value less than or equal to 65535' }])
 * // "1 validation error detected: Value at 'Origination.Routes[0].Port' failed to satisfy constraint: Member must have value less than or equal to 65535"
 */
export function describeViolations(violations: readonly ModelViolation[]): string {
  const sentences = violations.map(({ path, message }) => {
    const member = path
      .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`))
      .join('');
    return `${member === '' ? 'Value' : `Value at '${member}'`} failed to satisfy constraint: ${message}`;
  });
  return `${sentences.length} validation error${sentences.length === 1 ? '' : 's'} detected: ${sentences.join('; ')}`;
}

/**
 * The shape as a zod schema, for zod schemas of the emulator's own (its seed, its control API),
 * with each violation as an issue at its member's path.
 */
export function modelShapeSchema<N extends ShapeName, R extends keyof ModelValue<N> = never>(
  name: N,
  options: { require?: readonly R[] } = {},
) {
  return z.unknown().transform((value, context) => {
    const checked = checkModelShape(name, value, options);
    if (checked.ok) return checked.value;
    for (const { path, message } of checked.violations)
      context.addIssue({ code: 'custom', path, message, input: value });
    return z.NEVER;
  });
}
