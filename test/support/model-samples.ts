import { type ModelJsonShape, SERVICE_MODEL } from './service-model';

/**
 * Sample values for every shape of the Chime SDK Voice model, valid and invalid, built from the
 * model itself: the bounds of each range and length and one past them, values of the wrong type,
 * missing and unknown members. Tests feed them to two implementations of the model (the bot's zod
 * schemas and the emulator's validation) and compare the answers.
 */

/** Strings that satisfy some pattern of the model, to find a valid value for a patterned shape. */
const PATTERN_CANDIDATES = [
  'abcdef1234567890abcdef',
  '3f1c2a9e-5b7d-4c8e-9a1f-0d2b4c6e8a10',
  '+12065550100',
  'US',
  '206',
  '800',
  'Contact Center',
  'arn:aws:chime:us-east-1:123456789012:vc/abc',
  'arn:aws:lambda:us-east-1:123456789012:function:handler',
  'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef',
  'my-bucket',
  'client-request-1',
  'ab',
  '',
];

/** Longest list or map the samples build, so that a bound of 10,000 does not make 10,000 items. */
const MAX_SAMPLE_ITEMS = 120;

function shapeOf(name: string): ModelJsonShape {
  const shape = SERVICE_MODEL.shapes[name];
  if (shape === undefined) throw new Error(`The model has no shape ${name}`);
  return shape;
}

function wholeString(pattern: string): RegExp | undefined {
  for (const flags of ['u', '']) {
    try {
      return new RegExp(`^(?:${pattern})$`, flags);
    } catch {
      // try without the u flag
    }
  }
  return undefined;
}

function codePoints(value: string): number {
  return [...value].length;
}

function fitsString(shape: ModelJsonShape, value: string): boolean {
  const length = codePoints(value);
  if (shape.min !== undefined && length < shape.min) return false;
  if (shape.max !== undefined && length > shape.max) return false;
  return shape.pattern === undefined || (wholeString(shape.pattern)?.test(value) ?? true);
}

const validCache = new Map<string, unknown>();

/** One value the shape accepts (a best effort for patterns: `undefined` if no candidate fits). */
export function validSample(name: string): unknown {
  if (validCache.has(name)) return validCache.get(name);
  const shape = shapeOf(name);
  let value: unknown;
  switch (shape.type) {
    case 'string':
      if (shape.enum !== undefined) value = shape.enum[0];
      else {
        const filler = 'a'.repeat(Math.max(shape.min ?? 1, 1));
        value = [filler, ...PATTERN_CANDIDATES].find((candidate) => fitsString(shape, candidate));
      }
      break;
    case 'integer':
    case 'float':
      value = shape.min ?? 1;
      break;
    case 'boolean':
      value = true;
      break;
    case 'timestamp':
      value = '2024-05-01T12:34:56.789Z';
      break;
    case 'list':
      value = Array(shape.min ?? 1).fill(validSample(shape.member?.shape ?? ''));
      break;
    case 'map':
      value = Object.fromEntries(
        Array.from({ length: shape.min ?? 1 }, (_, index) => [`key${index}`, validSample(shape.value?.shape ?? '')]),
      );
      break;
    default:
      value = Object.fromEntries(
        Object.entries(shape.members ?? {}).map(([member, { shape: target }]) => [member, validSample(target)]),
      );
  }
  validCache.set(name, value);
  return value;
}

function stringSamples(shape: ModelJsonShape): unknown[] {
  if (shape.enum !== undefined) {
    const [first = ''] = shape.enum;
    return [...shape.enum, `${first}x`, first.toLowerCase(), first.toUpperCase(), '', 5, null, undefined];
  }
  const lengths = [shape.min, shape.max].flatMap((bound) => (bound === undefined ? [] : [bound - 1, bound, bound + 1]));
  const byLength = lengths
    .filter((length) => length >= 0 && length <= 10_001)
    .flatMap((length) => ['a'.repeat(length), '😀'.repeat(length), ' '.repeat(length)]);
  return [...PATTERN_CANDIDATES, ...byLength, ' ', 'first\nsecond', `!${PATTERN_CANDIDATES[0]}!`, 5, null, undefined];
}

function numberSamples(shape: ModelJsonShape): unknown[] {
  const bounds = [shape.min, shape.max].flatMap((bound) => (bound === undefined ? [] : [bound - 1, bound, bound + 1]));
  return [...bounds, 0, 1, 1.5, -1.5, 70_000.5, 3e9, -3e9, 2_147_483_647, -2_147_483_648, '5', true, null, undefined];
}

function collectionLengths(shape: ModelJsonShape): number[] {
  const lengths = [0, 1, 2, 3];
  for (const bound of [shape.min, shape.max]) if (bound !== undefined) lengths.push(bound - 1, bound, bound + 1);
  return [...new Set(lengths)].filter((length) => length >= 0 && length <= MAX_SAMPLE_ITEMS);
}

const samplesCache = new Map<string, unknown[]>();

/** Values to try on the shape `name`: edge cases of its own constraints, and one level into its members. */
export function samplesOf(name: string): unknown[] {
  let samples = samplesCache.get(name);
  if (samples === undefined) {
    samples = computeSamples(name);
    samplesCache.set(name, samples);
  }
  return samples;
}

function computeSamples(name: string): unknown[] {
  const shape = shapeOf(name);
  switch (shape.type) {
    case 'string':
      return stringSamples(shape);
    case 'integer':
    case 'float':
      return numberSamples(shape);
    case 'boolean':
      return [true, false, 'true', 0, null, undefined];
    case 'timestamp':
      return [
        '2024-05-01T12:34:56.789Z',
        '2024-05-01T12:34:56+01:00',
        '2024-05-01',
        '2024-13-01T00:00:00Z',
        1714566896,
        null,
        undefined,
      ];
    case 'list': {
      const member = shape.member?.shape ?? '';
      const good = validSample(member);
      return [
        ...collectionLengths(shape).map((length) => Array(length).fill(good)),
        ...samplesOf(member)
          .slice(0, 12)
          .map((item) => [item, good]),
        'x',
        { 0: good },
        null,
        undefined,
      ];
    }
    case 'map': {
      const value = shape.value?.shape ?? '';
      const good = validSample(value);
      const entries = (length: number) => Object.fromEntries(Array.from({ length }, (_, index) => [`k${index}`, good]));
      return [
        ...collectionLengths(shape).map(entries),
        ...samplesOf(value)
          .slice(0, 8)
          .map((item) => ({ k: item })),
        [],
        'x',
        null,
        undefined,
      ];
    }
    default: {
      const whole = validSample(name) as Record<string, unknown>;
      const samples: unknown[] = [{}, whole, { ...whole, NotInTheModel: 'x' }, [], 'x', null, undefined];
      for (const [member, { shape: target }] of Object.entries(shape.members ?? {})) {
        const { [member]: _left, ...without } = whole;
        samples.push(without);
        for (const value of samplesOf(target).slice(0, 8)) samples.push({ ...whole, [member]: value });
      }
      return samples;
    }
  }
}
