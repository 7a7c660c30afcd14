import { GetVoiceConnectorCommand, ListTagsForResourceCommand } from '@aws-sdk/client-chime-sdk-voice';
import type { ChimeOperation } from '../chime/chime-errors';
import {
  GetVoiceConnectorRequestSchema,
  GetVoiceConnectorResponseSchema,
  ListTagsForResourceRequestSchema,
  ListTagsForResourceResponseSchema,
} from '../chime/chime-sdk-voice-schemas.generated';
import type { VoiceConnectorRef } from '../chime/voice-connector';
import { connectorRead, type VoiceConnectors } from '../chime/voice-connectors';

/**
 * The Chime calls that read a connector's tags for the approval policy: what the function that
 * files change requests is granted (see `src/operations/registry.ts`).
 */
export const CONNECTOR_TAGS_CHIME_ACTIONS: readonly ChimeOperation[] = ['GetVoiceConnector', 'ListTagsForResource'];

/**
 * A connector's AWS tags, key to value: its ARN from GetVoiceConnector, then ListTagsForResource.
 * Throws the port's {@link ChimeError} when either call fails (the caller fails closed).
 *
 * @example
 * const tags = await readConnectorTags(voiceConnectors, ref); // { Environment: 'prod' }
 */
export async function readConnectorTags(
  voiceConnectors: VoiceConnectors,
  ref: VoiceConnectorRef,
): Promise<Record<string, string>> {
  const described = await voiceConnectors.send(
    connectorRead(ref, 'GetVoiceConnector', {
      request: GetVoiceConnectorRequestSchema,
      response: GetVoiceConnectorResponseSchema,
      send: (client, input) => client.send(new GetVoiceConnectorCommand(input)),
    }),
  );
  const arn = described?.VoiceConnector?.VoiceConnectorArn;
  if (arn === undefined) throw new Error(`GetVoiceConnector gave no ARN for ${ref.voiceConnectorId}`);
  const listed = await voiceConnectors.send({
    operation: 'ListTagsForResource',
    ref,
    input: { ResourceARN: arn },
    inputSchema: ListTagsForResourceRequestSchema,
    outputSchema: ListTagsForResourceResponseSchema,
    send: (client, input) => client.send(new ListTagsForResourceCommand(input)),
  });
  return Object.fromEntries((listed?.Tags ?? []).map((tag) => [tag.Key, tag.Value]));
}
