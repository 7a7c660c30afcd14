import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as generated from '../../src/chime/chime-sdk-voice-schemas.generated';
import { isSensitiveSchema } from '../../src/chime/model-schema-builders';
import { type ModelJsonShape, SERVICE_MODEL } from '../support/service-model';

/**
 * The generated schemas against the service model they come from: every shape has one, with the
 * model's members, required members, enum values, ranges, lengths and patterns. (The generator's
 * own test checks that the committed file is what it writes; this one checks what it writes.)
 */

const SHAPE_NAMES = Object.keys(SERVICE_MODEL.shapes).sort();
const SCHEMAS = generated as Record<string, z.ZodType>;

function modelShape(name: string): ModelJsonShape {
  const shape = SERVICE_MODEL.shapes[name];
  if (shape === undefined) throw new Error(`The model has no shape ${name}`);
  return shape;
}

function schemaOf(name: string): z.ZodType {
  const schema = SCHEMAS[`${name}Schema`];
  if (schema === undefined) throw new Error(`No generated schema for ${name}`);
  return schema;
}

function accepts(schema: z.ZodType, value: unknown): boolean {
  return schema.safeParse(value).success;
}

function namesOfType(type: string): string[] {
  return SHAPE_NAMES.filter((name) => modelShape(name).type === type);
}

/** A character each length-constrained string shape accepts, to build values of a given length. */
const FILLERS: Record<string, string> = {
  NonEmptyString128: '😀',
  NonEmptyString256: '😀',
  String128: '😀',
  TagKey: '😀',
  TagValue: '😀',
  NextTokenString: '😀',
  VoiceProfileDomainDescription: '😀',
  PhoneNumberName: 'a',
  VoiceConnectorName: 'a',
  VoiceConnectorGroupName: 'a',
  SipMediaApplicationName: 'a',
  SipRuleName: 'a',
  VoiceProfileDomainName: 'a',
};

/** Length-constrained shapes whose patterns bound the length more tightly: no repeated character probes them. */
const BOUNDED_BY_PATTERN = ['AlexaSkillId', 'Arn', 'FunctionArn', 'S3BucketName', 'TollFreePrefix'];

describe('the generated schemas', () => {
  it('has one schema per shape of the model, named <Shape>Schema, and nothing else', () => {
    // Act
    const exported = Object.keys(generated).sort();

    // Assess
    expect(exported).toEqual(SHAPE_NAMES.map((name) => `${name}Schema`).sort());
  });

  it('gives every structure the model members, the required ones required, each with its shape schema', () => {
    // Prepare
    const mismatches: string[] = [];

    // Act
    for (const name of namesOfType('structure')) {
      const shape = modelShape(name);
      const schema = schemaOf(name);
      if (!(schema instanceof z.ZodObject)) {
        mismatches.push(`${name} is not a zod object`);
        continue;
      }
      const members = schema.shape as Record<string, z.ZodType>;
      const required = Object.keys(members).filter((member) => !(members[member] instanceof z.ZodOptional));
      if (Object.keys(members).join() !== Object.keys(shape.members ?? {}).join()) mismatches.push(`${name} members`);
      if (required.sort().join() !== [...(shape.required ?? [])].sort().join()) mismatches.push(`${name} required`);
      for (const [member, { shape: target }] of Object.entries(shape.members ?? {})) {
        const memberSchema = members[member];
        const inner = memberSchema instanceof z.ZodOptional ? memberSchema.unwrap() : memberSchema;
        if (inner !== schemaOf(target)) mismatches.push(`${name}.${member} does not use ${target}Schema`);
      }
    }

    // Assess
    expect(mismatches).toEqual([]);
  });

  it('builds every list from its member shape and every map from its key and value shapes', () => {
    // Act
    const mismatches = [
      ...namesOfType('list').filter((name) => {
        const schema = schemaOf(name);
        return !(schema instanceof z.ZodArray) || schema.element !== schemaOf(modelShape(name).member?.shape ?? '');
      }),
      ...namesOfType('map').filter((name) => {
        const schema = schemaOf(name);
        const shape = modelShape(name);
        return (
          !(schema instanceof z.ZodRecord) ||
          schema.keyType !== schemaOf(shape.key?.shape ?? '') ||
          schema.valueType !== schemaOf(shape.value?.shape ?? '')
        );
      }),
    ];

    // Assess
    expect(mismatches).toEqual([]);
  });

  it.each(SHAPE_NAMES.filter((name) => modelShape(name).enum !== undefined))(
    'accepts exactly the enum values of %s',
    (name) => {
      // Prepare
      const values = modelShape(name).enum ?? [];
      const schema = schemaOf(name);

      // Act
      const options = schema instanceof z.ZodEnum ? schema.options : undefined;

      // Assess
      expect(options).toEqual(values);
      for (const value of values) expect(accepts(schema, value)).toBe(true);
      expect(accepts(schema, `${values[0]}x`)).toBe(false);
      expect(accepts(schema, values[0]?.toLowerCase())).toBe(values[0] === values[0]?.toLowerCase());
    },
  );

  it.each(namesOfType('integer'))('applies the inclusive range of %s to 32-bit integers', (name) => {
    // Prepare
    const shape = modelShape(name);
    const schema = schemaOf(name);
    const min = shape.min ?? -2_147_483_648;
    const max = shape.max ?? 2_147_483_647;

    // Act
    const results = {
      min: accepts(schema, min),
      belowMin: accepts(schema, min - 1),
      max: accepts(schema, max),
      aboveMax: accepts(schema, max + 1),
      fraction: accepts(schema, min + 0.5),
      numericString: accepts(schema, String(min)),
    };

    // Assess
    expect(results).toEqual({
      min: true,
      belowMin: false,
      max: true,
      aboveMax: false,
      fraction: false,
      numericString: false,
    });
  });

  it('applies the inclusive range of the float ConfidenceScore', () => {
    // Prepare
    const schema = schemaOf('ConfidenceScore');

    // Act
    const results = [0, 0.5, 1, -0.01, 1.01, '0.5'].map((value) => accepts(schema, value));

    // Assess
    expect(results).toEqual([true, true, true, false, false, false]);
  });

  it.each(Object.keys(FILLERS))('counts the length of %s in code points, bounds included', (name) => {
    // Prepare
    const shape = modelShape(name);
    const schema = schemaOf(name);
    const filler = FILLERS[name] ?? 'a';
    const min = shape.min ?? 0;
    const max = shape.max ?? 0;

    // Act
    const results = {
      min: accepts(schema, filler.repeat(min)),
      belowMin: min === 0 ? false : accepts(schema, filler.repeat(min - 1)),
      max: accepts(schema, filler.repeat(max)),
      aboveMax: accepts(schema, filler.repeat(max + 1)),
    };

    // Assess
    expect(results).toEqual({ min: true, belowMin: false, max: true, aboveMax: false });
  });

  it('covers every length-constrained string shape with a probe', () => {
    // Prepare
    const constrained = namesOfType('string').filter((name) => {
      const shape = modelShape(name);
      return shape.min !== undefined || shape.max !== undefined;
    });

    // Act
    const probed = [...Object.keys(FILLERS), ...BOUNDED_BY_PATTERN].sort();

    // Assess
    expect(probed).toEqual(constrained.sort());
  });

  it.each([
    ['TagList', { Key: 'team', Value: 'voice' }],
    ['CountryList', 'US'],
    ['ParticipantPhoneNumberList', '+12065550123'],
  ] as const)('counts the items of %s, bounds included', (name, item) => {
    // Prepare
    const shape = modelShape(name);
    const schema = schemaOf(name);
    const min = shape.min ?? 0;
    const max = shape.max ?? 0;

    // Act
    const results = {
      min: accepts(schema, Array(min).fill(item)),
      belowMin: accepts(schema, Array(min - 1).fill(item)),
      max: accepts(schema, Array(max).fill(item)),
      aboveMax: accepts(schema, Array(max + 1).fill(item)),
    };

    // Assess
    expect(results).toEqual({ min: true, belowMin: false, max: true, aboveMax: false });
  });

  it('counts the entries of a map, bounds included', () => {
    // Prepare
    const schema = schemaOf('SipHeadersMap');
    const headers = (count: number) =>
      Object.fromEntries(Array.from({ length: count }, (_, index) => [`h${index}`, 'v']));

    // Act
    const results = [0, 20, 21].map((count) => accepts(schema, headers(count)));

    // Assess
    expect(results).toEqual([true, true, false]);
  });

  it.each([
    [
      'VoiceConnectorId',
      ['abcdef1234567890abcde', 'abcdef1234567890abcdef', '3f1c2a9e-5b7d-4c8e-9a1f-0d2b4c6e8a10'],
      [
        'abcdef1234567890abcd',
        'abcdef1234567890abcdefa',
        'ABCDEF1234567890ABCDEF',
        '3F1C2A9E-5B7D-4C8E-9A1F-0D2B4C6E8A10',
        '!abcdef1234567890abcdef!',
        '',
      ],
    ],
    ['NonEmptyString', ['x', ' x ', 'arn:aws:chime:us-east-1:123456789012:vc/abc'], ['', '   ', '\t', 'first\nsecond']],
    ['NonEmptyString128', ['6b1f3c2e-8a4d-4f7b-9c1e-2d5a7b9c0e14', 'a'], ['', '  ']],
    [
      'E164PhoneNumber',
      ['+12065550100', '12065550100', '+44', '+123456789012345'],
      ['+1', '+0123', '+1234567890123456', '+1 206 555 0100', 'tel:+12065550100', ''],
    ],
    ['VoiceConnectorName', ['Contact Center', 'a_b.c-d 1'], ['', 'name/with/slash', 'my/name!', 'émigré']],
    ['Country', ['', 'US', 'GB'], ['us', 'USA', 'U']],
    ['AreaCode', ['', '206'], ['20', '2065', 'abc']],
    ['ProxySessionNameString', ['', 'Order 1042', 'a'.repeat(30)], ['a'.repeat(31), 'Order-1042', 'Ordér']],
    // Only the `u` flag refuses `\:`; these compile without it and still match as a whole.
    ['Arn', ['arn:aws:chime:us-east-1:123456789012:vc/abc'], ['xarn:aws', 'arn:aws chime']],
    ['PhoneNumberName', ['', 'Front desk', 'a,b.c_d-e'], [' leading', 'trailing ', 'semi;colon']],
    ['S3BucketName', ['my-bucket'], ['xn--bucket', 'bucket-s3alias', 'My-Bucket']],
  ] as const)('applies the pattern of %s to the whole string', (name, valid, invalid) => {
    // Prepare
    const schema = schemaOf(name);

    // Act
    const acceptedValid = valid.filter((value) => accepts(schema, value));
    const acceptedInvalid = invalid.filter((value) => accepts(schema, value));

    // Assess
    expect(acceptedValid).toEqual([...valid]);
    expect(acceptedInvalid).toEqual([]);
  });

  it('applies no pattern to ClientRequestId, whose model pattern is not a valid ECMAScript expression', () => {
    // Prepare
    const pattern = modelShape('ClientRequestId').pattern ?? '';

    // Act
    const compile = () => new RegExp(pattern);

    // Assess
    expect(compile).toThrow(SyntaxError);
    expect(accepts(schemaOf('ClientRequestId'), 'any value at all')).toBe(true);
  });

  it('reads timestamps as ISO-8601 strings, never as epoch numbers', () => {
    // Prepare
    const schema = schemaOf('Iso8601Timestamp');

    // Act
    const results = {
      utc: accepts(schema, '2024-05-01T12:34:56.789Z'),
      offset: accepts(schema, '2024-05-01T12:34:56+01:00'),
      epoch: accepts(schema, 1714566896),
      date: accepts(schema, new Date()),
      dateOnly: accepts(schema, '2024-05-01'),
    };

    // Assess
    expect(results).toEqual({ utc: true, offset: true, epoch: false, date: false, dateOnly: false });
  });

  it('marks exactly the shapes the model calls sensitive', () => {
    // Act
    const marked = SHAPE_NAMES.filter((name) => isSensitiveSchema(schemaOf(name)));

    // Assess
    expect(marked).toEqual(SHAPE_NAMES.filter((name) => modelShape(name).sensitive === true));
    expect(marked).toEqual(expect.arrayContaining(['E164PhoneNumber', 'SensitiveString', 'TagKey', 'TagValue']));
  });
});
