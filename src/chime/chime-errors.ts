import type { ChimeRegion } from './regions';

/** The Chime SDK Voice operations the bot calls, named as in the service model and in IAM (`chime:<name>`). */
export type ChimeOperation =
  | 'GetVoiceConnectorTermination'
  | 'GetVoiceConnectorProxy'
  | 'GetProxySession'
  | 'GetVoiceConnectorOrigination'
  | 'PutVoiceConnectorOrigination'
  | 'ListVoiceConnectorTerminationCredentials'
  | 'PutVoiceConnectorTerminationCredentials'
  | 'ListVoiceConnectors';

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
