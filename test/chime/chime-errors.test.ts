import {
  AccessDeniedException,
  BadRequestException,
  ChimeSDKVoiceServiceException,
  NotFoundException,
  ServiceFailureException,
  ThrottledClientException,
} from '@aws-sdk/client-chime-sdk-voice';
import { describe, expect, it } from 'vitest';
import {
  ChimeAccessDeniedError,
  ChimeBadRequestError,
  type ChimeErrorContext,
  ChimeInvalidResponseError,
  ChimeThrottledError,
  ChimeUnavailableError,
  toChimeError,
  VoiceConnectorNotFoundError,
} from '../../src/chime/chime-errors';

const CONTEXT: ChimeErrorContext = {
  operation: 'GetVoiceConnectorTermination',
  region: 'eu-west-2',
  voiceConnectorId: 'abcdef1234567890abcdef',
};
const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

function unmodelled(name: string, httpStatusCode: number, fault: 'client' | 'server') {
  return new ChimeSDKVoiceServiceException({
    name,
    $fault: fault,
    ...metadata(httpStatusCode),
    message: `${name} happened`,
  });
}

function systemError(code: string, name = 'Error'): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code, name });
}

describe('toChimeError', () => {
  it('maps NotFoundException to a not-found error naming the connector and region', () => {
    // Prepare
    const error = new NotFoundException({ message: 'Voice connector not found.', ...metadata(404) });

    // Act
    const mapped = toChimeError(error, CONTEXT);

    // Assess
    expect(mapped).toBeInstanceOf(VoiceConnectorNotFoundError);
    expect(mapped.message).toBe('Voice connector abcdef1234567890abcdef was not found in eu-west-2.');
    expect(mapped.cause).toBe(error);
    expect(mapped.context).toEqual({
      ...CONTEXT,
      awsErrorName: 'NotFoundException',
      awsMessage: 'Voice connector not found.',
    });
  });

  it('keeps the AWS names and message but never changes the context it was given', () => {
    // Prepare
    const context = { ...CONTEXT };

    // Act
    toChimeError(new BadRequestException({ message: 'nope', ...metadata(400) }), context);

    // Assess
    expect(context).toEqual(CONTEXT);
  });

  it('maps AccessDeniedException to the IAM action the bot lacks', () => {
    // Act
    const mapped = toChimeError(new AccessDeniedException({ message: 'denied', ...metadata(403) }), {
      ...CONTEXT,
      operation: 'PutVoiceConnectorTerminationCredentials',
    });

    // Assess
    expect(mapped).toBeInstanceOf(ChimeAccessDeniedError);
    expect((mapped as ChimeAccessDeniedError).iamAction).toBe('chime:PutVoiceConnectorTerminationCredentials');
  });

  it.each([
    'InvalidSignatureException',
    'UnrecognizedClientException',
    'ExpiredTokenException',
    'MissingAuthenticationTokenException',
  ])('maps %s to access denied, blaming the credentials rather than the role', (name) => {
    // Act
    const mapped = toChimeError(unmodelled(name, 403, 'client'), CONTEXT);

    // Assess
    expect(mapped).toBeInstanceOf(ChimeAccessDeniedError);
    expect(mapped.message).toBe(
      `AWS did not accept the bot's credentials for chime:GetVoiceConnectorTermination in eu-west-2 (${name}).`,
    );
  });

  it('maps ThrottledClientException, and any other 429, to throttled', () => {
    // Act
    const modelled = toChimeError(new ThrottledClientException({ message: 'slow down', ...metadata(429) }), CONTEXT);
    const other = toChimeError(unmodelled('TooManyRequests', 429, 'client'), CONTEXT);

    // Assess
    expect(modelled).toBeInstanceOf(ChimeThrottledError);
    expect(other).toBeInstanceOf(ChimeThrottledError);
  });

  it('maps a 5xx to unavailable, and advises a check after a failed put', () => {
    // Act
    const read = toChimeError(new ServiceFailureException({ message: 'boom', ...metadata(500) }), CONTEXT);
    const put = toChimeError(new ServiceFailureException({ message: 'boom', ...metadata(500) }), {
      ...CONTEXT,
      operation: 'PutVoiceConnectorOrigination',
    });
    const other = toChimeError(unmodelled('BadGateway', 502, 'server'), CONTEXT);

    // Assess
    expect(read).toBeInstanceOf(ChimeUnavailableError);
    expect(read.message).toBe(
      'Chime SDK Voice in eu-west-2 failed to handle GetVoiceConnectorTermination. Try again shortly.',
    );
    expect(put.message).toMatch(/The change may have been applied: check the current settings before trying again\.$/);
    expect(other).toBeInstanceOf(ChimeUnavailableError);
  });

  it('maps an unmodelled 4xx to a bad request carrying its message', () => {
    // Act
    const mapped = toChimeError(unmodelled('ValidationException', 400, 'client'), CONTEXT);

    // Assess
    expect(mapped).toBeInstanceOf(ChimeBadRequestError);
    expect(mapped.message).toBe(
      'Chime rejected GetVoiceConnectorTermination for voice connector abcdef1234567890abcdef in eu-west-2: ValidationException happened.',
    );
  });

  it('names the exception when AWS sent no message', () => {
    // Act
    const mapped = toChimeError(new BadRequestException({ message: '', ...metadata(400) }), CONTEXT);

    // Assess
    expect(mapped.message).toBe(
      'Chime rejected GetVoiceConnectorTermination for voice connector abcdef1234567890abcdef in eu-west-2: (BadRequestException).',
    );
  });

  it('maps network failures and timeouts to unavailable, without an AWS error name', () => {
    // Act
    const refused = toChimeError(systemError('ECONNREFUSED'), {
      ...CONTEXT,
      operation: 'PutVoiceConnectorOrigination',
    });
    const reset = toChimeError(systemError('ECONNRESET'), { ...CONTEXT, operation: 'PutVoiceConnectorOrigination' });
    const timeout = toChimeError(systemError('ETIMEDOUT', 'TimeoutError'), CONTEXT);

    // Assess
    expect(refused.message).toBe(
      'Chime SDK Voice in eu-west-2 could not be reached for PutVoiceConnectorOrigination. Try again shortly.',
    );
    expect(reset.message).toMatch(/The change may have been applied/);
    expect(timeout.message).toBe(
      'Chime SDK Voice in eu-west-2 did not answer GetVoiceConnectorTermination in time. Try again shortly.',
    );
    for (const mapped of [refused, reset, timeout]) {
      expect(mapped).toBeInstanceOf(ChimeUnavailableError);
      expect(mapped.context.awsErrorName).toBeUndefined();
    }
  });

  it('maps a success response the SDK could not parse to an invalid response', () => {
    // Prepare
    const error = Object.assign(new TypeError('Invalid RFC-3339 date-time value'), metadata(200));

    // Act
    const mapped = toChimeError(error, CONTEXT);

    // Assess
    expect(mapped).toBeInstanceOf(ChimeInvalidResponseError);
  });

  it('names the proxy session when one was asked for', () => {
    // Act
    const mapped = toChimeError(new NotFoundException({ message: 'not found', ...metadata(404) }), {
      ...CONTEXT,
      operation: 'GetProxySession',
      proxySessionId: 'order-42',
    });

    // Assess
    expect(mapped.message).toBe(
      'Proxy session order-42 was not found on voice connector abcdef1234567890abcdef in eu-west-2.',
    );
  });

  it('passes a Chime error through unchanged', () => {
    // Prepare
    const original = new ChimeThrottledError('Throttled.', CONTEXT);

    // Act
    const mapped = toChimeError(original, CONTEXT);

    // Assess
    expect(mapped).toBe(original);
  });
});
