import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CreateProxySessionRequestSchema,
  codePointLength,
  describeModelViolations,
  E164PhoneNumberSchema,
  formatMemberPath,
  isE164PhoneNumber,
  isProxySessionId,
  isVoiceConnectorId,
  isVoiceConnectorName,
  MODEL_SHAPE_CONSTRAINTS,
  MODEL_SHAPE_SCHEMAS,
  type ModelConstraints,
  NON_EMPTY_STRING_PATTERN,
  NonEmptyStringSchema,
  PutVoiceConnectorOriginationRequestSchema,
  PutVoiceConnectorTerminationCredentialsRequestSchema,
  VOICE_CONNECTOR_ID_PATTERN,
  VOICE_CONNECTOR_NAME_PATTERN,
  VoiceConnectorIdSchema,
  VoiceConnectorNameSchema,
  wholeStringPattern,
} from '../../src/chime/model-schemas';
import { CHIME_REGIONS } from '../../src/chime/regions';

interface ModelMember {
  shape: string;
}
interface ModelShape {
  type: string;
  members?: Record<string, ModelMember>;
  member?: ModelMember;
  required?: string[];
  pattern?: string;
  min?: number;
  max?: number;
  enum?: string[];
}
interface ServiceModel {
  operations: Record<string, { input?: { shape: string }; output?: { shape: string } }>;
  shapes: Record<string, ModelShape>;
}

const model = JSON.parse(
  readFileSync(new URL('../../reference/chime-sdk-voice-2022-08-03.service-2.json', import.meta.url), 'utf8'),
) as ServiceModel;

const OPERATIONS = [
  'GetVoiceConnectorTermination',
  'GetVoiceConnectorProxy',
  'GetProxySession',
  'GetVoiceConnectorOrigination',
  'PutVoiceConnectorOrigination',
  'ListVoiceConnectorTerminationCredentials',
  'PutVoiceConnectorTerminationCredentials',
  'DeleteVoiceConnectorTerminationCredentials',
  'ListVoiceConnectors',
  'GetVoiceConnector',
  'CreateVoiceConnector',
  'PutVoiceConnectorTermination',
  'PutVoiceConnectorProxy',
  'CreateProxySession',
];

function modelShape(name: string): ModelShape {
  const shape = model.shapes[name];
  if (shape === undefined) throw new Error(`The model has no shape ${name}`);
  return shape;
}

function reachableShapes(): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const shape = modelShape(name);
    for (const member of Object.values(shape.members ?? {})) visit(member.shape);
    if (shape.member !== undefined) visit(shape.member.shape);
  };
  for (const operation of OPERATIONS) {
    const definition = model.operations[operation];
    if (definition === undefined) throw new Error(`The model has no operation ${operation}`);
    if (definition.input !== undefined) visit(definition.input.shape);
    if (definition.output !== undefined) visit(definition.output.shape);
  }
  return [...seen].sort();
}

const SHAPES = reachableShapes();
const STRUCTURES = SHAPES.filter((name) => modelShape(name).type === 'structure');
const SCALARS_AND_LISTS = SHAPES.filter((name) => modelShape(name).type !== 'structure');

function schemaOf(name: string): z.ZodType {
  const schema = (MODEL_SHAPE_SCHEMAS as Record<string, z.ZodType>)[name];
  if (schema === undefined) throw new Error(`model-schemas.ts has no schema for ${name}`);
  return schema;
}

function constraintsOf(name: string): ModelConstraints {
  const constraints = (MODEL_SHAPE_CONSTRAINTS as Record<string, ModelConstraints>)[name];
  if (constraints === undefined) throw new Error(`MODEL_SHAPE_CONSTRAINTS has no entry for ${name}`);
  return constraints;
}

function modelConstraints(shape: ModelShape): ModelConstraints {
  return {
    ...(shape.pattern === undefined ? {} : { pattern: shape.pattern }),
    ...(shape.min === undefined ? {} : { min: shape.min }),
    ...(shape.max === undefined ? {} : { max: shape.max }),
    ...(shape.enum === undefined ? {} : { enum: shape.enum }),
  };
}

function accepts(schema: z.ZodType, value: unknown): boolean {
  return schema.safeParse(value).success;
}

/** A character each length-constrained string shape accepts, to build values of a given length. */
const FILLERS: Record<string, string> = {
  VoiceConnectorName: 'a',
  // Astral characters: a code-point count accepts `max` of them, a UTF-16 count would not.
  NonEmptyString128: '😀',
  String128: '😀',
  TagKey: '😀',
  TagValue: '😀',
};

/** One valid member per length-constrained list shape. */
const LIST_ITEMS: Record<string, unknown> = {
  TagList: { Key: 'team', Value: 'voice' },
  CountryList: 'US',
  ParticipantPhoneNumberList: '+12065550123',
};

describe('model schemas against the service model', () => {
  it('covers every shape the fourteen operations use, and no other', () => {
    // Prepare
    const schemaNames = Object.keys(MODEL_SHAPE_SCHEMAS).sort();
    const constrainedNames = Object.keys(MODEL_SHAPE_CONSTRAINTS).sort();

    // Act
    const missingSchemas = SHAPES.filter((name) => !schemaNames.includes(name));
    const extraSchemas = schemaNames.filter((name) => !SHAPES.includes(name));

    // Assess
    expect(missingSchemas).toEqual([]);
    expect(extraSchemas).toEqual([]);
    expect(constrainedNames).toEqual(SCALARS_AND_LISTS);
  });

  it.each(SCALARS_AND_LISTS)('states the model constraints of %s exactly', (name) => {
    // Prepare
    const shape = modelShape(name);

    // Act
    const ours = constraintsOf(name);

    // Assess
    expect({ ...ours, ...(ours.enum === undefined ? {} : { enum: [...ours.enum] }) }).toEqual(modelConstraints(shape));
  });

  it.each(STRUCTURES)('gives %s the model members, required ones required, each with its shape schema', (name) => {
    // Prepare
    const shape = modelShape(name);
    const schema = schemaOf(name);
    if (!(schema instanceof z.ZodObject)) throw new Error(`${name} is not a zod object`);
    const members = schema.shape as Record<string, z.ZodType>;

    // Act
    const memberNames = Object.keys(members).sort();
    const required = memberNames.filter((member) => !(members[member] instanceof z.ZodOptional));
    const targets = Object.fromEntries(
      memberNames.map((member) => {
        const memberSchema = members[member];
        const inner = memberSchema instanceof z.ZodOptional ? memberSchema.unwrap() : memberSchema;
        return [member, inner];
      }),
    );

    // Assess
    expect(memberNames).toEqual(Object.keys(shape.members ?? {}).sort());
    expect(required).toEqual([...(shape.required ?? [])].sort());
    for (const [member, definition] of Object.entries(shape.members ?? {})) {
      expect(targets[member], `${name}.${member} should use the ${definition.shape} schema`).toBe(
        schemaOf(definition.shape),
      );
    }
  });

  it.each(SHAPES.filter((name) => modelShape(name).type === 'list'))('builds %s from its member shape', (name) => {
    // Prepare
    const shape = modelShape(name);
    const schema = schemaOf(name);

    // Act
    const element = schema instanceof z.ZodArray ? schema.element : undefined;

    // Assess
    expect(element).toBe(schemaOf(shape.member?.shape ?? ''));
  });

  it.each(SHAPES.filter((name) => modelShape(name).enum !== undefined))(
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

  it('uses the ten Chime regions for VoiceConnectorAwsRegion', () => {
    // Prepare
    const modelRegions = modelShape('VoiceConnectorAwsRegion').enum;

    // Act
    const ours = [...CHIME_REGIONS];

    // Assess
    expect(ours).toEqual(modelRegions);
  });

  it.each(SHAPES.filter((name) => modelShape(name).type === 'integer'))(
    'applies the inclusive range of %s to 32-bit integers',
    (name) => {
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
    },
  );

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

  it('covers every length-constrained string and list shape with a probe', () => {
    // Prepare
    const constrained = SHAPES.filter((name) => {
      const shape = modelShape(name);
      return (shape.type === 'string' || shape.type === 'list') && (shape.min !== undefined || shape.max !== undefined);
    });

    // Act
    const probed = [...Object.keys(FILLERS), ...Object.keys(LIST_ITEMS)].sort();

    // Assess
    expect(probed).toEqual(constrained.sort());
  });

  it.each(Object.keys(LIST_ITEMS))('counts the items of %s, bounds included', (name) => {
    // Prepare
    const shape = modelShape(name);
    const schema = schemaOf(name);
    const item = LIST_ITEMS[name];
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

  it.each([
    [
      'VoiceConnectorId',
      ['abcdef1234567890abcde', 'abcdef1234567890abcdef', '3f1c2a9e-5b7d-4c8e-9a1f-0d2b4c6e8a10'],
      [
        'abcdef1234567890abcd',
        'abcdef1234567890abcdefa',
        'ABCDEF1234567890ABCDEF',
        '3F1C2A9E-5B7D-4C8E-9A1F-0D2B4C6E8A10',
        '',
      ],
    ],
    ['NonEmptyString', ['x', ' x ', 'arn:aws:chime:us-east-1:123456789012:vc/abc'], ['', '   ', '\t']],
    ['NonEmptyString128', ['6b1f3c2e-8a4d-4f7b-9c1e-2d5a7b9c0e14', 'a'], ['', '  ']],
    [
      'E164PhoneNumber',
      ['+12065550100', '12065550100', '+44', '+123456789012345'],
      ['+1', '+0123', '+1234567890123456', '+1 206 555 0100', ''],
    ],
    ['VoiceConnectorName', ['Contact Center', 'a_b.c-d 1'], ['', 'name/with/slash', 'émigré']],
    ['Country', ['', 'US', 'GB'], ['us', 'USA', 'U']],
    ['AreaCode', ['', '206'], ['20', '2065', 'abc']],
    ['ProxySessionNameString', ['', 'Order 1042', 'a'.repeat(30)], ['a'.repeat(31), 'Order-1042', 'Ordér']],
  ] as const)('applies the pattern of %s', (name, valid, invalid) => {
    // Prepare
    const schema = schemaOf(name);

    // Act
    const acceptedValid = valid.filter((value) => accepts(schema, value));
    const acceptedInvalid = invalid.filter((value) => accepts(schema, value));

    // Assess
    expect(acceptedValid).toEqual([...valid]);
    expect(acceptedInvalid).toEqual([]);
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
});

describe('whole-string matching of model patterns', () => {
  // The model's patterns are ECMA-262 and not anchored; under search semantics a value containing
  // any valid substring would pass. AWS's services match the whole value (digest §1), and so do we.
  it('rejects a voice connector name that only contains a valid name', () => {
    // Prepare
    const value = 'my/name!';

    // Act
    const searchSemantics = new RegExp(VOICE_CONNECTOR_NAME_PATTERN).test(value);
    const ours = VoiceConnectorNameSchema.safeParse(value).success;

    // Assess
    expect(searchSemantics).toBe(true);
    expect(ours).toBe(false);
  });

  it('rejects a voice connector ID with extra characters around a valid one', () => {
    // Prepare
    const value = '!abcdef1234567890abcdef!';

    // Act
    const searchSemantics = new RegExp(VOICE_CONNECTOR_ID_PATTERN).test(value);
    const ours = VoiceConnectorIdSchema.safeParse(value).success;

    // Assess
    expect(searchSemantics).toBe(true);
    expect(ours).toBe(false);
  });

  it('rejects a multi-line value for .*\\S.*, since . does not match a line break', () => {
    // Prepare
    const value = 'first\nsecond';

    // Act
    const searchSemantics = new RegExp(NON_EMPTY_STRING_PATTERN).test(value);
    const ours = NonEmptyStringSchema.safeParse(value).success;

    // Assess
    expect(searchSemantics).toBe(true);
    expect(ours).toBe(false);
  });

  it('wraps a pattern in a non-capturing group so an alternation stays anchored on both sides', () => {
    // Prepare
    const pattern = wholeStringPattern('a|b');

    // Act
    const results = ['a', 'b', 'ab', 'xa', 'bx'].map((value) => pattern.test(value));

    // Assess
    expect(pattern.source).toBe('^(?:a|b)$');
    expect(results).toEqual([true, true, false, false, false]);
  });

  it('gives the same answer either way for an already anchored pattern such as E.164', () => {
    // Prepare
    const values = ['+12065550100', 'tel:+12065550100', '+12065550100 ext 5'];

    // Act
    const searchSemantics = values.map((value) => /^\+?[1-9]\d{1,14}$/.test(value));
    const ours = values.map((value) => E164PhoneNumberSchema.safeParse(value).success);

    // Assess
    expect(ours).toEqual(searchSemantics);
  });
});

describe('checks shared with the bot', () => {
  it('recognises voice connector IDs the way AWS does', () => {
    // Prepare
    const values = ['abcdef1234567890abcdef', 'abcdef1234567890abcde', 'abc', 'Abcdef1234567890abcdef'];

    // Act
    const results = values.map(isVoiceConnectorId);

    // Assess
    expect(results).toEqual([true, true, false, false]);
  });

  it('recognises proxy session IDs of 1 to 128 code points that are not blank', () => {
    // Prepare
    const values = ['6b1f3c2e-8a4d-4f7b-9c1e-2d5a7b9c0e14', '', '   ', 'x'.repeat(128), 'x'.repeat(129)];

    // Act
    const results = values.map(isProxySessionId);

    // Assess
    expect(results).toEqual([true, false, false, true, false]);
  });

  it('recognises E.164 numbers and voice connector names', () => {
    // Prepare
    const numbers = ['+12065550100', '206-555-0100'];
    const names = ['London Trading Floor', 'London/Trading'];

    // Act
    const results = [...numbers.map(isE164PhoneNumber), ...names.map(isVoiceConnectorName)];

    // Assess
    expect(results).toEqual([true, false, true, false]);
  });

  it('counts an emoji as one character', () => {
    // Prepare
    const value = 'a😀b';

    // Act
    const length = codePointLength(value);

    // Assess
    expect(value.length).toBe(4);
    expect(length).toBe(3);
  });
});

describe('describeModelViolations', () => {
  it('names each broken member with its path and the constraint, in AWS wording', () => {
    // Prepare
    const request = {
      VoiceConnectorId: 'abcdef1234567890abcdef',
      Origination: { Routes: [{ Host: 'sbc1.example.com', Port: 70000, Protocol: 'SCTP', Priority: 1, Weight: 1 }] },
    };

    // Act
    const error = PutVoiceConnectorOriginationRequestSchema.safeParse(request).error;

    // Assess
    expect(error && describeModelViolations(error)).toBe(
      "2 validation errors detected: Value at 'Origination.Routes[0].Port' failed to satisfy constraint: Member must have value less than or equal to 65535; " +
        "Value at 'Origination.Routes[0].Protocol' failed to satisfy constraint: Member must satisfy enum value set: [TCP, UDP]",
    );
  });

  it('says a missing required member must not be null', () => {
    // Prepare
    const request = { VoiceConnectorId: 'abcdef1234567890abcdef', Capabilities: ['Voice'] };

    // Act
    const error = CreateProxySessionRequestSchema.safeParse(request).error;

    // Assess
    expect(error && describeModelViolations(error)).toBe(
      "1 validation error detected: Value at 'ParticipantPhoneNumbers' failed to satisfy constraint: Member must not be null",
    );
  });

  it('never quotes the value, so passwords and phone numbers stay out of messages', () => {
    // Prepare
    const credentials = {
      VoiceConnectorId: 'abcdef1234567890abcdef',
      Credentials: [{ Username: 'sbc-primary', Password: 987654321 }],
    };
    const session = {
      VoiceConnectorId: 'abcdef1234567890abcdef',
      ParticipantPhoneNumbers: ['+1 206 555 0123', '+14255550111'],
      Capabilities: ['Voice'],
    };

    // Act
    const messages = [
      PutVoiceConnectorTerminationCredentialsRequestSchema.safeParse(credentials).error,
      CreateProxySessionRequestSchema.safeParse(session).error,
    ].map((error) => (error === undefined ? '' : describeModelViolations(error)));

    // Assess
    expect(messages[0]).toContain("'Credentials[0].Password'");
    expect(messages[0]).not.toContain('987654321');
    expect(messages[1]).toContain("'ParticipantPhoneNumbers[0]'");
    expect(messages[1]).not.toContain('206 555 0123');
  });

  it('formats member paths with list indexes in brackets', () => {
    // Prepare
    const path = ['Origination', 'Routes', 3, 'Host'];

    // Act
    const text = formatMemberPath(path);

    // Assess
    expect(text).toBe('Origination.Routes[3].Host');
  });
});
