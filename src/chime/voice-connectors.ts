import type { ChimeSDKVoiceClient } from '@aws-sdk/client-chime-sdk-voice';
import type { z } from 'zod';
import type { ChimeOperation } from './chime-errors';
import type { ChimeRegion } from './regions';
import type {
  Origination,
  ProxySession,
  ProxySettings,
  Termination,
  TerminationCredential,
  VoiceConnectorRef,
  VoiceConnectorSummary,
} from './voice-connector';

/**
 * The port through which the bot talks to Amazon Chime SDK Voice. Every method throws a
 * {@link ChimeError} subclass (see `chime-errors.ts`) for an AWS failure, never a raw SDK error.
 *
 * @example
 * const termination = await voiceConnectors.getTermination({ voiceConnectorId: 'abcdef1234567890abcdef', region: 'us-east-1' });
 */
export interface VoiceConnectors {
  getTermination(ref: VoiceConnectorRef): Promise<Termination>;
  getProxy(ref: VoiceConnectorRef): Promise<ProxySettings>;
  getProxySession(ref: VoiceConnectorRef, proxySessionId: string): Promise<ProxySession>;
  getOrigination(ref: VoiceConnectorRef): Promise<Origination>;
  /** Exactly one request on the wire: the SDK's retries are off for this call. */
  putOrigination(ref: VoiceConnectorRef, origination: Origination): Promise<Origination>;
  listTerminationCredentialUsernames(ref: VoiceConnectorRef): Promise<string[]>;
  /** Exactly one request on the wire: the SDK's retries are off for this call. */
  putTerminationCredentials(ref: VoiceConnectorRef, credentials: TerminationCredential[]): Promise<void>;
  /** Every connector in the region (all pages). */
  listVoiceConnectors(region: ChimeRegion): Promise<VoiceConnectorSummary[]>;
  /**
   * Any other Chime SDK Voice call, brought by the operation that needs it (its folder holds the
   * call, as the AWS SDK keeps one file per command): checked against the model's schemas before it
   * is sent and after it is answered, its errors mapped like every other call's.
   */
  send<Input extends object, Output>(call: ChimeCall<Input, Output>): Promise<Output | undefined>;
}

/**
 * One call to Chime SDK Voice, as an operation declares it.
 *
 * @example
 * const call: ChimeCall<GetVoiceConnectorTerminationHealthRequest, GetVoiceConnectorTerminationHealthResponse> = {
 *   operation: 'GetVoiceConnectorTerminationHealth',
 *   ref,
 *   input: { VoiceConnectorId: ref.voiceConnectorId },
 *   inputSchema: GetVoiceConnectorTerminationHealthRequestSchema,
 *   outputSchema: GetVoiceConnectorTerminationHealthResponseSchema,
 *   send: (client, input) => client.send(new GetVoiceConnectorTerminationHealthCommand(input)),
 * };
 */
export interface ChimeCall<Input extends object, Output> {
  /** The model's operation name: error messages name it, and the IAM action `chime:<operation>`. */
  operation: ChimeOperation;
  /** The connector (for messages and the audit log), or only the region for a call that names none. */
  ref: VoiceConnectorRef | { region: ChimeRegion };
  input: Input;
  inputSchema: z.ZodType<Input>;
  /** Absent for an operation that answers with no body. */
  outputSchema?: z.ZodType<Output>;
  /** A change: sent exactly once, with the SDK's retries off (default: a read, retried). */
  write?: boolean;
  /** Sends the SDK's command for this operation on the client given (read or write, per `write`). */
  send(client: ChimeSDKVoiceClient, input: Input): Promise<unknown>;
}

/** The input of a call that names only the connector (the reads of one connector's settings). */
export interface ConnectorInput {
  VoiceConnectorId: string;
}

/**
 * A read whose only input is the connector's ID: the operation, the model's schemas of its
 * request and response, and how to send the SDK's command.
 *
 * @example
 * const output = await voiceConnectors.send(
 *   connectorRead(ref, 'GetVoiceConnectorLoggingConfiguration', {
 *     request: GetVoiceConnectorLoggingConfigurationRequestSchema,
 *     response: GetVoiceConnectorLoggingConfigurationResponseSchema,
 *     send: (client, input) => client.send(new GetVoiceConnectorLoggingConfigurationCommand(input)),
 *   }),
 * );
 */
export function connectorRead<Output>(
  ref: VoiceConnectorRef,
  operation: ChimeOperation,
  call: {
    request: z.ZodType<ConnectorInput>;
    response: z.ZodType<Output>;
    send: ChimeCall<ConnectorInput, Output>['send'];
  },
): ChimeCall<ConnectorInput, Output> {
  return {
    operation,
    ref,
    input: { VoiceConnectorId: ref.voiceConnectorId },
    inputSchema: call.request,
    outputSchema: call.response,
    send: call.send,
  };
}
