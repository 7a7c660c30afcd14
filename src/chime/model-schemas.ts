import { z } from 'zod';
import { CHIME_REGIONS } from './regions';

/**
 * zod schemas for the Amazon Chime SDK Voice shapes that the bot and the emulator put on the wire,
 * derived by hand from `reference/chime-sdk-voice-2022-08-03.service-2.json` and checked against it
 * by `test/chime/model-schemas.test.ts`. Member names are PascalCase, as AWS sends them.
 *
 * How the model's constraints are applied:
 * - `pattern` is a whole-string match, `^(?:pattern)$`, as AWS's Coral services apply it (see the
 *   digest, "Pattern semantics"), even where the model's pattern is unanchored.
 * - string `min`/`max` count Unicode code points, not UTF-16 units; list `min`/`max` count items;
 *   every range is inclusive.
 * - `integer` is a 32-bit signed integer, as in Smithy.
 * - timestamps are ISO-8601 strings, as on the wire (the SDK turns them into `Date`s afterwards).
 *
 * Issue messages follow AWS's own wording ("Member must have value less than or equal to 65535") and
 * never quote the value, so a password or phone number cannot leak through a validation error.
 */

// ---------------------------------------------------------------------------------------------
// Constraints, as written in the model. Everything else in this file is built from these.
// ---------------------------------------------------------------------------------------------

export const VOICE_CONNECTOR_ID_PATTERN =
  '([a-z0-9]{21,22}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';
export const NON_EMPTY_STRING_PATTERN = '.*\\S.*';
export const VOICE_CONNECTOR_NAME_PATTERN = '[a-zA-Z0-9 _.-]+';
export const E164_PHONE_NUMBER_PATTERN = '^\\+?[1-9]\\d{1,14}$';
export const COUNTRY_PATTERN = '^$|^[A-Z]{2,2}$';
export const AREA_CODE_PATTERN = '^$|^[0-9]{3,3}$';
export const PROXY_SESSION_NAME_PATTERN = '^$|^[a-zA-Z0-9 ]{0,30}$';

export const VOICE_CONNECTOR_NAME_LENGTH = { min: 1, max: 256 } as const;
export const PROXY_SESSION_ID_LENGTH = { min: 1, max: 128 } as const;
export const PROXY_SESSION_NAME_OUTPUT_MAX_LENGTH = 128;
export const TAG_KEY_LENGTH = { min: 1, max: 128 } as const;
export const TAG_VALUE_LENGTH = { min: 0, max: 256 } as const;

export const PORT_RANGE = { min: 0, max: 65535 } as const;
export const ORIGINATION_ROUTE_PRIORITY_RANGE = { min: 1, max: 100 } as const;
export const ORIGINATION_ROUTE_WEIGHT_RANGE = { min: 1, max: 100 } as const;
export const CPS_LIMIT_MIN = 1;
export const POSITIVE_INTEGER_MIN = 1;
export const RESULT_MAX_RANGE = { min: 1, max: 100 } as const;

export const TAG_LIST_LENGTH = { min: 1, max: 50 } as const;
export const COUNTRY_LIST_LENGTH = { min: 1, max: 100 } as const;
/** A proxy session joins exactly two participants. */
export const PARTICIPANT_PHONE_NUMBER_COUNT = 2;

/** Smithy's `integer` is 32-bit signed. */
const INT32_RANGE = { min: -2_147_483_648, max: 2_147_483_647 } as const;

export const ORIGINATION_ROUTE_PROTOCOLS = ['TCP', 'UDP'] as const;
export const CAPABILITIES = ['Voice', 'SMS'] as const;
export const PROXY_SESSION_STATUSES = ['Open', 'InProgress', 'Closed'] as const;
export const NUMBER_SELECTION_BEHAVIORS = ['PreferSticky', 'AvoidSticky'] as const;
export const GEO_MATCH_LEVELS = ['Country', 'AreaCode'] as const;
export const VOICE_CONNECTOR_INTEGRATION_TYPES = [
  'CONNECT_CALL_TRANSFER_CONNECTOR',
  'CONNECT_ANALYTICS_CONNECTOR',
] as const;
export const NETWORK_TYPES = ['IPV4_ONLY', 'DUAL_STACK'] as const;
/** `VoiceConnectorAwsRegion`: the same ten regions as {@link CHIME_REGIONS}. */
export const VOICE_CONNECTOR_AWS_REGIONS = CHIME_REGIONS;

/** The constraints of one scalar or list shape, in the model's own terms (for the model test and for docs). */
export interface ModelConstraints {
  pattern?: string;
  min?: number;
  max?: number;
  enum?: readonly string[];
}

/** Every constrained scalar or list shape used by the operations here; unconstrained shapes have `{}`. */
export const MODEL_SHAPE_CONSTRAINTS = {
  VoiceConnectorId: { pattern: VOICE_CONNECTOR_ID_PATTERN },
  NonEmptyString: { pattern: NON_EMPTY_STRING_PATTERN },
  NonEmptyString128: { pattern: NON_EMPTY_STRING_PATTERN, ...PROXY_SESSION_ID_LENGTH },
  String128: { max: PROXY_SESSION_NAME_OUTPUT_MAX_LENGTH },
  String: {},
  SensitiveString: {},
  CallingRegion: {},
  E164PhoneNumber: { pattern: E164_PHONE_NUMBER_PATTERN },
  VoiceConnectorName: { pattern: VOICE_CONNECTOR_NAME_PATTERN, ...VOICE_CONNECTOR_NAME_LENGTH },
  VoiceConnectorAwsRegion: { enum: VOICE_CONNECTOR_AWS_REGIONS },
  VoiceConnectorIntegrationType: { enum: VOICE_CONNECTOR_INTEGRATION_TYPES },
  NetworkType: { enum: NETWORK_TYPES },
  TagKey: { ...TAG_KEY_LENGTH },
  TagValue: { ...TAG_VALUE_LENGTH },
  Boolean: {},
  Integer: {},
  PositiveInteger: { min: POSITIVE_INTEGER_MIN },
  CpsLimit: { min: CPS_LIMIT_MIN },
  Port: { ...PORT_RANGE },
  OriginationRoutePriority: { ...ORIGINATION_ROUTE_PRIORITY_RANGE },
  OriginationRouteWeight: { ...ORIGINATION_ROUTE_WEIGHT_RANGE },
  OriginationRouteProtocol: { enum: ORIGINATION_ROUTE_PROTOCOLS },
  Country: { pattern: COUNTRY_PATTERN },
  AreaCode: { pattern: AREA_CODE_PATTERN },
  ProxySessionNameString: { pattern: PROXY_SESSION_NAME_PATTERN },
  Capability: { enum: CAPABILITIES },
  NumberSelectionBehavior: { enum: NUMBER_SELECTION_BEHAVIORS },
  GeoMatchLevel: { enum: GEO_MATCH_LEVELS },
  ProxySessionStatus: { enum: PROXY_SESSION_STATUSES },
  ResultMax: { ...RESULT_MAX_RANGE },
  Iso8601Timestamp: {},
  SensitiveStringList: {},
  TagList: { ...TAG_LIST_LENGTH },
  OriginationRouteList: {},
  CallingRegionList: {},
  StringList: {},
  CredentialList: {},
  CountryList: { ...COUNTRY_LIST_LENGTH },
  ParticipantPhoneNumberList: { min: PARTICIPANT_PHONE_NUMBER_COUNT, max: PARTICIPANT_PHONE_NUMBER_COUNT },
  CapabilityList: {},
  Participants: {},
  VoiceConnectorList: {},
} as const satisfies Record<string, ModelConstraints>;

// ---------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------

/** A model pattern as AWS applies it: the whole value must match, not just a part of it. */
export function wholeStringPattern(modelPattern: string): RegExp {
  return new RegExp(`^(?:${modelPattern})$`, 'u');
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

function modelString(constraints: { pattern?: string; min?: number; max?: number } = {}) {
  let schema = z.string({ error: typeError('a string') });
  const { pattern, min, max } = constraints;
  if (min !== undefined) {
    schema = schema.refine((value) => codePointLength(value) >= min, {
      error: `Member must have length greater than or equal to ${min}`,
    });
  }
  if (max !== undefined) {
    schema = schema.refine((value) => codePointLength(value) <= max, {
      error: `Member must have length less than or equal to ${max}`,
    });
  }
  if (pattern !== undefined) {
    schema = schema.regex(wholeStringPattern(pattern), {
      error: `Member must satisfy regular expression pattern: ${pattern}`,
    });
  }
  return schema;
}

function modelInteger(range: { min?: number; max?: number } = {}) {
  const min = range.min ?? INT32_RANGE.min;
  const max = range.max ?? INT32_RANGE.max;
  return z
    .int32({ error: typeError('an integer') })
    .min(min, { error: `Member must have value greater than or equal to ${min}` })
    .max(max, { error: `Member must have value less than or equal to ${max}` });
}

function modelEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (issue) =>
      issue.input === undefined
        ? 'Member must not be null'
        : `Member must satisfy enum value set: [${values.join(', ')}]`,
  });
}

function modelList<T extends z.ZodType>(member: T, length: { min?: number; max?: number } = {}) {
  let schema = z.array(member, { error: typeError('a list') });
  if (length.min !== undefined) {
    schema = schema.min(length.min, { error: `Member must have length greater than or equal to ${length.min}` });
  }
  if (length.max !== undefined) {
    schema = schema.max(length.max, { error: `Member must have length less than or equal to ${length.max}` });
  }
  return schema;
}

function modelStructure<T extends z.ZodRawShape>(members: T) {
  return z.object(members, { error: typeError('a structure') });
}

// ---------------------------------------------------------------------------------------------
// Scalar shapes
// ---------------------------------------------------------------------------------------------

/** @example 'abcdef1234567890abcdef' */
export const VoiceConnectorIdSchema = modelString(MODEL_SHAPE_CONSTRAINTS.VoiceConnectorId);
export const NonEmptyStringSchema = modelString(MODEL_SHAPE_CONSTRAINTS.NonEmptyString);
/** Used for `ProxySessionId`. */
export const NonEmptyString128Schema = modelString(MODEL_SHAPE_CONSTRAINTS.NonEmptyString128);
export const String128Schema = modelString(MODEL_SHAPE_CONSTRAINTS.String128);
export const StringSchema = modelString();
export const SensitiveStringSchema = modelString();
/** The docs say ISO 3166-1 alpha-2, but the model sets no pattern. */
export const CallingRegionSchema = modelString();
/** `+` is optional; 2 to 15 digits, the first 1-9. @example '+12065550100' */
export const E164PhoneNumberSchema = modelString(MODEL_SHAPE_CONSTRAINTS.E164PhoneNumber);
export const VoiceConnectorNameSchema = modelString(MODEL_SHAPE_CONSTRAINTS.VoiceConnectorName);
export const VoiceConnectorAwsRegionSchema = modelEnum(VOICE_CONNECTOR_AWS_REGIONS);
export const VoiceConnectorIntegrationTypeSchema = modelEnum(VOICE_CONNECTOR_INTEGRATION_TYPES);
export const NetworkTypeSchema = modelEnum(NETWORK_TYPES);
export const TagKeySchema = modelString(MODEL_SHAPE_CONSTRAINTS.TagKey);
export const TagValueSchema = modelString(MODEL_SHAPE_CONSTRAINTS.TagValue);
export const BooleanSchema = z.boolean({ error: typeError('a boolean') });
export const IntegerSchema = modelInteger();
export const PositiveIntegerSchema = modelInteger(MODEL_SHAPE_CONSTRAINTS.PositiveInteger);
/** The model has no maximum: the account's quota sets it. */
export const CpsLimitSchema = modelInteger(MODEL_SHAPE_CONSTRAINTS.CpsLimit);
export const PortSchema = modelInteger(MODEL_SHAPE_CONSTRAINTS.Port);
export const OriginationRoutePrioritySchema = modelInteger(MODEL_SHAPE_CONSTRAINTS.OriginationRoutePriority);
export const OriginationRouteWeightSchema = modelInteger(MODEL_SHAPE_CONSTRAINTS.OriginationRouteWeight);
export const OriginationRouteProtocolSchema = modelEnum(ORIGINATION_ROUTE_PROTOCOLS);
/** Empty, or two upper-case letters. */
export const CountrySchema = modelString(MODEL_SHAPE_CONSTRAINTS.Country);
/** Empty, or three digits. */
export const AreaCodeSchema = modelString(MODEL_SHAPE_CONSTRAINTS.AreaCode);
/** The `Name` sent to CreateProxySession: at most 30 letters, digits and spaces. */
export const ProxySessionNameStringSchema = modelString(MODEL_SHAPE_CONSTRAINTS.ProxySessionNameString);
export const CapabilitySchema = modelEnum(CAPABILITIES);
export const NumberSelectionBehaviorSchema = modelEnum(NUMBER_SELECTION_BEHAVIORS);
export const GeoMatchLevelSchema = modelEnum(GEO_MATCH_LEVELS);
export const ProxySessionStatusSchema = modelEnum(PROXY_SESSION_STATUSES);
export const ResultMaxSchema = modelInteger(MODEL_SHAPE_CONSTRAINTS.ResultMax);
/** `timestampFormat: iso8601`: a string such as `2024-05-01T12:34:56.789Z`, never epoch seconds. */
export const Iso8601TimestampSchema = z.iso.datetime({
  offset: true,
  error: typeError('an ISO-8601 timestamp'),
});

// ---------------------------------------------------------------------------------------------
// Structures and lists
// ---------------------------------------------------------------------------------------------

export const TagSchema = modelStructure({ Key: TagKeySchema, Value: TagValueSchema });
export const TagListSchema = modelList(TagSchema, MODEL_SHAPE_CONSTRAINTS.TagList);

/**
 * A voice connector as AWS describes it.
 *
 * @example
 * {
 *   "VoiceConnectorId": "abcdef1234567890abcdef",
 *   "AwsRegion": "us-east-1",
 *   "Name": "Contact Center",
 *   "OutboundHostName": "abcdef1234567890abcdef.voiceconnector.chime.aws",
 *   "RequireEncryption": true,
 *   "CreatedTimestamp": "2024-05-01T12:34:56.789Z",
 *   "UpdatedTimestamp": "2024-05-01T12:34:56.789Z",
 *   "VoiceConnectorArn": "arn:aws:chime:us-east-1:123456789012:vc/abcdef1234567890abcdef"
 * }
 */
export const VoiceConnectorSchema = modelStructure({
  VoiceConnectorId: VoiceConnectorIdSchema.optional(),
  AwsRegion: VoiceConnectorAwsRegionSchema.optional(),
  Name: VoiceConnectorNameSchema.optional(),
  OutboundHostName: StringSchema.optional(),
  RequireEncryption: BooleanSchema.optional(),
  CreatedTimestamp: Iso8601TimestampSchema.optional(),
  UpdatedTimestamp: Iso8601TimestampSchema.optional(),
  VoiceConnectorArn: NonEmptyStringSchema.optional(),
  IntegrationType: VoiceConnectorIntegrationTypeSchema.optional(),
  NetworkType: NetworkTypeSchema.optional(),
});
export const VoiceConnectorListSchema = modelList(VoiceConnectorSchema);

export const CallingRegionListSchema = modelList(CallingRegionSchema);
export const StringListSchema = modelList(StringSchema);

/**
 * Termination settings. No member is required by the model.
 *
 * @example
 * {
 *   "CpsLimit": 10,
 *   "DefaultPhoneNumber": "+12065550100",
 *   "CallingRegions": ["US", "CA"],
 *   "CidrAllowedList": ["198.51.100.0/27"],
 *   "Disabled": false
 * }
 */
export const TerminationSchema = modelStructure({
  CpsLimit: CpsLimitSchema.optional(),
  DefaultPhoneNumber: E164PhoneNumberSchema.optional(),
  CallingRegions: CallingRegionListSchema.optional(),
  CidrAllowedList: StringListSchema.optional(),
  Disabled: BooleanSchema.optional(),
});

/**
 * One SIP route to a customer's SBC. No member is required by the model.
 *
 * @example
 * { "Host": "sbc1.example.com", "Port": 5061, "Protocol": "TCP", "Priority": 1, "Weight": 50 }
 */
export const OriginationRouteSchema = modelStructure({
  Host: StringSchema.optional(),
  Port: PortSchema.optional(),
  Protocol: OriginationRouteProtocolSchema.optional(),
  Priority: OriginationRoutePrioritySchema.optional(),
  Weight: OriginationRouteWeightSchema.optional(),
});
/** The docs mention 10 or 20 routes at most; the model sets no limit, so none is applied here. */
export const OriginationRouteListSchema = modelList(OriginationRouteSchema);

/**
 * Origination settings.
 *
 * @example
 * {
 *   "Routes": [{ "Host": "sbc1.example.com", "Port": 5061, "Protocol": "TCP", "Priority": 1, "Weight": 50 }],
 *   "Disabled": false
 * }
 */
export const OriginationSchema = modelStructure({
  Routes: OriginationRouteListSchema.optional(),
  Disabled: BooleanSchema.optional(),
});

/** A SIP digest credential. Both members are sensitive, and optional in the model. */
export const CredentialSchema = modelStructure({
  Username: SensitiveStringSchema.optional(),
  Password: SensitiveStringSchema.optional(),
});
export const CredentialListSchema = modelList(CredentialSchema);
export const SensitiveStringListSchema = modelList(SensitiveStringSchema);

/**
 * Proxy settings as AWS returns them.
 *
 * @example
 * { "DefaultSessionExpiryMinutes": 60, "Disabled": false, "FallBackPhoneNumber": "+12065550199", "PhoneNumberCountries": ["US"] }
 */
export const ProxySchema = modelStructure({
  DefaultSessionExpiryMinutes: IntegerSchema.optional(),
  Disabled: BooleanSchema.optional(),
  FallBackPhoneNumber: E164PhoneNumberSchema.optional(),
  PhoneNumberCountries: StringListSchema.optional(),
});

export const CountryListSchema = modelList(CountrySchema, MODEL_SHAPE_CONSTRAINTS.CountryList);
export const CapabilityListSchema = modelList(CapabilitySchema);
export const ParticipantPhoneNumberListSchema = modelList(
  E164PhoneNumberSchema,
  MODEL_SHAPE_CONSTRAINTS.ParticipantPhoneNumberList,
);

export const ParticipantSchema = modelStructure({
  PhoneNumber: E164PhoneNumberSchema.optional(),
  ProxyPhoneNumber: E164PhoneNumberSchema.optional(),
});
export const ParticipantsSchema = modelList(ParticipantSchema);

/** Both members are required but may be empty strings: "required" means present. */
export const GeoMatchParamsSchema = modelStructure({ Country: CountrySchema, AreaCode: AreaCodeSchema });

/**
 * A proxy session as AWS returns it.
 *
 * @example
 * {
 *   "VoiceConnectorId": "abcdef1234567890abcdef",
 *   "ProxySessionId": "3f1c2a9e-5b7d-4c8e-9a1f-0d2b4c6e8a10",
 *   "Name": "Order 1042",
 *   "Status": "Open",
 *   "ExpiryMinutes": 60,
 *   "Capabilities": ["Voice", "SMS"],
 *   "CreatedTimestamp": "2024-05-01T12:34:56.789Z",
 *   "UpdatedTimestamp": "2024-05-01T12:34:56.789Z",
 *   "Participants": [
 *     { "PhoneNumber": "+12065550123", "ProxyPhoneNumber": "+12065550150" },
 *     { "PhoneNumber": "+14255550111", "ProxyPhoneNumber": "+12065550150" }
 *   ],
 *   "NumberSelectionBehavior": "PreferSticky",
 *   "GeoMatchLevel": "Country",
 *   "GeoMatchParams": { "Country": "US", "AreaCode": "" }
 * }
 */
export const ProxySessionSchema = modelStructure({
  VoiceConnectorId: VoiceConnectorIdSchema.optional(),
  ProxySessionId: NonEmptyString128Schema.optional(),
  Name: String128Schema.optional(),
  Status: ProxySessionStatusSchema.optional(),
  ExpiryMinutes: PositiveIntegerSchema.optional(),
  Capabilities: CapabilityListSchema.optional(),
  CreatedTimestamp: Iso8601TimestampSchema.optional(),
  UpdatedTimestamp: Iso8601TimestampSchema.optional(),
  EndedTimestamp: Iso8601TimestampSchema.optional(),
  Participants: ParticipantsSchema.optional(),
  NumberSelectionBehavior: NumberSelectionBehaviorSchema.optional(),
  GeoMatchLevel: GeoMatchLevelSchema.optional(),
  GeoMatchParams: GeoMatchParamsSchema.optional(),
});

// ---------------------------------------------------------------------------------------------
// Operation inputs (URI and query members included, under their model member names) and outputs
// ---------------------------------------------------------------------------------------------

const voiceConnectorOnly = { VoiceConnectorId: VoiceConnectorIdSchema };

/** @example { "VoiceConnectorId": "abcdef1234567890abcdef" } */
export const GetVoiceConnectorTerminationRequestSchema = modelStructure({ ...voiceConnectorOnly });
/** @example { "Termination": { "CpsLimit": 10, "CallingRegions": ["US"], "Disabled": false } } */
export const GetVoiceConnectorTerminationResponseSchema = modelStructure({ Termination: TerminationSchema.optional() });

/** @example { "VoiceConnectorId": "abcdef1234567890abcdef", "Termination": { "CpsLimit": 10, "CallingRegions": ["US"] } } */
export const PutVoiceConnectorTerminationRequestSchema = modelStructure({
  ...voiceConnectorOnly,
  Termination: TerminationSchema,
});
export const PutVoiceConnectorTerminationResponseSchema = modelStructure({ Termination: TerminationSchema.optional() });

export const GetVoiceConnectorProxyRequestSchema = modelStructure({ ...voiceConnectorOnly });
/** @example { "Proxy": { "DefaultSessionExpiryMinutes": 60, "Disabled": false, "PhoneNumberCountries": ["US"] } } */
export const GetVoiceConnectorProxyResponseSchema = modelStructure({ Proxy: ProxySchema.optional() });

/**
 * @example
 * { "VoiceConnectorId": "abcdef1234567890abcdef", "DefaultSessionExpiryMinutes": 60, "PhoneNumberPoolCountries": ["US"] }
 */
export const PutVoiceConnectorProxyRequestSchema = modelStructure({
  ...voiceConnectorOnly,
  DefaultSessionExpiryMinutes: IntegerSchema,
  PhoneNumberPoolCountries: CountryListSchema,
  FallBackPhoneNumber: E164PhoneNumberSchema.optional(),
  Disabled: BooleanSchema.optional(),
});
export const PutVoiceConnectorProxyResponseSchema = modelStructure({ Proxy: ProxySchema.optional() });

/** @example { "VoiceConnectorId": "abcdef1234567890abcdef", "ProxySessionId": "3f1c2a9e-5b7d-4c8e-9a1f-0d2b4c6e8a10" } */
export const GetProxySessionRequestSchema = modelStructure({
  ...voiceConnectorOnly,
  ProxySessionId: NonEmptyString128Schema,
});
export const GetProxySessionResponseSchema = modelStructure({ ProxySession: ProxySessionSchema.optional() });

/**
 * @example
 * { "VoiceConnectorId": "abcdef1234567890abcdef", "ParticipantPhoneNumbers": ["+12065550123", "+14255550111"], "Capabilities": ["Voice"] }
 */
export const CreateProxySessionRequestSchema = modelStructure({
  ...voiceConnectorOnly,
  ParticipantPhoneNumbers: ParticipantPhoneNumberListSchema,
  Name: ProxySessionNameStringSchema.optional(),
  ExpiryMinutes: PositiveIntegerSchema.optional(),
  Capabilities: CapabilityListSchema,
  NumberSelectionBehavior: NumberSelectionBehaviorSchema.optional(),
  GeoMatchLevel: GeoMatchLevelSchema.optional(),
  GeoMatchParams: GeoMatchParamsSchema.optional(),
});
export const CreateProxySessionResponseSchema = modelStructure({ ProxySession: ProxySessionSchema.optional() });

export const GetVoiceConnectorOriginationRequestSchema = modelStructure({ ...voiceConnectorOnly });
export const GetVoiceConnectorOriginationResponseSchema = modelStructure({ Origination: OriginationSchema.optional() });

/**
 * @example
 * {
 *   "VoiceConnectorId": "abcdef1234567890abcdef",
 *   "Origination": {
 *     "Routes": [{ "Host": "sbc1.example.com", "Port": 5061, "Protocol": "TCP", "Priority": 1, "Weight": 50 }],
 *     "Disabled": false
 *   }
 * }
 */
export const PutVoiceConnectorOriginationRequestSchema = modelStructure({
  ...voiceConnectorOnly,
  Origination: OriginationSchema,
});
export const PutVoiceConnectorOriginationResponseSchema = modelStructure({ Origination: OriginationSchema.optional() });

export const ListVoiceConnectorTerminationCredentialsRequestSchema = modelStructure({ ...voiceConnectorOnly });
/** @example { "Usernames": ["sbc-primary", "sbc-backup"] } */
export const ListVoiceConnectorTerminationCredentialsResponseSchema = modelStructure({
  Usernames: SensitiveStringListSchema.optional(),
});

/**
 * The response is empty (204).
 *
 * @example
 * { "VoiceConnectorId": "abcdef1234567890abcdef", "Credentials": [{ "Username": "sbc-primary", "Password": "…" }] }
 */
export const PutVoiceConnectorTerminationCredentialsRequestSchema = modelStructure({
  ...voiceConnectorOnly,
  Credentials: CredentialListSchema.optional(),
});

/** The response is empty (204). @example { "VoiceConnectorId": "abcdef1234567890abcdef", "Usernames": ["sbc-backup"] } */
export const DeleteVoiceConnectorTerminationCredentialsRequestSchema = modelStructure({
  ...voiceConnectorOnly,
  Usernames: SensitiveStringListSchema,
});

/** `NextToken` travels as `next-token` and `MaxResults` as `max-results` in the query string. @example { "MaxResults": 10 } */
export const ListVoiceConnectorsRequestSchema = modelStructure({
  NextToken: StringSchema.optional(),
  MaxResults: ResultMaxSchema.optional(),
});
/** `NextToken` is absent on the last page. @example { "VoiceConnectors": [], "NextToken": "eyJvZmZzZXQiOjF9" } */
export const ListVoiceConnectorsResponseSchema = modelStructure({
  VoiceConnectors: VoiceConnectorListSchema.optional(),
  NextToken: StringSchema.optional(),
});

export const GetVoiceConnectorRequestSchema = modelStructure({ ...voiceConnectorOnly });
export const GetVoiceConnectorResponseSchema = modelStructure({ VoiceConnector: VoiceConnectorSchema.optional() });

/** @example { "Name": "Contact Center", "AwsRegion": "us-east-1", "RequireEncryption": true } */
export const CreateVoiceConnectorRequestSchema = modelStructure({
  Name: VoiceConnectorNameSchema,
  AwsRegion: VoiceConnectorAwsRegionSchema.optional(),
  RequireEncryption: BooleanSchema,
  Tags: TagListSchema.optional(),
  IntegrationType: VoiceConnectorIntegrationTypeSchema.optional(),
  NetworkType: NetworkTypeSchema.optional(),
});
export const CreateVoiceConnectorResponseSchema = modelStructure({ VoiceConnector: VoiceConnectorSchema.optional() });

/** Every schema above, under its model shape name (the model test walks this). */
export const MODEL_SHAPE_SCHEMAS = {
  VoiceConnectorId: VoiceConnectorIdSchema,
  NonEmptyString: NonEmptyStringSchema,
  NonEmptyString128: NonEmptyString128Schema,
  String128: String128Schema,
  String: StringSchema,
  SensitiveString: SensitiveStringSchema,
  CallingRegion: CallingRegionSchema,
  E164PhoneNumber: E164PhoneNumberSchema,
  VoiceConnectorName: VoiceConnectorNameSchema,
  VoiceConnectorAwsRegion: VoiceConnectorAwsRegionSchema,
  VoiceConnectorIntegrationType: VoiceConnectorIntegrationTypeSchema,
  NetworkType: NetworkTypeSchema,
  TagKey: TagKeySchema,
  TagValue: TagValueSchema,
  Boolean: BooleanSchema,
  Integer: IntegerSchema,
  PositiveInteger: PositiveIntegerSchema,
  CpsLimit: CpsLimitSchema,
  Port: PortSchema,
  OriginationRoutePriority: OriginationRoutePrioritySchema,
  OriginationRouteWeight: OriginationRouteWeightSchema,
  OriginationRouteProtocol: OriginationRouteProtocolSchema,
  Country: CountrySchema,
  AreaCode: AreaCodeSchema,
  ProxySessionNameString: ProxySessionNameStringSchema,
  Capability: CapabilitySchema,
  NumberSelectionBehavior: NumberSelectionBehaviorSchema,
  GeoMatchLevel: GeoMatchLevelSchema,
  ProxySessionStatus: ProxySessionStatusSchema,
  ResultMax: ResultMaxSchema,
  Iso8601Timestamp: Iso8601TimestampSchema,
  Tag: TagSchema,
  TagList: TagListSchema,
  VoiceConnector: VoiceConnectorSchema,
  VoiceConnectorList: VoiceConnectorListSchema,
  CallingRegionList: CallingRegionListSchema,
  StringList: StringListSchema,
  Termination: TerminationSchema,
  OriginationRoute: OriginationRouteSchema,
  OriginationRouteList: OriginationRouteListSchema,
  Origination: OriginationSchema,
  Credential: CredentialSchema,
  CredentialList: CredentialListSchema,
  SensitiveStringList: SensitiveStringListSchema,
  Proxy: ProxySchema,
  CountryList: CountryListSchema,
  CapabilityList: CapabilityListSchema,
  ParticipantPhoneNumberList: ParticipantPhoneNumberListSchema,
  Participant: ParticipantSchema,
  Participants: ParticipantsSchema,
  GeoMatchParams: GeoMatchParamsSchema,
  ProxySession: ProxySessionSchema,
  GetVoiceConnectorTerminationRequest: GetVoiceConnectorTerminationRequestSchema,
  GetVoiceConnectorTerminationResponse: GetVoiceConnectorTerminationResponseSchema,
  PutVoiceConnectorTerminationRequest: PutVoiceConnectorTerminationRequestSchema,
  PutVoiceConnectorTerminationResponse: PutVoiceConnectorTerminationResponseSchema,
  GetVoiceConnectorProxyRequest: GetVoiceConnectorProxyRequestSchema,
  GetVoiceConnectorProxyResponse: GetVoiceConnectorProxyResponseSchema,
  PutVoiceConnectorProxyRequest: PutVoiceConnectorProxyRequestSchema,
  PutVoiceConnectorProxyResponse: PutVoiceConnectorProxyResponseSchema,
  GetProxySessionRequest: GetProxySessionRequestSchema,
  GetProxySessionResponse: GetProxySessionResponseSchema,
  CreateProxySessionRequest: CreateProxySessionRequestSchema,
  CreateProxySessionResponse: CreateProxySessionResponseSchema,
  GetVoiceConnectorOriginationRequest: GetVoiceConnectorOriginationRequestSchema,
  GetVoiceConnectorOriginationResponse: GetVoiceConnectorOriginationResponseSchema,
  PutVoiceConnectorOriginationRequest: PutVoiceConnectorOriginationRequestSchema,
  PutVoiceConnectorOriginationResponse: PutVoiceConnectorOriginationResponseSchema,
  ListVoiceConnectorTerminationCredentialsRequest: ListVoiceConnectorTerminationCredentialsRequestSchema,
  ListVoiceConnectorTerminationCredentialsResponse: ListVoiceConnectorTerminationCredentialsResponseSchema,
  PutVoiceConnectorTerminationCredentialsRequest: PutVoiceConnectorTerminationCredentialsRequestSchema,
  DeleteVoiceConnectorTerminationCredentialsRequest: DeleteVoiceConnectorTerminationCredentialsRequestSchema,
  ListVoiceConnectorsRequest: ListVoiceConnectorsRequestSchema,
  ListVoiceConnectorsResponse: ListVoiceConnectorsResponseSchema,
  GetVoiceConnectorRequest: GetVoiceConnectorRequestSchema,
  GetVoiceConnectorResponse: GetVoiceConnectorResponseSchema,
  CreateVoiceConnectorRequest: CreateVoiceConnectorRequestSchema,
  CreateVoiceConnectorResponse: CreateVoiceConnectorResponseSchema,
} as const;

export type ModelShapeName = keyof typeof MODEL_SHAPE_SCHEMAS;

// ---------------------------------------------------------------------------------------------
// Wire types
// ---------------------------------------------------------------------------------------------

export type WireVoiceConnector = z.infer<typeof VoiceConnectorSchema>;
export type WireTermination = z.infer<typeof TerminationSchema>;
export type WireOriginationRoute = z.infer<typeof OriginationRouteSchema>;
export type WireOrigination = z.infer<typeof OriginationSchema>;
export type WireCredential = z.infer<typeof CredentialSchema>;
export type WireProxy = z.infer<typeof ProxySchema>;
export type WireParticipant = z.infer<typeof ParticipantSchema>;
export type WireProxySession = z.infer<typeof ProxySessionSchema>;

// ---------------------------------------------------------------------------------------------
// Checks the bot's own input validation reuses
// ---------------------------------------------------------------------------------------------

/** True if AWS would accept `value` as a voice connector ID (21-22 of `[a-z0-9]`, or a UUID). */
export function isVoiceConnectorId(value: string): boolean {
  return VoiceConnectorIdSchema.safeParse(value).success;
}

/** True if AWS would accept `value` as a proxy session ID (1-128 characters, not all white space). */
export function isProxySessionId(value: string): boolean {
  return NonEmptyString128Schema.safeParse(value).success;
}

/** True if `value` is an E.164 number as the model defines it (`+` optional, 2 to 15 digits). */
export function isE164PhoneNumber(value: string): boolean {
  return E164PhoneNumberSchema.safeParse(value).success;
}

/** True if `value` is a valid voice connector name (1-256 of letters, digits, space, `_`, `.`, `-`). */
export function isVoiceConnectorName(value: string): boolean {
  return VoiceConnectorNameSchema.safeParse(value).success;
}

/**
 * The path of a member as the caller named it, e.g. `Origination.Routes[0].Port`.
 */
export function formatMemberPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}

/**
 * One sentence per broken constraint, in the form AWS uses for a 400, naming each member and never
 * quoting its value (values may be passwords or phone numbers).
 *
 * @example
 * describeModelViolations(error)
 * // "1 validation error detected: Value at 'Origination.Routes[0].Port' failed to satisfy constraint: Member must have value less than or equal to 65535"
 */
export function describeModelViolations(error: z.ZodError): string {
  const violations = error.issues.map((issue) => {
    const member = formatMemberPath(issue.path);
    const where = member === '' ? 'Value' : `Value at '${member}'`;
    return `${where} failed to satisfy constraint: ${issue.message}`;
  });
  const count = violations.length;
  return `${count} validation error${count === 1 ? '' : 's'} detected: ${violations.join('; ')}`;
}
