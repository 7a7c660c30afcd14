import { PutVoiceConnectorTerminationCommand } from '@aws-sdk/client-chime-sdk-voice';
import { toTermination } from '../../chime/chime-voice-connectors';
import {
  PutVoiceConnectorTerminationRequestSchema,
  PutVoiceConnectorTerminationResponseSchema,
} from '../../chime/model-schemas';
import type { Termination, VoiceConnectorRef } from '../../chime/voice-connector';
import type { VoiceConnectors } from '../../chime/voice-connectors';
import type { TerminationSettings } from './termination-rules';

/**
 * PutVoiceConnectorTermination, once on the wire. It replaces the whole setting, so every field
 * is sent: an empty default number is left out (cleared), empty lists are sent empty.
 */
export async function putTermination(
  voiceConnectors: VoiceConnectors,
  ref: VoiceConnectorRef,
  settings: TerminationSettings,
): Promise<Termination> {
  const output = await voiceConnectors.send({
    operation: 'PutVoiceConnectorTermination',
    ref,
    write: true,
    input: {
      VoiceConnectorId: ref.voiceConnectorId,
      Termination: {
        ...(settings.cpsLimit !== undefined ? { CpsLimit: settings.cpsLimit } : {}),
        ...(settings.defaultPhoneNumber !== undefined ? { DefaultPhoneNumber: settings.defaultPhoneNumber } : {}),
        CallingRegions: settings.callingRegions,
        CidrAllowedList: settings.cidrAllowedList,
        Disabled: settings.disabled,
      },
    },
    inputSchema: PutVoiceConnectorTerminationRequestSchema,
    outputSchema: PutVoiceConnectorTerminationResponseSchema,
    send: (client, input) => client.send(new PutVoiceConnectorTerminationCommand(input)),
  });
  return toTermination(output?.Termination ?? {});
}
