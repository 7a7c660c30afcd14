import { describe, expect, it } from 'vitest';
import {
  CreateProxySessionRequestSchema,
  codePointLength,
  describeModelViolations,
  formatMemberPath,
  GetProxySessionResponseSchema,
  isE164PhoneNumber,
  isProxySessionId,
  isVoiceConnectorId,
  isVoiceConnectorName,
  ORIGINATION_ROUTE_PRIORITY_RANGE,
  ORIGINATION_ROUTE_PROTOCOLS,
  ORIGINATION_ROUTE_WEIGHT_RANGE,
  PORT_RANGE,
  PutVoiceConnectorOriginationRequestSchema,
  PutVoiceConnectorTerminationCredentialsRequestSchema,
  REDACTED,
  RESULT_MAX_RANGE,
  redactSensitive,
  SipHeadersMapSchema,
  TerminationSchema,
  wholeStringPattern,
} from '../../src/chime/model-schemas';
import { CHIME_REGIONS, isChimeRegion } from '../../src/chime/regions';
import { SERVICE_MODEL } from '../support/service-model';

describe('ranges and choices the bot validates forms with', () => {
  it('takes them from the model: port, priority, weight, protocol and page size', () => {
    // Act
    const taken = {
      port: PORT_RANGE,
      priority: ORIGINATION_ROUTE_PRIORITY_RANGE,
      weight: ORIGINATION_ROUTE_WEIGHT_RANGE,
      protocols: ORIGINATION_ROUTE_PROTOCOLS,
      pageSize: RESULT_MAX_RANGE,
    };

    // Assess
    expect(taken).toEqual({
      port: { min: 0, max: 65535 },
      priority: { min: 1, max: 100 },
      weight: { min: 1, max: 100 },
      protocols: SERVICE_MODEL.shapes.OriginationRouteProtocol?.enum,
      pageSize: { min: 1, max: 100 },
    });
  });

  it('uses the ten Chime regions of VoiceConnectorAwsRegion, in the model order', () => {
    // Act
    const regions = [...CHIME_REGIONS];

    // Assess
    expect(regions).toEqual(SERVICE_MODEL.shapes.VoiceConnectorAwsRegion?.enum);
    expect(regions).toHaveLength(10);
    expect([isChimeRegion('eu-west-2'), isChimeRegion('eu-west-3'), isChimeRegion('EU-WEST-2')]).toEqual([
      true,
      false,
      false,
    ]);
  });
});

describe('whole-string matching of model patterns', () => {
  // The model's patterns are ECMA-262 and not anchored; under search semantics a value containing
  // any valid substring would pass. AWS's services match the whole value, and so do we.
  it('rejects a voice connector name that only contains a valid name', () => {
    // Prepare
    const value = 'my/name!';

    // Act
    const searchSemantics = /[a-zA-Z0-9 _.-]+/.test(value);
    const ours = isVoiceConnectorName(value);

    // Assess
    expect(searchSemantics).toBe(true);
    expect(ours).toBe(false);
  });

  it('rejects a voice connector ID with extra characters around a valid one', () => {
    // Prepare
    const value = '!abcdef1234567890abcdef!';

    // Act
    const searchSemantics = /([a-z0-9]{21,22}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/.test(
      value,
    );
    const ours = isVoiceConnectorId(value);

    // Assess
    expect(searchSemantics).toBe(true);
    expect(ours).toBe(false);
  });

  it('rejects a multi-line value for .*\\S.*, since . does not match a line break', () => {
    // Prepare
    const value = 'first\nsecond';

    // Act
    const searchSemantics = /.*\S.*/.test(value);
    const ours = isProxySessionId(value);

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
    expect(pattern.unicode).toBe(true);
    expect(results).toEqual([true, true, false, false, false]);
  });

  it('compiles without the u flag a pattern that only the u flag refuses, such as an escaped colon', () => {
    // Prepare
    const pattern = wholeStringPattern('^arn[\\/\\:\\-\\_\\.a-zA-Z0-9]+$');

    // Act
    const results = ['arn:aws:chime', 'xarn:aws'].map((value) => pattern.test(value));

    // Assess
    expect(pattern.unicode).toBe(false);
    expect(results).toEqual([true, false]);
  });

  it('gives the same answer either way for an already anchored pattern such as E.164', () => {
    // Prepare
    const values = ['+12065550100', 'tel:+12065550100', '+12065550100 ext 5'];

    // Act
    const searchSemantics = values.map((value) => /^\+?[1-9]\d{1,14}$/.test(value));
    const ours = values.map(isE164PhoneNumber);

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

describe('redactSensitive', () => {
  it('redacts the username and password of every credential, and nothing else', () => {
    // Prepare
    const request = {
      VoiceConnectorId: 'abcdef1234567890abcdef',
      Credentials: [
        { Username: 'sbc-primary', Password: 'first-secret' },
        { Username: 'sbc-backup', Password: 'second-secret' },
      ],
    };

    // Act
    const redacted = redactSensitive(PutVoiceConnectorTerminationCredentialsRequestSchema, request);

    // Assess
    expect(redacted).toEqual({
      VoiceConnectorId: 'abcdef1234567890abcdef',
      Credentials: [
        { Username: REDACTED, Password: REDACTED },
        { Username: REDACTED, Password: REDACTED },
      ],
    });
    expect(request.Credentials[0]?.Password).toBe('first-secret');
  });

  it("redacts participants' numbers, keeping the rest of a proxy session", () => {
    // Prepare
    const response = {
      ProxySession: {
        ProxySessionId: '6b1f3c2e-8a4d-4f7b-9c1e-2d5a7b9c0e14',
        Name: 'Order 1042',
        Status: 'Open',
        Participants: [{ PhoneNumber: '+12065550123', ProxyPhoneNumber: '+12065550150' }],
      },
    };

    // Act
    const redacted = redactSensitive(GetProxySessionResponseSchema, response);

    // Assess
    expect(redacted).toEqual({
      ProxySession: {
        ProxySessionId: '6b1f3c2e-8a4d-4f7b-9c1e-2d5a7b9c0e14',
        Name: 'Order 1042',
        Status: 'Open',
        Participants: [{ PhoneNumber: REDACTED, ProxyPhoneNumber: REDACTED }],
      },
    });
  });

  it('redacts the default phone number of a termination but not its calling regions or CIDRs', () => {
    // Prepare
    const termination = {
      CpsLimit: 10,
      DefaultPhoneNumber: '+12065550100',
      CallingRegions: ['US'],
      CidrAllowedList: ['198.51.100.0/27'],
    };

    // Act
    const redacted = redactSensitive(TerminationSchema, termination);

    // Assess
    expect(redacted).toEqual({ ...termination, DefaultPhoneNumber: REDACTED });
  });

  it('redacts a whole map whose keys are sensitive', () => {
    // Act
    const redacted = redactSensitive(SipHeadersMapSchema, { 'X-Account': '12345' });

    // Assess
    expect(redacted).toBe(REDACTED);
  });
});
