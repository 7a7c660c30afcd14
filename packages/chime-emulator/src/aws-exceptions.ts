/**
 * The exceptions of the Chime SDK Voice model, with the HTTP status the model gives each and the
 * `ErrorCode` value the emulator puts in the body's `Code` (the model has no such mapping; these are
 * the obvious pairs, see the digest §1).
 */
export const CHIME_EXCEPTIONS = {
  BadRequestException: {
    status: 400,
    code: 'BadRequest',
    message: "The input parameters don't match the service's restrictions.",
  },
  ResourceLimitExceededException: {
    status: 400,
    code: 'ResourceLimitExceeded',
    message: 'The request exceeds the resource limit.',
  },
  UnauthorizedClientException: {
    status: 401,
    code: 'Unauthorized',
    message: 'The client is not currently authorized to make the request.',
  },
  ForbiddenException: {
    status: 403,
    code: 'Forbidden',
    message: 'The client is permanently forbidden from making the request.',
  },
  AccessDeniedException: {
    status: 403,
    code: 'AccessDenied',
    message: 'You do not have permission to perform this action.',
  },
  NotFoundException: { status: 404, code: 'NotFound', message: 'The requested resource does not exist.' },
  ConflictException: {
    status: 409,
    code: 'Conflict',
    message: 'Multiple instances of the same request were made simultaneously.',
  },
  GoneException: { status: 410, code: 'Gone', message: 'Access to the target resource is no longer available.' },
  UnprocessableEntityException: {
    status: 422,
    code: 'Unprocessable',
    message: 'A well-formed request could not be processed.',
  },
  ThrottledClientException: {
    status: 429,
    code: 'Throttled',
    message: 'The number of customer requests exceeds the request rate limit.',
  },
  ServiceFailureException: {
    status: 500,
    code: 'ServiceFailure',
    message: 'The service encountered an unexpected error.',
  },
  ServiceUnavailableException: {
    status: 503,
    code: 'ServiceUnavailable',
    message: 'The service is currently unavailable.',
  },
} as const;

export type ChimeExceptionName = keyof typeof CHIME_EXCEPTIONS;

export const CHIME_EXCEPTION_NAMES = Object.keys(CHIME_EXCEPTIONS) as ChimeExceptionName[];

export function isChimeExceptionName(value: string): value is ChimeExceptionName {
  return Object.hasOwn(CHIME_EXCEPTIONS, value);
}

/**
 * An error the emulator answers on the wire. Modelled exceptions carry `Code`; the front door's
 * own errors (signature, unknown route) do not, as with AWS.
 */
export class EmulatedAwsError extends Error {
  readonly exceptionName: string;
  readonly status: number;
  readonly code: string | undefined;

  constructor(exceptionName: string, status: number, message: string, code?: string) {
    super(message);
    this.name = 'EmulatedAwsError';
    this.exceptionName = exceptionName;
    this.status = status;
    this.code = code;
  }

  static of(name: ChimeExceptionName, message?: string): EmulatedAwsError {
    const exception = CHIME_EXCEPTIONS[name];
    return new EmulatedAwsError(name, exception.status, message ?? exception.message, exception.code);
  }

  /** The JSON body AWS sends with this error. */
  body(): Record<string, string> {
    return this.code === undefined ? { message: this.message } : { Code: this.code, Message: this.message };
  }
}
