import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkModelShape, describeViolations, modelShapeSchema, satisfiesModelShape } from '../src/model-validation';

describe('checkModelShape', () => {
  it('applies a pattern to the whole value, not to a part of it', () => {
    // Act
    const results = ['abcdef1234567890abcdef', '!abcdef1234567890abcdef!', 'ABCDEF1234567890ABCDEF'].map((id) =>
      satisfiesModelShape('VoiceConnectorId', id),
    );

    // Assess
    expect(results).toEqual([true, false, false]);
  });

  it('applies a pattern that only the u flag refuses (an escaped colon) without the flag', () => {
    // Act
    const results = ['arn:aws:chime:us-east-1:123456789012:vc/abc', 'xarn:aws'].map((arn) =>
      satisfiesModelShape('Arn', arn),
    );

    // Assess
    expect(results).toEqual([true, false]);
  });

  it('counts string lengths in code points, so 128 emoji fit a 128-character ID', () => {
    // Act
    const results = ['😀'.repeat(128), '😀'.repeat(129)].map((id) => satisfiesModelShape('NonEmptyString128', id));

    // Assess
    expect(results).toEqual([true, false]);
  });

  it('reads an integer as 32-bit, and a number with a fraction or a numeric string as no integer', () => {
    // Act
    const messages = [3e9, 5060.5, '5060'].map((port) => {
      const checked = checkModelShape('Port', port);
      return checked.ok ? [] : checked.violations.map((violation) => violation.message);
    });

    // Assess
    expect(messages).toEqual([
      ['Member must be an integer', 'Member must have value less than or equal to 65535'],
      ['Member must be an integer'],
      ['Member must be an integer'],
    ]);
  });

  it('names every broken member of a structure by its path, in the order of the model, and drops unknown members', () => {
    // Prepare
    const origination = {
      Routes: [
        { Host: 'sbc1.example.com', Port: 5061, Protocol: 'TCP', Priority: 1, Weight: 50, Extra: 'x' },
        { Host: 'sbc2.example.com', Port: 99999, Protocol: 'TLS', Priority: 1, Weight: 50 },
      ],
    };

    // Act
    const checked = checkModelShape('Origination', origination);
    const fixed = checkModelShape('Origination', { Routes: [origination.Routes[0]], Unknown: true });

    // Assess
    expect(checked).toEqual({
      ok: false,
      violations: [
        { path: ['Routes', 1, 'Port'], message: 'Member must have value less than or equal to 65535' },
        { path: ['Routes', 1, 'Protocol'], message: 'Member must satisfy enum value set: [TCP, UDP]' },
      ],
    });
    expect(fixed).toEqual({
      ok: true,
      value: { Routes: [{ Host: 'sbc1.example.com', Port: 5061, Protocol: 'TCP', Priority: 1, Weight: 50 }] },
    });
  });

  it('says a required member must not be null, and requires more members when asked', () => {
    // Act
    const request = checkModelShape('CreateProxySessionRequest', { VoiceConnectorId: 'abcdef1234567890abcdef' });
    const credential = checkModelShape('Credential', { Username: 'sbc-x' }, { require: ['Username', 'Password'] });

    // Assess
    expect(request.ok ? [] : request.violations).toEqual([
      { path: ['ParticipantPhoneNumbers'], message: 'Member must not be null' },
      { path: ['Capabilities'], message: 'Member must not be null' },
    ]);
    expect(credential.ok ? [] : credential.violations).toEqual([
      { path: ['Password'], message: 'Member must not be null' },
    ]);
  });

  it('reports the items of a list before its length, as AWS counts them', () => {
    // Act
    const checked = checkModelShape('ParticipantPhoneNumberList', ['+1 206 555 0123']);

    // Assess
    expect(checked.ok ? [] : checked.violations).toEqual([
      { path: [0], message: 'Member must satisfy regular expression pattern: ^\\+?[1-9]\\d{1,14}$' },
      { path: [], message: 'Member must have length greater than or equal to 2' },
    ]);
  });

  it('reads timestamps as ISO-8601 strings, never as epoch numbers', () => {
    // Act
    const results = ['2024-05-01T12:34:56.789Z', '2024-05-01T12:34:56+01:00', 1714566896, '2024-05-01'].map(
      (timestamp) => satisfiesModelShape('Iso8601Timestamp', timestamp),
    );

    // Assess
    expect(results).toEqual([true, true, false, false]);
  });
});

describe('describeViolations', () => {
  it('writes one sentence per violation in AWS wording, with list indexes in brackets', () => {
    // Prepare
    const checked = checkModelShape('PutVoiceConnectorOriginationRequest', {
      VoiceConnectorId: 'abcdef1234567890abcdef',
      Origination: { Routes: [{ Port: 70000, Protocol: 'SCTP' }] },
    });

    // Act
    const message = checked.ok ? '' : describeViolations(checked.violations);

    // Assess
    expect(message).toBe(
      "2 validation errors detected: Value at 'Origination.Routes[0].Port' failed to satisfy constraint: Member must have value less than or equal to 65535; " +
        "Value at 'Origination.Routes[0].Protocol' failed to satisfy constraint: Member must satisfy enum value set: [TCP, UDP]",
    );
  });

  it('never quotes the value, so passwords and phone numbers stay out of messages', () => {
    // Prepare
    const checked = checkModelShape('PutVoiceConnectorTerminationCredentialsRequest', {
      VoiceConnectorId: 'abcdef1234567890abcdef',
      Credentials: [{ Username: 'sbc-primary', Password: 987654321 }],
    });

    // Act
    const message = checked.ok ? '' : describeViolations(checked.violations);

    // Assess
    expect(message).toBe(
      "1 validation error detected: Value at 'Credentials[0].Password' failed to satisfy constraint: Member must be a string",
    );
  });
});

describe('modelShapeSchema', () => {
  it('turns each violation into a zod issue at the path of the member, below where the schema sits', () => {
    // Prepare
    const schema = z.object({ Connectors: z.array(modelShapeSchema('VoiceConnector', { require: ['Name'] })) });

    // Act
    const parsed = schema.safeParse({ Connectors: [{ VoiceConnectorId: 'Not-An-Id' }] });

    // Assess
    expect(parsed.error?.issues.map(({ path, message }) => ({ path, message }))).toEqual([
      {
        path: ['Connectors', 0, 'VoiceConnectorId'],
        message:
          'Member must satisfy regular expression pattern: ([a-z0-9]{21,22}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})',
      },
      { path: ['Connectors', 0, 'Name'], message: 'Member must not be null' },
    ]);
  });
});
