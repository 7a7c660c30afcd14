import type * as ChimeModel from './chime-sdk-voice-schemas.generated';
import type { ChimeRegion } from './regions';

/** The Chime SDK Voice operations the bot calls, named as in the service model and in IAM (`chime:<name>`). */
/** Every operation of the service model: each has a `<Operation>RequestSchema` in the generated layer. */
export type ChimeOperation = OperationOf<keyof typeof ChimeModel>;
type OperationOf<Name> = Name extends `${infer Operation}RequestSchema` ? Operation : never;

export const ChimeErrorCode = {
  NotFound: 'chime_not_found',
  AccessDenied: 'chime_access_denied',
  Throttled: 'chime_throttled',
  Unavailable: 'chime_unavailable',
  BadRequest: 'chime_bad_request',
  InvalidResponse: 'chime_invalid_response',
} as const;
export type ChimeErrorCode = (typeof ChimeErrorCode)[keyof typeof ChimeErrorCode];

export interface ChimeErrorContext {
  operation: ChimeOperation;
  region: ChimeRegion;
  voiceConnectorId?: string;
  proxySessionId?: string;
  /** The AWS exception name (`NotFoundException`, …), recorded in the audit log. */
  awsErrorName?: string;
  /** AWS's own message, shown to the user for bad requests and recorded in the audit log. */
  awsMessage?: string;
}

/**
 * Base of every failure of a Chime call. `message` is a short sentence fit to show the person
 * who acted; `cause` keeps the SDK error for the logs.
 */
export abstract class ChimeError extends Error {
  abstract readonly code: ChimeErrorCode;
  readonly context: ChimeErrorContext;

  constructor(message: string, context: ChimeErrorContext, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.context = context;
  }
}

/** The connector (or proxy session) does not exist in that region. */
export class VoiceConnectorNotFoundError extends ChimeError {
  readonly code = ChimeErrorCode.NotFound;
}

/** The bot's IAM role lacks the action; `iamAction` is e.g. `chime:GetVoiceConnectorTermination`. */
export class ChimeAccessDeniedError extends ChimeError {
  readonly code = ChimeErrorCode.AccessDenied;
  get iamAction(): string {
    return `chime:${this.context.operation}`;
  }
}

/** AWS throttled the call and the SDK's retries did not get through. */
export class ChimeThrottledError extends ChimeError {
  readonly code = ChimeErrorCode.Throttled;
}

/** The service failed, was unavailable, or could not be reached (5xx, network, timeout). */
export class ChimeUnavailableError extends ChimeError {
  readonly code = ChimeErrorCode.Unavailable;
}

/** AWS refused the input (400): `context.awsMessage` says why. */
export class ChimeBadRequestError extends ChimeError {
  readonly code = ChimeErrorCode.BadRequest;
}

/** AWS answered with a shape that does not match the service model. */
export class ChimeInvalidResponseError extends ChimeError {
  readonly code = ChimeErrorCode.InvalidResponse;
}

const NOT_FOUND_ERRORS = new Set(['NotFoundException']);
const ACCESS_DENIED_ERRORS = new Set(['AccessDeniedException', 'ForbiddenException', 'UnauthorizedClientException']);
/** AWS's front door refusing the credentials themselves, before Chime sees the call. */
const CREDENTIAL_ERRORS = new Set([
  'MissingAuthenticationTokenException',
  'InvalidSignatureException',
  'IncompleteSignatureException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredTokenException',
  'CredentialsProviderError',
]);
const THROTTLED_ERRORS = new Set(['ThrottledClientException', 'ThrottlingException', 'TooManyRequestsException']);
const UNAVAILABLE_ERRORS = new Set(['ServiceFailureException', 'ServiceUnavailableException']);
const BAD_REQUEST_ERRORS = new Set([
  'BadRequestException',
  'ResourceLimitExceededException',
  'ConflictException',
  'GoneException',
  'UnprocessableEntityException',
]);
const TIMEOUT_ERRORS = new Set(['TimeoutError', 'AbortError', 'RequestTimeout']);

interface SdkErrorFacts {
  name: string;
  message: string;
  httpStatusCode?: number;
  /** Set by the SDK on modelled and unmodelled service exceptions (`client` or `server`). */
  fault?: string;
  /** Node's system error code (`ECONNREFUSED`, …) for network failures. */
  systemCode?: string;
}

function readSdkError(error: unknown): SdkErrorFacts {
  if (typeof error !== 'object' || error === null) return { name: 'Error', message: String(error) };
  const record = error as Record<string, unknown>;
  const metadata = record.$metadata as { httpStatusCode?: unknown } | undefined;
  return {
    name: typeof record.name === 'string' ? record.name : 'Error',
    message: typeof record.message === 'string' ? record.message : '',
    httpStatusCode: typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined,
    fault: typeof record.$fault === 'string' ? record.$fault : undefined,
    systemCode: typeof record.code === 'string' ? record.code : undefined,
  };
}

function target(context: ChimeErrorContext): string {
  return context.voiceConnectorId === undefined
    ? `in ${context.region}`
    : `for voice connector ${context.voiceConnectorId} in ${context.region}`;
}

function notFoundMessage(context: ChimeErrorContext): string {
  if (context.proxySessionId !== undefined) {
    return `Proxy session ${context.proxySessionId} was not found on voice connector ${context.voiceConnectorId ?? '(unknown)'} in ${context.region}.`;
  }
  if (context.voiceConnectorId !== undefined) {
    return `Voice connector ${context.voiceConnectorId} was not found in ${context.region}.`;
  }
  return `Chime SDK Voice found nothing to answer ${context.operation} in ${context.region}.`;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** A failed put may still have reached Chime, unless the connection was refused outright. */
function mayHaveBeenApplied(context: ChimeErrorContext, facts: SdkErrorFacts): boolean {
  return context.operation.startsWith('Put') && facts.systemCode !== 'ECONNREFUSED';
}

function unavailableMessage(context: ChimeErrorContext, facts: SdkErrorFacts): string {
  const service = `Chime SDK Voice in ${context.region}`;
  let message: string;
  if (facts.httpStatusCode !== undefined) message = `${service} failed to handle ${context.operation}.`;
  else if (TIMEOUT_ERRORS.has(facts.name)) message = `${service} did not answer ${context.operation} in time.`;
  else message = `${service} could not be reached for ${context.operation}.`;
  return mayHaveBeenApplied(context, facts)
    ? `${message} The change may have been applied: check the current settings before trying again.`
    : `${message} Try again shortly.`;
}

/**
 * Turns whatever the AWS SDK threw into the {@link ChimeError} the user should see. The SDK error
 * stays as `cause` for the logs; its name and AWS's message go into the context for the audit log.
 *
 * @example
 * try {
 *   await client.send(new GetVoiceConnectorTerminationCommand({ VoiceConnectorId: id }));
 * } catch (error) {
 *   throw toChimeError(error, { operation: 'GetVoiceConnectorTermination', region, voiceConnectorId: id });
 * }
 */
export function toChimeError(error: unknown, context: ChimeErrorContext): ChimeError {
  if (error instanceof ChimeError) return error;
  const facts = readSdkError(error);
  const fromAws = facts.fault !== undefined || CREDENTIAL_ERRORS.has(facts.name);
  const fullContext: ChimeErrorContext = fromAws
    ? { ...context, awsErrorName: facts.name, awsMessage: facts.message }
    : { ...context };
  const options = { cause: error };
  const status = facts.httpStatusCode;

  if (fromAws && NOT_FOUND_ERRORS.has(facts.name)) {
    return new VoiceConnectorNotFoundError(notFoundMessage(context), fullContext, options);
  }
  if (CREDENTIAL_ERRORS.has(facts.name)) {
    return new ChimeAccessDeniedError(
      `AWS did not accept the bot's credentials for chime:${context.operation} in ${context.region} (${facts.name}).`,
      fullContext,
      options,
    );
  }
  if (fromAws && (ACCESS_DENIED_ERRORS.has(facts.name) || status === 401 || status === 403)) {
    return new ChimeAccessDeniedError(
      `The bot is not allowed to call chime:${context.operation} in ${context.region}. Ask an administrator to grant it to the bot's IAM role.`,
      fullContext,
      options,
    );
  }
  if (fromAws && (THROTTLED_ERRORS.has(facts.name) || status === 429)) {
    return new ChimeThrottledError(
      `Chime is throttling requests in ${context.region}, so ${context.operation} did not go through. Try again in a minute.`,
      fullContext,
      options,
    );
  }
  if (fromAws && (UNAVAILABLE_ERRORS.has(facts.name) || (status !== undefined && status >= 500))) {
    return new ChimeUnavailableError(unavailableMessage(context, facts), fullContext, options);
  }
  if (fromAws && (BAD_REQUEST_ERRORS.has(facts.name) || (status !== undefined && status >= 400))) {
    const reason = facts.message.trim() === '' ? `(${facts.name})` : facts.message;
    return new ChimeBadRequestError(
      sentence(`Chime rejected ${context.operation} ${target(context)}: ${reason}`),
      fullContext,
      options,
    );
  }
  if (status !== undefined && status >= 200 && status < 300) {
    // The SDK could not parse a success response (e.g. a timestamp that is not ISO-8601).
    return new ChimeInvalidResponseError(
      `Chime SDK Voice answered ${context.operation} in ${context.region} with a response the bot could not read.`,
      fullContext,
      options,
    );
  }
  return new ChimeUnavailableError(unavailableMessage(context, facts), fullContext, options);
}
