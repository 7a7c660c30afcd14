import { MODEL_SHAPES } from './chime-sdk-voice-model.generated';
import type { ShapeName } from './model-shapes';

/** The exceptions of the model: the shapes it gives an HTTP status. */
type ExceptionShapeName = {
  [Name in ShapeName]: (typeof MODEL_SHAPES)[Name] extends { readonly httpStatus: number } ? Name : never;
}[ShapeName];

/**
 * The usual wording of each exception of the model (the model has none; these are the obvious ones,
 * see the digest §1).
 */
const EXCEPTION_MESSAGES = {
  BadRequestException: "The input parameters don't match the service's restrictions.",
  ResourceLimitExceededException: 'The request exceeds the resource limit.',
  UnauthorizedClientException: 'The client is not currently authorized to make the request.',
  ForbiddenException: 'The client is permanently forbidden from making the request.',
  AccessDeniedException: 'You do not have permission to perform this action.',
  NotFoundException: 'The requested resource does not exist.',
  ConflictException: 'Multiple instances of the same request were made simultaneously.',
  GoneException: 'Access to the target resource is no longer available.',
  UnprocessableEntityException: 'A well-formed request could not be processed.',
  ThrottledClientException: 'The number of customer requests exceeds the request rate limit.',
  ServiceFailureException: 'The service encountered an unexpected error.',
  ServiceUnavailableException: 'The service is currently unavailable.',
} as const satisfies Record<ExceptionShapeName, string>;

/**
 * The `ErrorCode` value the emulator puts in the body's `Code` for an exception of the model (the
 * model has no such mapping): its name without `Exception`, and without the `Client` or `Entity` that
 * the model's ErrorCode values leave out (`Unauthorized`, `Throttled`, `Unprocessable`).
 */
function errorCodeOf(name: ExceptionShapeName): string {
  return name.replace(/(Client|Entity)?Exception$/, '');
}

export interface ChimeException {
  /** The HTTP status the model gives the exception. */
  status: number;
  code: string;
  message: string;
}

/** Every exception of the Chime SDK Voice model, with its status from the model and its `Code` and wording. */
export const CHIME_EXCEPTIONS = Object.fromEntries(
  Object.entries(EXCEPTION_MESSAGES).map(([name, message]) => [
    name,
    {
      status: MODEL_SHAPES[name as ExceptionShapeName].httpStatus,
      code: errorCodeOf(name as ExceptionShapeName),
      message,
    },
  ]),
) as Record<ExceptionShapeName, ChimeException>;

export type ChimeExceptionName = ExceptionShapeName;

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
