import {
  GetVoiceConnectorLoggingConfigurationCommand,
  GetVoiceConnectorTerminationHealthCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import { VoiceConnectorNotFoundError } from '../../chime/chime-errors';
import {
  GetVoiceConnectorLoggingConfigurationRequestSchema,
  GetVoiceConnectorLoggingConfigurationResponseSchema,
  GetVoiceConnectorTerminationHealthRequestSchema,
  GetVoiceConnectorTerminationHealthResponseSchema,
} from '../../chime/model-schemas';
import type { VoiceConnectorRef } from '../../chime/voice-connector';
import { connectorRead, type VoiceConnectors } from '../../chime/voice-connectors';

/** The last SIP OPTIONS ping Chime received for the connector's termination. */
export interface TerminationHealthPing {
  timestamp?: Date;
  /** Where it came from; it may carry a port (`203.0.113.10:5060`). */
  source?: string;
}

/**
 * GetVoiceConnectorTerminationHealth. A `NotFoundException` or an empty answer means no ping was
 * recorded (a PBX that does not send OPTIONS shows none): `undefined`.
 *
 * @example
 * const ping = await getTerminationHealth(voiceConnectors, ref); // { timestamp, source: '203.0.113.10:5060' }
 */
export async function getTerminationHealth(
  voiceConnectors: VoiceConnectors,
  ref: VoiceConnectorRef,
): Promise<TerminationHealthPing | undefined> {
  try {
    const output = await voiceConnectors.send(
      connectorRead(ref, 'GetVoiceConnectorTerminationHealth', {
        request: GetVoiceConnectorTerminationHealthRequestSchema,
        response: GetVoiceConnectorTerminationHealthResponseSchema,
        send: (client, input) => client.send(new GetVoiceConnectorTerminationHealthCommand(input)),
      }),
    );
    const health = output?.TerminationHealth;
    if (health?.Timestamp === undefined && health?.Source === undefined) return undefined;
    return {
      ...(health.Timestamp !== undefined ? { timestamp: new Date(health.Timestamp) } : {}),
      ...(health.Source !== undefined ? { source: health.Source } : {}),
    };
  } catch (error) {
    if (error instanceof VoiceConnectorNotFoundError) return undefined;
    throw error;
  }
}

/** Whether Chime sends the connector's SIP messages and media metrics to CloudWatch Logs. */
export interface LoggingState {
  sipLogs: boolean;
  mediaMetricLogs: boolean;
}

/** GetVoiceConnectorLoggingConfiguration; an absent flag is off. */
export async function getLoggingConfiguration(
  voiceConnectors: VoiceConnectors,
  ref: VoiceConnectorRef,
): Promise<LoggingState> {
  const output = await voiceConnectors.send(
    connectorRead(ref, 'GetVoiceConnectorLoggingConfiguration', {
      request: GetVoiceConnectorLoggingConfigurationRequestSchema,
      response: GetVoiceConnectorLoggingConfigurationResponseSchema,
      send: (client, input) => client.send(new GetVoiceConnectorLoggingConfigurationCommand(input)),
    }),
  );
  return {
    sipLogs: output?.LoggingConfiguration?.EnableSIPLogs ?? false,
    mediaMetricLogs: output?.LoggingConfiguration?.EnableMediaMetricLogs ?? false,
  };
}
