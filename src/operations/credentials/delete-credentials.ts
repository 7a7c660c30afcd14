import { DeleteVoiceConnectorTerminationCredentialsCommand } from '@aws-sdk/client-chime-sdk-voice';
import { DeleteVoiceConnectorTerminationCredentialsRequestSchema } from '../../chime/model-schemas';
import type { VoiceConnectorRef } from '../../chime/voice-connector';
import type { VoiceConnectors } from '../../chime/voice-connectors';

/** DeleteVoiceConnectorTerminationCredentials, once on the wire: the usernames stop authenticating. */
export async function deleteTerminationCredentials(
  voiceConnectors: VoiceConnectors,
  ref: VoiceConnectorRef,
  usernames: readonly string[],
): Promise<void> {
  await voiceConnectors.send({
    operation: 'DeleteVoiceConnectorTerminationCredentials',
    ref,
    write: true,
    input: { VoiceConnectorId: ref.voiceConnectorId, Usernames: [...usernames] },
    inputSchema: DeleteVoiceConnectorTerminationCredentialsRequestSchema,
    send: (client, input) => client.send(new DeleteVoiceConnectorTerminationCredentialsCommand(input)),
  });
}
